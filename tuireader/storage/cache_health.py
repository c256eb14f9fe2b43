"""Telling a damaged cache from a busy one, and moving a damaged one aside.

The cache can always be rebuilt by fetching again (the user's own state lives in
library.json), so a damaged cache.sqlite3 is moved aside and a new one started, with a
message; it is never worked around. Damage is what SQLite reports as a corrupt page or a
file that is not a database, or a schema that lacks what this version of hubread made
(an empty database carrying the current schema version, a dropped table). A cache that is
only locked by another process is not damaged, and is never moved.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from tuireader.atomic_files import quarantine
from tuireader.sanitize import clean

# What every cache of the current schema holds (cache_schema.py); the FTS5 table's shadow
# tables are SQLite's own, and missing ones make every search fail.
REQUIRED_OBJECTS = frozenset(
    {
        "papers",
        "paper_sources",
        "source_state",
        "fts_state",
        "papers_fts",
        "papers_fts_data",
        "papers_fts_idx",
        "papers_fts_config",
        "papers_ad",
        "papers_folded",
    }
)
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


class CacheError(Exception):
    """The cache cannot be opened (for instance, made by a newer hubread, or locked by
    another process for longer than the busy timeout)."""


class CacheDamaged(sqlite3.DatabaseError):
    """The cache's schema lacks what this hubread made: it cannot be used as it is."""


def is_damage(exc: BaseException) -> bool:
    """True when ``exc`` says the file is damaged (not busy, full or read-only)."""
    if isinstance(exc, CacheDamaged):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    return (
        isinstance(exc, sqlite3.DatabaseError)
        and code is not None
        and (code & 0xFF) in _DAMAGE_CODES
    )


def unusable(path: Path, exc: sqlite3.DatabaseError) -> Exception:
    """What to raise for a cache that cannot be opened and must not be moved: a busy one
    gets a message naming the file; damage (a parse worker's) stays as it is."""
    if isinstance(exc, sqlite3.OperationalError) and not is_damage(exc):
        return CacheError(f"{path}: {exc} (is another hubread writing to it?)")
    return exc


def check_schema(db: sqlite3.Connection) -> None:
    """Raise ``CacheDamaged`` when tables the schema version promises are missing. Cheap
    (it reads the schema and one row), so every open does it."""
    names = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    missing = sorted(REQUIRED_OBJECTS - names)
    if missing:
        raise CacheDamaged(f"missing {', '.join(missing)}")
    if db.execute("SELECT count(*) FROM fts_state").fetchone()[0] != 1:
        raise CacheDamaged("fts_state has no row")


def quick_check(db: sqlite3.Connection) -> None:
    """SQLite's ``quick_check``: reads every page (about 0.1-0.2 s for 35,000 papers), so
    only the commands that must not trust a damaged file run it (``fetch``, ``cache``)."""
    rows = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
    if rows != ["ok"]:  # SQLite's lines, such as "Page 38: btreeInitPage() returns ..."
        raise CacheDamaged("; ".join(" ".join(row.split()) for row in rows))


def move_aside(path: Path) -> Path:
    """Quarantine a damaged cache file; its write-ahead log and index go with it (a new
    database must not pick up the old one's log). Returns where the file went."""
    moved = quarantine(path)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(moved.with_name(moved.name + suffix))
    return moved


def damage_message(path: Path, exc: BaseException, moved: Path) -> str:
    """What the user is told when the cache was moved aside."""
    return clean(
        f"{path} was damaged ({exc}); moved aside to {moved.name} and started a new cache "
        "(papers will be fetched again; stars, tags and notes are unaffected).",
        multiline=True,
    )


class _Repairable(Protocol):
    generation: int

    def _rebuild_after(self, exc: sqlite3.DatabaseError, generation: int) -> bool: ...


S = TypeVar("S", bound=_Repairable)
P = ParamSpec("P")
R = TypeVar("R")


def repairing(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """For the cache's public methods: when one reads a damaged page, the store moves the
    file aside and starts a new cache (``_rebuild_after``), and the method runs once more
    on it, so the caller gets an answer from the new cache instead of a traceback."""

    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        generation = self.generation
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if not self._rebuild_after(exc, generation):
                raise
        return method(self, *args, **kwargs)

    return wrapper
