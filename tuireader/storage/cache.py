"""``cache.sqlite3``: fetched papers, where they came from, and each source's fetch state.

stdlib sqlite3 in WAL mode. Papers are stored as their JSON record plus the columns the list
and the search need (the full-text index is ``search_index``; each source's fetch state,
``source_states``), so tens of thousands open instantly. The schema version lives in
``PRAGMA user_version``; older caches are migrated, newer ones refused. The cache can
always be rebuilt by fetching again, which is why the user's own state lives in
library.json instead.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tuireader.atomic_files import file_lock
from tuireader.model import Paper, merge_papers, utc_iso
from tuireader.sanitize import clean
from tuireader.storage import search_index, source_states
from tuireader.storage.cache_health import (
    CacheError,
    check_schema,
    damage_message,
    is_damage,
    move_aside,
    quick_check,
    repairing,
    unusable,
)
from tuireader.storage.cache_schema import SCHEMA_VERSION, migrate
from tuireader.storage.list_rows import ListItem
from tuireader.storage.paper_filter import PaperFilter, announced_later, where_clause
from tuireader.storage.paper_rows import (
    SOURCE_SEPARATOR,
    PaperRow,
    PaperRowError,
    paper_from_row,
    paper_row,
    paper_rows,
)
from tuireader.storage.read_connections import ReadConnections
from tuireader.storage.source_states import ListingMark, SourceState

__all__ = ["PAGE_SIZE", "SCHEMA_VERSION", "CacheError", "CacheStore", "SourceState", "StoreStats"]


@dataclass(frozen=True, slots=True)
class StoreStats:
    """What storing one source's papers changed."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


# A paper's row is about 2 KB (mostly its abstract), so a 4 KB page holds one and wastes
# nearly half: 16 KB pages make the file a quarter smaller and a cold fetch's writes about
# 30% cheaper. SQLite fixes the size when it creates the file (``vacuum`` converts one).
PAGE_SIZE = 16384

_PAPER_COLUMNS = "key, data, title, authors, abstract"
_CHUNK = 500  # keys per "IN (...)" lookup, well under SQLite's variable limit


class CacheStore:
    """Thread-safe access to cache.sqlite3: writes go one at a time through the writer
    connection; reads through read-only connections of their own, so they never wait
    for a write (see ``read_connections``)."""

    def __init__(
        self,
        path: Path,
        *,
        repair: bool = True,
        busy_timeout: float = 10.0,
        full_check: bool = False,
        separate_reads: bool = True,
    ) -> None:
        """Open (or create) the cache. A damaged file (``cache_health``) is moved aside
        and a new cache started, said in ``problems``; unless ``repair`` is False (a parse
        worker must never move the file its owner uses): then it raises. ``full_check``
        reads every page first; otherwise damage is found by the schema check or when a
        damaged page is read. ``busy_timeout``: how long to wait for another process's
        write. ``separate_reads=False`` reads through the writer connection under its
        lock, as hubread did before: bench/read_latency.py measures that path as its
        baseline."""
        self.path = path
        self.busy_timeout = busy_timeout
        self.repair = repair
        self.problems: list[str] = []
        self.generation = 0  # how many times the cache was rebuilt while open
        self._bad_rows: set[str] = set()  # keys of undecodable rows already reported
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()  # the writer connection, one user at a time
        # One index_pending at a time; reentrant, as a rebuild can start inside one.
        self._index_lock = threading.RLock()
        # Opened on the first read, after the writer connection has migrated the schema.
        self._readers = ReadConnections(path, busy_timeout) if separate_reads else None
        try:
            self._db = self._open(full_check=full_check)
        except sqlite3.DatabaseError as exc:
            if not (repair and is_damage(exc)):
                raise unusable(self.path, exc) from None
            self._move_aside(exc)
            self._db = self._open()

    def _move_aside(self, exc: BaseException) -> None:
        """Quarantine the damaged file and say so; the caller opens a new one."""
        message = damage_message(self.path, exc, move_aside(self.path))
        self.problems.append(message)

    def _rebuild_after(self, exc: sqlite3.DatabaseError, generation: int) -> bool:
        """A damaged page was read: move the file aside and start a new cache (with no
        source validators, so the next fetch really fetches); False when ``exc`` is not
        damage, this store must not repair, or the file cannot be moved. ``generation`` is
        the one the failed call began in: if another thread has rebuilt since, the new
        cache stays.

        SQLite must not have a database renamed while it is in use: the readers are retired
        first, the index's own connection and every writer (parse workers, a cron fetch:
        they write under ``file_lock``) are waited for, and the writer connection is closed
        before the move; if the move or the new cache fails, the writer is reopened on what
        is there, so this store never holds a closed connection."""
        if not (self.repair and is_damage(exc)):
            return False
        with self._lock, self._index_lock:
            if generation != self.generation:
                return True
            try:
                with file_lock(self.path):
                    self._replace_damaged(exc)
            except (OSError, sqlite3.Error) as failure:
                self.problems.append(
                    clean(
                        f"{self.path} is damaged ({exc}) and could not be replaced "
                        f"({failure}); it will be tried again."
                    )
                )
                return False
            self.generation += 1
        return True

    def _replace_damaged(self, exc: sqlite3.DatabaseError) -> None:
        """Move the damaged file aside and open a new one (callers hold every lock)."""
        if self._readers is not None:
            self._readers.renew()
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        try:
            self._move_aside(exc)
            self._db = self._open()
        except BaseException:
            self._db = self._plain_connection()
            raise

    def repair_damage(self, exc: BaseException, generation: int) -> bool:
        """Damage another connection found (a parse worker's, which must not repair):
        move the file aside and start anew, as this store's own reads do. ``generation``
        is the one the failed work began in, so a cache rebuilt since is left alone. False
        when ``exc`` is not damage or this store must not repair either."""
        return isinstance(exc, sqlite3.DatabaseError) and self._rebuild_after(exc, generation)

    def _plain_connection(self) -> sqlite3.Connection:
        """A connection without the schema checks: what is left when a damaged file could
        not be replaced (each use reports the damage again instead of a closed database)."""
        return sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=self.busy_timeout
        )

    def _decoded(self, rows: Iterable[tuple[str, str, str, str, str]]) -> list[Paper]:
        """The papers of ``rows``. A row that cannot be decoded is damage of that row alone:
        it is left out, reported, and removed from the cache (the next fetch of its source
        brings the paper back), so it is not reported again at every read or run."""
        papers: list[Paper] = []
        bad: list[tuple[str, str, PaperRowError]] = []
        for row in rows:
            try:
                papers.append(paper_from_row(*row))
            except PaperRowError as exc:
                bad.append((row[0], row[1], exc))
        for key, data, error in bad:
            self._drop_bad_row(key, data, error)
        return papers

    def _drop_bad_row(self, key: str, data: str, exc: PaperRowError) -> None:
        with self._lock:
            if key in self._bad_rows:
                return
            self._bad_rows.add(key)
        outcome = "left out"
        if self.repair:  # a parse worker leaves the owner's file as it is
            try:
                with self._transaction() as db:
                    db.execute("DELETE FROM papers WHERE key = ? AND data = ?", (key, data))
                outcome = "removed from the cache"
            except sqlite3.Error as failure:
                outcome = f"left out (it could not be removed: {failure})"
        self.problems.append(
            clean(
                f"{self.path}: {exc}; {outcome}. The next fetch of its source brings it back "
                "(stars, tags and notes are unaffected)."
            )
        )

    def _open(self, *, full_check: bool = False) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=self.busy_timeout
        )
        search_index.register_functions(db)
        try:
            db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # takes effect on a new file only
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA cache_size=-65536")  # 64 MiB: index inserts stay in memory
            db.execute("PRAGMA temp_store=MEMORY")
            db.execute("PRAGMA foreign_keys=ON")
            migrate(db, self.path)
            check_schema(db)
            if full_check:
                quick_check(db)
        except BaseException:
            db.close()
            raise
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:  # SQLite may have rolled back already
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for one read that no other thread uses meanwhile."""
        if self._readers is None:
            with self._lock:
                yield self._db
        else:
            with self._readers.borrowed() as db:
                yield db

    def close(self) -> None:
        """Close every connection, the readers first: the writer, closing last, folds the
        write-ahead log back into the file."""
        if self._readers is not None:
            self._readers.close()
        with self._lock:
            self._db.close()

    # ----------------------------------------------------------------- papers
    @repairing
    def store_papers(
        self, source: str, papers: Iterable[Paper], now: datetime | None = None
    ) -> StoreStats:
        """Merge one source's papers into the cache in a single transaction, with no fetch
        recorded: the seam tests and benchmarks fill a cache through (``now`` ages them)."""
        with self._transaction() as db:
            return self._merge_in(db, source, paper_rows(papers), utc_iso(now or datetime.now(UTC)))

    @repairing
    def store_fetch(
        self,
        source: str,
        rows: Sequence[PaperRow],
        *,
        etag: str | None,
        last_modified: str | None,
        body_hash: str | None,
        listing: ListingMark | None = None,
        now: datetime | None = None,
    ) -> StoreStats:
        """A successful fetch: its papers (as ``paper_rows``), validators and listing mark,
        one transaction."""
        moment = now or datetime.now(UTC)
        with self._transaction() as db:
            stats = self._merge_in(db, source, rows, utc_iso(moment))
            source_states.write_success(db, source, etag, last_modified, body_hash, moment, listing)
        return stats

    def _merge_in(
        self, db: sqlite3.Connection, source: str, rows: Sequence[PaperRow], stamp: str | None
    ) -> StoreStats:
        """Batched: one lookup per chunk of keys, then executemany for each kind of write.

        New papers get ids assigned here (we hold the write lock). They are not indexed for
        search yet (``index_pending`` does that); a changed paper that already is gets its
        index entry replaced now.
        """
        existing: dict[str, tuple[int, str, str, str, str]] = {}
        keys = [row[0] for row in rows]
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, *rest in db.execute(
                "SELECT key, id, data, title, authors, abstract FROM papers "
                f"WHERE key IN ({marks})",
                chunk,
            ):
                existing[key] = tuple(rest)
        # New papers wait for index_pending; an id at or below indexed_upto would be taken
        # for an indexed one, so ids are never reused there even when the newest were purged.
        indexed_upto = search_index.indexed_upto(db)
        top = db.execute("SELECT coalesce(max(id), 0) FROM papers").fetchone()[0]
        next_id = max(int(top), indexed_upto) + 1
        inserts, updates, touches = [], [], []
        fts_deletes: list[search_index.IndexEntry] = []
        fts_inserts: list[search_index.IndexEntry] = []
        for row in rows:
            key, data, title, authors, abstract = row[:5]
            found = existing.get(key)
            if found is None:
                inserts.append((next_id, *row, stamp, stamp, stamp))
                next_id += 1
                continue
            paper_id, old_data, old_title, old_authors, old_abstract = found
            try:
                old: Paper | None = paper_from_row(
                    key, old_data, old_title, old_authors, old_abstract
                )
            except PaperRowError:
                old = None  # an undecodable row: the new sighting replaces it whole
            new = paper_from_row(key, data, title, authors, abstract)
            merged = new if old is None else merge_papers(old, new)
            if merged == old and old is not None and merged.extra == old.extra:
                touches.append((stamp, paper_id))
                continue
            new_row = paper_row(merged)
            _, _, new_title, new_authors, new_abstract = new_row[:5]
            announced_again = old is None or announced_later(merged, old)
            updates.append((*new_row[1:], stamp, stamp if announced_again else None, paper_id))
            if paper_id <= indexed_upto and (new_title, new_authors, new_abstract) != (
                old_title,
                old_authors,
                old_abstract,
            ):
                fts_deletes.append((paper_id, old_title, old_authors, old_abstract))
                fts_inserts.append((paper_id, new_title, new_authors, new_abstract))
        db.executemany(
            "INSERT INTO papers (id, key, data, title, authors, abstract, date, upvotes, "
            "sources, announce_type, category, journal, first_seen, last_seen, announced_seen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        db.executemany(
            "UPDATE papers SET data = ?, title = ?, authors = ?, abstract = ?, date = ?, "
            "upvotes = ?, sources = ?, announce_type = ?, category = ?, journal = ?, "
            "last_seen = ?, announced_seen = coalesce(?, announced_seen) WHERE id = ?",
            updates,
        )
        db.executemany("UPDATE papers SET last_seen = ? WHERE id = ?", touches)
        search_index.replace_entries(db, fts_deletes, fts_inserts)
        db.executemany(
            "INSERT OR IGNORE INTO paper_sources VALUES (?, ?)", [(key, source) for key in keys]
        )
        return StoreStats(len(inserts), len(updates), len(touches))

    @repairing
    def papers(self, source: str | None = None) -> list[Paper]:
        """Cached papers, newest first; only ``source``'s when given."""
        with self._reading() as db:
            if source is None:
                rows = db.execute(
                    f"SELECT {_PAPER_COLUMNS} FROM papers ORDER BY date DESC, id"
                ).fetchall()
            else:
                rows = db.execute(
                    f"SELECT {_PAPER_COLUMNS} FROM papers WHERE key IN "
                    "(SELECT key FROM paper_sources WHERE source = ?) ORDER BY date DESC, id",
                    (source,),
                ).fetchall()
        return self._decoded(rows)

    @repairing
    def list_items(self, limit: int | None = None) -> list[ListItem]:
        """Papers as light list rows, newest first, papers of one date in the order they
        were first seen (a listing's own order); the newest ``limit`` when given."""
        # The first author is what precedes the first separator; the count is one more
        # than the separators (none for an empty list).
        sql = (
            "SELECT key, title, coalesce(date, ''), sources, announce_type, upvotes, "
            "category, journal, id, "
            "substr(authors, 1, instr(authors || char(10), char(10)) - 1), "
            "CASE WHEN authors = '' THEN 0 "
            "ELSE length(authors) - length(replace(authors, char(10), '')) + 1 END "
            "FROM papers ORDER BY date DESC, id"
        )
        with self._reading() as db:
            if limit is None:
                rows = db.execute(sql).fetchall()
            else:
                rows = db.execute(sql + " LIMIT ?", (limit,)).fetchall()
        split = SOURCE_SEPARATOR
        # The columns after sources are ListItem's remaining fields, in order.
        return [
            ListItem(key, title, date, tuple(sources.split(split)) if sources else (), *rest)
            for key, title, date, sources, *rest in rows
        ]

    @repairing
    def ids_where(self, selection: PaperFilter) -> set[int]:
        """Row ids of the papers ``selection`` takes (a date view, a saved search): the
        reader picks them out of the list items it holds, so no row is read twice."""
        clause = where_clause(selection)
        if clause is None:
            return set()
        where, params = clause
        if selection.search:
            self._index_for_search()
        with self._reading() as db:
            return {
                rowid for (rowid,) in db.execute(f"SELECT id FROM papers WHERE {where}", params)
            }

    @repairing
    def papers_by_keys(self, keys: Sequence[str]) -> dict[str, Paper]:
        """The cached papers among ``keys``."""
        found: dict[str, Paper] = {}
        with self._reading() as db:
            for i in range(0, len(keys), _CHUNK):
                chunk = list(keys[i : i + _CHUNK])
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT {_PAPER_COLUMNS} FROM papers WHERE key IN ({marks})", chunk
                ).fetchall()
                found.update((paper.key, paper) for paper in self._decoded(rows))
        return found

    @repairing
    def papers_where(self, selection: PaperFilter) -> list[Paper]:
        """The cached papers ``selection`` takes, newest first; only they are decoded."""
        clause = where_clause(selection)
        if clause is None:
            return []
        where, params = clause
        if selection.search:
            self._index_for_search()
        with self._reading() as db:
            rows = db.execute(
                f"SELECT {_PAPER_COLUMNS} FROM papers WHERE {where} ORDER BY date DESC, id", params
            ).fetchall()
        return self._decoded(rows)

    @repairing
    def cached_keys(self, keys: Collection[str]) -> set[str]:
        """Which of ``keys`` the cache holds (a starred paper may have been purged)."""
        clause = where_clause(PaperFilter(keys=keys))
        if clause is None:
            return set()
        where, params = clause
        with self._reading() as db:
            return {key for (key,) in db.execute(f"SELECT key FROM papers WHERE {where}", params)}

    @repairing
    def paper(self, key: str) -> Paper | None:
        """One paper: the reader's highlight, which never waits for a merge."""
        with self._reading() as db:
            row = db.execute(
                f"SELECT {_PAPER_COLUMNS} FROM papers WHERE key = ?", (key,)
            ).fetchone()
        papers = self._decoded([row]) if row else []
        return papers[0] if papers else None

    @repairing
    def count(self, source: str | None = None) -> int:
        with self._reading() as db:
            if source is None:
                return int(db.execute("SELECT count(*) FROM papers").fetchone()[0])
            return int(
                db.execute(
                    "SELECT count(*) FROM paper_sources WHERE source = ?", (source,)
                ).fetchone()[0]
            )

    # ----------------------------------------------------------------- search
    @repairing
    def index_pending(self) -> int:
        """Add the papers stored since the last call to the full-text index; how many
        (see ``search_index``). It writes through a connection of its own, so the reads of
        other threads do not wait for it."""
        with self._index_lock:
            if not self.pending_index_count():
                return 0
            db = self._open()
            try:
                # It reads every new paper once: a big page cache would only grow the
                # reader's memory.
                db.execute("PRAGMA cache_size=-8192")
                return search_index.index_new_papers(db)
            finally:
                db.close()

    @repairing
    def pending_index_count(self) -> int:
        """Papers stored but not yet in the full-text index."""
        with self._reading() as db:
            return search_index.pending_count(db)

    def _index_for_search(self) -> None:
        """Bring the index up to date before a search; when the cache is locked for longer
        than the busy timeout (another process writing), search what is indexed."""
        with contextlib.suppress(sqlite3.OperationalError):
            self.index_pending()

    @repairing
    def search_ids(self, text: str) -> set[int]:
        """Row ids of every paper matching ``text`` (each word; the last as a prefix).

        Unranked on purpose: fetching matches is fast even when a one-letter prefix matches
        everything, while ranking 35,000 matches is not; the list shows them newest first.
        """
        query = search_index.fts_query(text)
        if not query:
            return set()
        self._index_for_search()
        with self._reading() as db:
            return search_index.matching_ids(db, query)

    @repairing
    def search(self, text: str, limit: int = 5000) -> list[str]:
        """Keys of papers whose title, authors or abstract match ``text``, best first."""
        query = search_index.fts_query(text)
        if not query:
            return []
        self._index_for_search()
        with self._reading() as db:
            return search_index.matching_keys(db, query, limit)

    @repairing
    def purge(
        self, retention_days: int, keep: Iterable[str] = (), now: datetime | None = None
    ) -> int:
        """Drop papers not seen for ``retention_days``, except the keys in ``keep``."""
        cutoff = utc_iso((now or datetime.now(UTC)) - timedelta(days=retention_days))
        keep_set = set(keep)
        with self._transaction() as db:
            rows = db.execute(
                "SELECT id, key FROM papers WHERE last_seen < ?", (cutoff,)
            ).fetchall()
            doomed = [(pid,) for pid, key in rows if key not in keep_set]
            db.executemany("DELETE FROM papers WHERE id = ?", doomed)
        return len(doomed)

    @repairing
    def vacuum(self) -> None:
        """Merge the full-text index, rebuild the file compactly, and fold the write-ahead
        log back into it (VACUUM writes the whole new database through the log first).

        A cache made with another page size (by an earlier build) is rebuilt with
        ``PAGE_SIZE``, which SQLite only allows outside WAL mode; when another process has
        the cache open that is not possible, and the file keeps its page size this time.
        """
        with self._lock:
            self.index_pending()
            db = self._db
            db.execute("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')")
            if db.execute("PRAGMA page_size").fetchone()[0] != PAGE_SIZE:
                if self._readers is not None:
                    self._readers.close_idle()
                with contextlib.suppress(sqlite3.OperationalError):
                    if db.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete":
                        db.execute(f"PRAGMA page_size={PAGE_SIZE}")
            db.execute("VACUUM")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ----------------------------------------------------------------- source state
    @repairing
    def source_state(self, name: str) -> SourceState:
        with self._reading() as db:
            return source_states.read_state(db, name)

    @repairing
    def all_source_states(self) -> dict[str, SourceState]:
        with self._reading() as db:
            return source_states.read_all(db)

    @repairing
    def record_success(
        self,
        name: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        body_hash: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """Remember a successful fetch and the validators for the next conditional GET."""
        with self._transaction() as db:
            source_states.write_success(
                db, name, etag, last_modified, body_hash, now or datetime.now(UTC)
            )

    @repairing
    def record_error(self, name: str, message: str, now: datetime | None = None) -> None:
        with self._transaction() as db:
            source_states.write_error(db, name, message, now or datetime.now(UTC))
