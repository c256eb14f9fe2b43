"""The cache's SQLite schema, its version, and the migrations between versions.

``MIGRATIONS[n]`` takes a cache from ``PRAGMA user_version`` n to n + 1. Papers keep their
big text (title, authors, abstract) in columns that the FTS5 index reads, and the fields the
paper list shows in columns of their own, so listing 35,000 papers decodes no JSON.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from tuireader.storage.cache_health import CacheError

SCHEMA_VERSION = 8

_SCHEMA_V1 = """
CREATE TABLE papers (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL,
    title TEXT NOT NULL,
    authors TEXT NOT NULL,
    abstract TEXT NOT NULL,
    date TEXT,
    upvotes INTEGER,
    sources TEXT NOT NULL DEFAULT '',
    announce_type TEXT,
    category TEXT,
    journal TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE paper_sources (
    key TEXT NOT NULL REFERENCES papers(key) ON DELETE CASCADE,
    source TEXT NOT NULL,
    PRIMARY KEY (key, source)
) WITHOUT ROWID;
CREATE INDEX paper_sources_source ON paper_sources(source);
CREATE TABLE source_state (
    name TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    last_attempt TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT
);
CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, authors, abstract,
    content='papers', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
-- Inserts and updates index FTS in batches from paper_merge.merge_rows (a per-row trigger
-- costs twice as much); deletes, which come from purges, use this trigger.
CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, authors, abstract)
    VALUES ('delete', old.id, old.title, old.authors, old.abstract);
END;
"""

# v2: the full-text index keeps which papers hold a word, not where (detail=none). It is
# a third of the indexing work of a fetch smaller, and searching never needed positions:
# queries are words that must all appear (see search_index.fts_query). An index on last_seen
# lets the purge after every refresh skip reading the whole table, and one on date gives
# the reader its first page of newest papers without sorting the whole cache.
_FTS_V2 = """
DROP TABLE papers_fts;
CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, authors, abstract,
    content='papers', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
    detail=none
);
INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');
CREATE INDEX papers_last_seen ON papers(last_seen);
CREATE INDEX papers_date ON papers(date DESC, id);
"""

# v3: papers are indexed for search when somebody searches, not while a fetch stores them
# (indexing was a fifth of a cold fetch's work; see store/search_index.py).
# ``indexed_upto`` is the highest papers.id in the index: every paper up to it is indexed,
# none above. Ids are never reused below it (paper_merge.merge_rows), and only indexed papers
# have index entries to delete.
_DEFERRED_FTS_V3 = """
CREATE TABLE fts_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_upto INTEGER NOT NULL
);
INSERT INTO fts_state VALUES (1, (SELECT coalesce(max(id), 0) FROM papers));
DROP TRIGGER papers_ad;
CREATE TRIGGER papers_ad AFTER DELETE ON papers
WHEN old.id <= (SELECT indexed_upto FROM fts_state) BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, authors, abstract)
    VALUES ('delete', old.id, old.title, old.authors, old.abstract);
END;
"""

# v4: the index holds folded text (search_index.fold: "moller" finds "Møller"), read through
# a view, so FTS5's own integrity check still compares it with the papers. An old index
# was built from unfolded text: it is dropped, and every paper counts as not yet indexed
# (the reader or the next search indexes them; the migration itself stays quick).
_FOLDED_FTS_V4 = """
DROP TRIGGER papers_ad;
DROP TABLE papers_fts;
CREATE VIEW papers_folded AS
    SELECT id, fold(title) AS title, fold(authors) AS authors, fold(abstract) AS abstract
    FROM papers;
CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, authors, abstract,
    content='papers_folded', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
    detail=none
);
UPDATE fts_state SET indexed_upto = 0;
CREATE TRIGGER papers_ad AFTER DELETE ON papers
WHEN old.id <= (SELECT indexed_upto FROM fts_state) BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, authors, abstract)
    VALUES ('delete', old.id, fold(old.title), fold(old.authors), fold(old.abstract));
END;
"""

# v5: the fold table is tuireader/folding.py's, shared with the radar, which also spells
# ħ as h: an index folded by v4's table is emptied and every paper counts as not yet indexed
# (an external-content index is emptied with 'delete-all'; nothing else changes).
_REFOLDED_FTS_V5 = """
INSERT INTO papers_fts(papers_fts) VALUES ('delete-all');
UPDATE fts_state SET indexed_upto = 0;
"""

# v6: a source's listing mark (source_states.ListingMark): the newest id of its last
# listing that was not stale and the address it was read from, and the warning of its last
# fetch (a stale listing). Old states have none: their next fetch sets the mark.
_LISTING_MARK_V6 = """
ALTER TABLE source_state ADD COLUMN newest_id TEXT;
ALTER TABLE source_state ADD COLUMN newest_address TEXT;
ALTER TABLE source_state ADD COLUMN warning TEXT;
"""

# v7: the index also holds the words the reader sees where LaTeX is shown rendered
# (search_index.fold, tuireader/latex_search.py: "Erdős" finds ``Erd{\H o}s``). An index
# folded without them is emptied, as in v5, and rebuilt once by the next indexing; its
# entries could not be deleted with the new spelling. ``spelling`` is the
# latex_search.spelling_stamp the index was built with: when pylatexenc or the rules
# change, the next indexing empties and rebuilds it the same way (no migration needed).
_SHOWN_WORDS_FTS_V7 = """
INSERT INTO papers_fts(papers_fts) VALUES ('delete-all');
ALTER TABLE fts_state ADD COLUMN spelling TEXT NOT NULL DEFAULT '';
UPDATE fts_state SET indexed_upto = 0;
"""

# v8: when this cache first saw a paper's newest announcement (a new version listed again,
# see Paper.announced), for Since last visit: first_seen is the first sighting ever. Until
# a paper is announced again, that is its first sighting.
_ANNOUNCED_SEEN_V8 = """
ALTER TABLE papers ADD COLUMN announced_seen TEXT;
UPDATE papers SET announced_seen = first_seen;
"""

MIGRATIONS: dict[int, str] = {
    0: _SCHEMA_V1,
    1: _FTS_V2,
    2: _DEFERRED_FTS_V3,
    3: _FOLDED_FTS_V4,
    4: _REFOLDED_FTS_V5,
    5: _LISTING_MARK_V6,
    6: _SHOWN_WORDS_FTS_V7,
    7: _ANNOUNCED_SEEN_V8,
}


def statements(script: str) -> Iterator[str]:
    """Split an SQL script into complete statements (trigger bodies stay whole)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the cache at ``path`` to ``SCHEMA_VERSION``; refuse one made by a newer hubread.

    Each step and its version bump are one transaction (executescript() would commit on its
    own), and the version is read again inside it: another process opening the same cache
    may have migrated it meanwhile.
    """
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise CacheError(
            f"{path} was made by a newer hubread (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade hubread or use another --data-dir"
        )
    while version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                for statement in statements(MIGRATIONS[version]):
                    db.execute(statement)
                version += 1
                db.execute(f"PRAGMA user_version={version}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
