"""The cache's full-text index (FTS5 over title, authors and abstract): what it holds, how
it catches up with the papers, and how user text becomes a query.

A fetch stores papers without indexing them: tokenizing 35,000 abstracts was a fifth of a
cold fetch's work, and a cron fetch may never be searched before the next one. Every paper
up to ``fts_state.indexed_upto`` is indexed and none above it (cache schema v3);
``index_new_papers`` indexes the rest. The reader calls it in the background once its list
is loaded, and every search calls it first, so a search never misses a paper. These
functions take a connection; ``CacheStore`` decides which one and holds the locks.

Accents and case don't matter: FTS5's tokenizer folds case and the accents that Unicode
decomposes (é, ñ, ü), and ``fold`` the letters it does not (ø, æ, ß, ł, ...: the table of
tuireader/folding.py, which the radar uses too). The index holds
folded text (cache schema v4: it reads the ``papers_folded`` view, whose ``fold`` SQL function
every connection of the cache registers) and every query is folded the same way.

The reader shows LaTeX rendered (``$\\alpha$``-stable as α-stable), so the index also holds
the words so shown that the source lacks (cache schema v7, tuireader/latex_search.py):
"α-stable", "Erdős" and "erdos" find what "alpha" and the source's own words still find.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from tuireader.folding import fold_letters
from tuireader.latex_search import extra_words, spelling_stamp

# What the unicode61 tokenizer keeps as token characters (letters and digits); everything
# else separates tokens.
_TOKEN_RE = re.compile(r"[^\W_]+")

IndexEntry = tuple[int, str, str, str]  # rowid, title, authors, abstract


def fold(text: str | None) -> str | None:
    """A paper's text as the index holds it: the letters the tokenizer cannot fold spelled
    the way it can, and the words the reader sees where LaTeX shows them otherwise
    (``Erd{\\H o}s`` also as Erdős, ``$\\alpha$`` also as α) after the source's own."""
    if text is None:
        return None
    extra = extra_words(text)
    return (
        fold_letters(text) + "\n" + fold_letters(" ".join(extra)) if extra else fold_letters(text)
    )


def register_functions(db: sqlite3.Connection) -> None:
    """``fold`` for SQL: the index's view and delete trigger call it."""
    db.create_function("fold", 1, fold, deterministic=True)


def fts_query(text: str) -> str:
    """User text -> an FTS5 query: every token must match, the last one as a prefix.

    The text is split the way the index was (so "GPT-4" is "gpt" and "4"); each token is
    quoted, which makes FTS5 syntax in user input inert. The last one may still be being
    typed, so it matches as a prefix.
    """
    tokens = _TOKEN_RE.findall(fold_letters(text))
    if not tokens:
        return ""
    terms = [f'"{t}"' for t in tokens]
    terms[-1] += "*"
    return " ".join(terms)


def indexed_upto(db: sqlite3.Connection) -> int:
    """The highest paper id in the index: the ones above it are not indexed yet."""
    return int(db.execute("SELECT indexed_upto FROM fts_state").fetchone()[0])


def pending_count(db: sqlite3.Connection) -> int:
    """Papers stored but not yet in the full-text index (all of them, when the index was
    spelled otherwise and will be rebuilt)."""
    return int(
        db.execute(
            "SELECT count(*) FROM papers WHERE id > (SELECT CASE WHEN spelling = ? "
            "THEN indexed_upto ELSE 0 END FROM fts_state)",
            (spelling_stamp(),),
        ).fetchone()[0]
    )


def index_new_papers(db: sqlite3.Connection) -> int:
    """Index every paper above ``indexed_upto`` in one transaction; how many. An index
    spelled with other rules or another pylatexenc (``latex_search.spelling_stamp``) is
    emptied first and built again: its entries could not be deleted with these words."""
    stamp = spelling_stamp()
    db.execute("BEGIN IMMEDIATE")
    try:
        upto, top, spelled = db.execute(
            "SELECT indexed_upto, (SELECT coalesce(max(id), 0) FROM papers), spelling "
            "FROM fts_state"
        ).fetchone()
        if spelled != stamp:
            db.execute("INSERT INTO papers_fts(papers_fts) VALUES ('delete-all')")
            db.execute("UPDATE fts_state SET spelling = ?", (stamp,))
            upto = 0
        added = db.execute(
            "INSERT INTO papers_fts(rowid, title, authors, abstract) "
            "SELECT id, title, authors, abstract FROM papers_folded WHERE id > ? AND id <= ?",
            (upto, top),
        ).rowcount
        db.execute("UPDATE fts_state SET indexed_upto = ?", (max(upto, top),))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return max(0, added)


def replace_entries(
    db: sqlite3.Connection, old: Sequence[IndexEntry], new: Sequence[IndexEntry]
) -> None:
    """Swap the index entries of indexed papers whose text changed (inside the caller's
    transaction). An external-content FTS5 table must be told the old text to delete."""
    db.executemany(
        "INSERT INTO papers_fts(papers_fts, rowid, title, authors, abstract) "
        "VALUES ('delete', ?, fold(?), fold(?), fold(?))",
        old,
    )
    db.executemany(
        "INSERT INTO papers_fts(rowid, title, authors, abstract) "
        "VALUES (?, fold(?), fold(?), fold(?))",
        new,
    )


def matching_ids(db: sqlite3.Connection, query: str) -> set[int]:
    """Row ids of the papers matching an ``fts_query``, unranked."""
    return {
        rowid
        for (rowid,) in db.execute(
            "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?", (query,)
        )
    }


def matching_keys(db: sqlite3.Connection, query: str, limit: int) -> list[str]:
    """Keys of the papers matching an ``fts_query``, best match first."""
    return [
        key
        for (key,) in db.execute(
            "SELECT p.key FROM papers_fts f JOIN papers p ON p.id = f.rowid "
            "WHERE papers_fts MATCH ? ORDER BY f.rank LIMIT ?",
            (query, limit),
        )
    ]
