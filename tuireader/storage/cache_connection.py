"""Opening ``cache.sqlite3``: the pragmas every connection of the cache's writer needs.

Apart from ``cache`` so that the store keeps to its locks and repair, while how a
connection is set up (page size, WAL, the search functions, the schema checks) is read
in one place.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tuireader.storage import search_index
from tuireader.storage.cache_health import check_schema, quick_check
from tuireader.storage.cache_schema import migrate

# A paper's row is about 2 KB (mostly its abstract), so a 4 KB page holds one and wastes
# nearly half: 16 KB pages make the file a quarter smaller and a cold fetch's writes about
# 30% cheaper. SQLite fixes the size when it creates the file (``vacuum`` converts one).
PAGE_SIZE = 16384


def open_cache(path: Path, busy_timeout: float, *, full_check: bool = False) -> sqlite3.Connection:
    """A writer connection: WAL, the schema migrated and checked (every page read first
    with ``full_check``); ``sqlite3.DatabaseError`` when the file is damaged."""
    db = plain_connection(path, busy_timeout)
    search_index.register_functions(db)
    try:
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # takes effect on a new file only
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-65536")  # 64 MiB: index inserts stay in memory
        db.execute("PRAGMA temp_store=MEMORY")
        db.execute("PRAGMA foreign_keys=ON")
        migrate(db, path)
        check_schema(db)
        if full_check:
            quick_check(db)
    except BaseException:
        db.close()
        raise
    return db


def plain_connection(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection without the schema checks: what is left when a damaged file could
    not be replaced (each use reports the damage again instead of a closed database)."""
    return sqlite3.connect(
        path, check_same_thread=False, isolation_level=None, timeout=busy_timeout
    )


def compact(db: sqlite3.Connection, close_idle_readers: Callable[[], None]) -> None:
    """Merge the full-text index, rebuild the file, fold the write-ahead log back in; a
    file of another page size is converted when no other process has it open (SQLite
    changes it only outside WAL mode, so the store's idle readers are closed first)."""
    db.execute("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')")
    if db.execute("PRAGMA page_size").fetchone()[0] != PAGE_SIZE:
        close_idle_readers()
        with contextlib.suppress(sqlite3.OperationalError):
            if db.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete":
                db.execute(f"PRAGMA page_size={PAGE_SIZE}")
    db.execute("VACUUM")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
