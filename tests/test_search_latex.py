r"""A search finds what the reader shows as well as what the source says.

Titles and abstracts are shown with their LaTeX rendered (``$\alpha$``-stable as α-stable,
``Erd{\H o}s`` as Erdős); the index holds the words so shown beside the source's own.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tuireader.folding import fold
from tuireader.kinds import parse_feed
from tuireader.latex_search import extra_words, shown_spelling
from tuireader.latex_text import render_latex
from tuireader.model import Paper
from tuireader.storage import search_index
from tuireader.storage.cache import CacheStore

ROOT = Path(__file__).resolve().parents[1]
PAPERS = [
    Paper(key="url:a", title=r"$\alpha$-stable laws on Erd{\H o}s--R\'enyi graphs"),
    Paper(
        key="url:b",
        title="Transport",
        abstract=r"Bounds by Pi\v{z}urica and S{\o}gaard, $\ell_1$ norms, $\epsilon \to 0$",
    ),
    Paper(key="url:c", title="Alpha and Erdos, written plainly"),
]


def _consistent(path: Path) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    search_index.register_functions(db)
    try:
        db.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        db.close()


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("α-stable", ["url:a"]),  # as shown
        ("alpha", ["url:a", "url:c"]),  # as written in the source, and plain text
        ("Erdős", ["url:a", "url:c"]),
        ("erdos", ["url:a", "url:c"]),  # accents folded
        ("Erdő", ["url:a", "url:c"]),  # the last word is a prefix
        ("Rényi graphs", ["url:a"]),
        ("renyi", ["url:a"]),
        ("Pižurica", ["url:b"]),
        ("pizurica", ["url:b"]),
        ("Søgaard", ["url:b"]),
        ("sogaard", ["url:b"]),
        ("ℓ norms", ["url:b"]),
        ("ε → 0", ["url:b"]),
        ("epsilon", ["url:b"]),
        ("stable laws", ["url:a"]),
    ],
)
def test_search_finds_the_shown_and_the_written_words(
    tmp_path: Path, query: str, keys: list[str]
) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("x", PAPERS)
    assert sorted(cache.search(query)) == keys


def test_changed_and_purged_latex_papers_keep_the_index_exact(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path)
    long_ago = datetime.now(UTC) - timedelta(days=200)
    cache.store_papers("x", [Paper(key="url:old", title=r"G{\"o}del numbering")], now=long_ago)
    cache.store_papers("x", PAPERS)
    assert cache.search("gödel") == ["url:old"]
    # An indexed paper's text changes: the old shown words go with the old entry.
    cache.store_papers("x", [Paper(key="url:a", title=r"$\beta$-stable laws")])
    assert cache.search("α") == [] and cache.search("β-stable") == ["url:a"]
    assert cache.purge(90) == 1
    assert cache.search("godel") == []
    _consistent(path)


def test_a_version_6_cache_is_indexed_again_with_the_shown_words(tmp_path: Path) -> None:
    from tuireader.storage.cache_schema import MIGRATIONS, statements

    path = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    search_index.register_functions(db)
    for version in range(6):
        for statement in statements(MIGRATIONS[version]):
            db.execute(statement)
    db.execute("PRAGMA user_version=6")
    title = r"Erd{\H o}s graphs"
    db.execute(
        "INSERT INTO papers (id, key, data, title, authors, abstract, first_seen, "
        "last_seen) VALUES (4, 'url:a', '{}', ?, '', '', '2026-11-20', '2026-11-20')",
        (title,),
    )
    # As v6 indexed it: the source's words only.
    db.execute(
        "INSERT INTO papers_fts(rowid, title, authors, abstract) VALUES (4, ?, '', '')", (title,)
    )
    db.execute("UPDATE fts_state SET indexed_upto = 4")
    db.close()
    cache = CacheStore(path)
    assert cache.pending_index_count() == 1  # emptied once, indexed again
    assert cache.search("erdos") == ["url:a"]
    assert cache.search("graphs") == ["url:a"]
    _consistent(path)


def test_only_the_words_the_source_lacks_are_added() -> None:
    assert extra_words(r"$\alpha$-stable laws") == ["α"]
    assert extra_words(r"Sorting in $\mathcal{O}(n\log n)$ time") == []
    assert extra_words("Plain text, 5% more") == []
    assert shown_spelling(r"\'{\i}ndice, \c{c}a, {\AA}ngstr\"om") == "índice, ça, Ångström"
    # A query is folded but never spelled: its last word stays the prefix.
    assert search_index.fts_query(r"Erd{\H o}s") == '"Erd" "H" "o" "s"*'


_TOKEN_RE = re.compile(r"[^\W_]+")


def _words(text: str) -> set[str]:
    """The words as the tokenizer matches them: case, accents and ø-like letters folded."""
    return set(_TOKEN_RE.findall(fold(text)))


def test_every_word_the_reader_shows_of_the_fixtures_is_indexed() -> None:
    """The quick spelling agrees with the rendering on the arXiv fixtures' texts: every
    shown word is among the indexed ones, except those with characters that have no
    plain form the user would type (𝒪, n², ℓ₁ are searched as O, n 2, ℓ 1)."""
    feeds = [
        ("arxiv-rss-multi.xml", "arxiv"),
        ("arxiv-api-legacy.atom", "arxiv-query"),
        ("arxiv-api-2026.atom", "arxiv-query"),
    ]
    papers = [
        p
        for name, kind in feeds
        for p in parse_feed(kind, (ROOT / "tests/fixtures/feeds" / name).read_bytes(), "t")
    ]
    texts = [t for p in papers for t in (p.title, p.abstract)] + [
        paper.title + " " + paper.abstract for paper in PAPERS
    ]
    assert any(shown_spelling(t) for t in texts)
    for text in texts:
        indexed = _words(search_index.fold(text) or "")
        for word in _TOKEN_RE.findall(render_latex(text)):
            if unicodedata.normalize("NFKC", word) == word:
                assert fold(word) in indexed, (word, text)


def test_an_index_spelled_by_another_pylatexenc_is_rebuilt(tmp_path: Path) -> None:
    """The index must be deleted from with the words it was built with: when the spelling
    changes (another pylatexenc, new rules), the next indexing starts it again."""
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path)
    cache.store_papers("x", PAPERS)
    assert cache.index_pending() == len(PAPERS)
    db = sqlite3.connect(path, isolation_level=None)
    search_index.register_functions(db)
    # As another version might have spelled url:a (id 1): a word this one does not make.
    db.execute(
        "INSERT INTO papers_fts(papers_fts, rowid, title, authors, abstract) "
        "SELECT 'delete', id, title, authors, abstract FROM papers_folded WHERE id = 1"
    )
    db.execute(
        "INSERT INTO papers_fts(rowid, title, authors, abstract) "
        "SELECT id, title || ' zzotherspelling', authors, abstract FROM papers_folded "
        "WHERE id = 1"
    )
    db.execute("UPDATE fts_state SET spelling = '0 pylatexenc 2.0'")
    db.close()
    assert cache.pending_index_count() == len(PAPERS)  # all of them, again
    assert cache.search("zzotherspelling") == []
    assert cache.search("α-stable") == ["url:a"]
    assert cache.pending_index_count() == 0
    _consistent(path)
