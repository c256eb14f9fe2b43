"""``cache.sqlite3``: fetched papers, where they came from, and each source's fetch state.

stdlib sqlite3 in WAL mode. Papers are stored as their JSON record plus the columns the list
and the search need (FTS5 over title, authors and abstract, kept in sync by triggers), so
tens of thousands open instantly. The schema version lives in ``PRAGMA user_version``;
older caches are migrated, newer ones refused. The cache can always be rebuilt by fetching
again, which is why the user's own state lives in library.json instead.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tuireader.model import Paper, merge_papers
from tuireader.store.atomic import quarantine

SCHEMA_VERSION = 1

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
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX papers_date ON papers(date);
CREATE INDEX papers_last_seen ON papers(last_seen);
CREATE TABLE paper_sources (
    paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    PRIMARY KEY (paper_id, source)
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
CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN
    INSERT INTO papers_fts(rowid, title, authors, abstract)
    VALUES (new.id, new.title, new.authors, new.abstract);
END;
CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, authors, abstract)
    VALUES ('delete', old.id, old.title, old.authors, old.abstract);
END;
CREATE TRIGGER papers_au AFTER UPDATE OF title, authors, abstract ON papers BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, authors, abstract)
    VALUES ('delete', old.id, old.title, old.authors, old.abstract);
    INSERT INTO papers_fts(rowid, title, authors, abstract)
    VALUES (new.id, new.title, new.authors, new.abstract);
END;
"""

# MIGRATIONS[n] takes a cache from user_version n to n + 1.
MIGRATIONS: dict[int, str] = {0: _SCHEMA_V1}


class CacheError(Exception):
    """The cache cannot be opened (for instance, made by a newer hubread)."""


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the cache remembers about one source's last fetches."""

    name: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None

    @property
    def failing(self) -> bool:
        """True when the most recent attempt ended in an error."""
        if not self.last_error or self.last_error_at is None:
            return False
        return self.last_success is None or self.last_error_at >= self.last_success


@dataclass(frozen=True, slots=True)
class StoreStats:
    """What storing one source's papers changed."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _statements(script: str) -> Iterator[str]:
    """Split an SQL script into complete statements (trigger bodies stay whole)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""


def _fts_query(text: str) -> str:
    """User words -> an FTS5 query: every word must match, the last one as a prefix."""
    words = [w.replace('"', "") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return ""
    terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(terms)


class CacheStore:
    """Thread-safe access to cache.sqlite3 through one serialized connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            moved = quarantine(path)
            for suffix in ("-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            self.problems.append(
                f"{path} was damaged ({exc}); moved aside to {moved.name} and started a new "
                "cache (papers will be fetched again; stars, tags and notes are unaffected)."
            )
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                             timeout=10.0)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            self._migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise CacheError(
                f"{self.path} was made by a newer hubread (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade hubread or use another --data-dir"
            )
        while version < SCHEMA_VERSION:
            # executescript() would commit on its own; run statement by statement so a
            # migration and its version bump are one transaction.
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(MIGRATIONS[version]):
                    db.execute(statement)
                version += 1
                db.execute(f"PRAGMA user_version={version}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ----------------------------------------------------------------- papers
    def store_papers(self, source: str, papers: Iterable[Paper],
                     now: datetime | None = None) -> StoreStats:
        """Merge one source's papers into the cache in a single transaction."""
        with self._transaction() as db:
            return self._merge_in(db, source, papers, _iso(now or datetime.now(UTC)))

    def store_fetch(self, source: str, papers: Iterable[Paper], *, etag: str | None,
                    last_modified: str | None, body_hash: str | None,
                    now: datetime | None = None) -> StoreStats:
        """A successful fetch: its papers and its validators, in one transaction."""
        moment = now or datetime.now(UTC)
        with self._transaction() as db:
            stats = self._merge_in(db, source, papers, _iso(moment))
            self._record_success_in(db, source, etag, last_modified, body_hash, moment)
        return stats

    def _merge_in(self, db: sqlite3.Connection, source: str, papers: Iterable[Paper],
                  stamp: str | None) -> StoreStats:
        incoming: dict[str, Paper] = {}
        for paper in papers:  # duplicate guids within one feed collapse here
            old = incoming.get(paper.key)
            incoming[paper.key] = merge_papers(old, paper) if old else paper
        new = updated = unchanged = 0
        for paper in incoming.values():
            row = db.execute("SELECT id, data FROM papers WHERE key = ?",
                             (paper.key,)).fetchone()
            if row is None:
                paper_id = self._insert(db, paper, stamp)
                new += 1
            else:
                paper_id, data = row
                old = Paper.from_dict(json.loads(data))
                merged = merge_papers(old, paper)
                if merged.to_dict() == old.to_dict():
                    unchanged += 1
                    db.execute("UPDATE papers SET last_seen = ? WHERE id = ?",
                               (stamp, paper_id))
                else:
                    self._update(db, paper_id, merged, stamp)
                    updated += 1
            db.execute("INSERT OR IGNORE INTO paper_sources VALUES (?, ?)",
                       (paper_id, source))
        return StoreStats(new, updated, unchanged)

    @staticmethod
    def _columns(paper: Paper) -> tuple[str, str, str, str, str | None, int | None]:
        return (json.dumps(paper.to_dict(), ensure_ascii=False), paper.title,
                "; ".join(paper.authors), paper.abstract, _iso(paper.date), paper.upvotes)

    def _insert(self, db: sqlite3.Connection, paper: Paper, stamp: str | None) -> int:
        cursor = db.execute(
            "INSERT INTO papers (data, title, authors, abstract, date, upvotes, key, "
            "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*self._columns(paper), paper.key, stamp, stamp),
        )
        return int(cursor.lastrowid or 0)

    def _update(self, db: sqlite3.Connection, paper_id: int, paper: Paper,
                stamp: str | None) -> None:
        db.execute(
            "UPDATE papers SET data = ?, title = ?, authors = ?, abstract = ?, date = ?, "
            "upvotes = ?, last_seen = ? WHERE id = ?",
            (*self._columns(paper), stamp, paper_id),
        )

    def papers(self, source: str | None = None) -> list[Paper]:
        """Cached papers, newest first; only ``source``'s when given."""
        with self._lock:
            if source is None:
                rows = self._db.execute("SELECT data FROM papers ORDER BY date DESC").fetchall()
            else:
                rows = self._db.execute(
                    "SELECT p.data FROM papers p JOIN paper_sources s ON s.paper_id = p.id "
                    "WHERE s.source = ? ORDER BY p.date DESC", (source,)).fetchall()
        return [Paper.from_dict(json.loads(data)) for (data,) in rows]

    def paper(self, key: str) -> Paper | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM papers WHERE key = ?", (key,)).fetchone()
        return Paper.from_dict(json.loads(row[0])) if row else None

    def count(self, source: str | None = None) -> int:
        with self._lock:
            if source is None:
                return int(self._db.execute("SELECT count(*) FROM papers").fetchone()[0])
            return int(self._db.execute(
                "SELECT count(*) FROM paper_sources WHERE source = ?", (source,)).fetchone()[0])

    def search(self, text: str, limit: int = 5000) -> list[str]:
        """Keys of papers whose title, authors or abstract match ``text``, best first."""
        query = _fts_query(text)
        if not query:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT p.key FROM papers_fts f JOIN papers p ON p.id = f.rowid "
                "WHERE papers_fts MATCH ? ORDER BY f.rank LIMIT ?", (query, limit)).fetchall()
        return [key for (key,) in rows]

    def purge(self, retention_days: int, keep: Iterable[str] = (),
              now: datetime | None = None) -> int:
        """Drop papers not seen for ``retention_days``, except the keys in ``keep``."""
        cutoff = _iso((now or datetime.now(UTC)) - timedelta(days=retention_days))
        keep_set = set(keep)
        with self._transaction() as db:
            rows = db.execute("SELECT id, key FROM papers WHERE last_seen < ?",
                              (cutoff,)).fetchall()
            doomed = [(pid,) for pid, key in rows if key not in keep_set]
            db.executemany("DELETE FROM papers WHERE id = ?", doomed)
        return len(doomed)

    def vacuum(self) -> None:
        with self._lock:
            self._db.execute("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')")
            self._db.execute("VACUUM")

    # ----------------------------------------------------------------- source state
    def source_state(self, name: str) -> SourceState:
        with self._lock:
            row = self._db.execute(
                "SELECT etag, last_modified, body_hash, last_attempt, last_success, "
                "last_error, last_error_at FROM source_state WHERE name = ?", (name,)).fetchone()
        if row is None:
            return SourceState(name)
        etag, modified, body_hash, attempt, success, error, error_at = row
        return SourceState(name, etag, modified, body_hash, _dt(attempt), _dt(success), error,
                           _dt(error_at))

    def record_success(self, name: str, *, etag: str | None = None,
                       last_modified: str | None = None, body_hash: str | None = None,
                       now: datetime | None = None) -> None:
        """Remember a successful fetch and the validators for the next conditional GET."""
        with self._transaction() as db:
            self._record_success_in(db, name, etag, last_modified, body_hash,
                                    now or datetime.now(UTC))

    @staticmethod
    def _record_success_in(db: sqlite3.Connection, name: str, etag: str | None,
                           last_modified: str | None, body_hash: str | None,
                           moment: datetime) -> None:
        stamp = _iso(moment)
        db.execute(
            "INSERT INTO source_state (name, etag, last_modified, body_hash, last_attempt, "
            "last_success) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
            "body_hash = coalesce(excluded.body_hash, body_hash), "
            "last_attempt = excluded.last_attempt, last_success = excluded.last_success",
            (name, etag, last_modified, body_hash, stamp, stamp))

    def record_error(self, name: str, message: str, now: datetime | None = None) -> None:
        stamp = _iso(now or datetime.now(UTC))
        with self._transaction() as db:
            db.execute(
                "INSERT INTO source_state (name, last_attempt, last_error, last_error_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                "last_attempt = excluded.last_attempt, last_error = excluded.last_error, "
                "last_error_at = excluded.last_error_at", (name, stamp, message, stamp))

    def all_source_states(self) -> dict[str, SourceState]:
        with self._lock:
            names = [n for (n,) in self._db.execute("SELECT name FROM source_state")]
        return {name: self.source_state(name) for name in names}
