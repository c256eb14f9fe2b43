"""The SQL of the cache's reads (and its purge), as functions of one connection.

Apart from ``cache`` so that ``CacheStore`` holds only what needs its state (connections,
locks, repair, the decoding of rows), while the queries the list, the views and the
search run are read together here. Rows come back raw: the store decodes them, as an
undecodable row is damage it reports.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from tuireader.storage.list_rows import ListItem
from tuireader.storage.paper_rows import SOURCE_SEPARATOR

PaperColumns = tuple[str, str, str, str, str]  # what ``paper_from_row`` decodes

PAPER_COLUMNS = "key, data, title, authors, abstract"
KEY_CHUNK = 500  # keys per "IN (...)" lookup, well under SQLite's variable limit

# The first author is what precedes the first separator; the count is one more than the
# separators (none for an empty list).
_LIST_ITEMS = (
    "SELECT key, title, coalesce(date, ''), sources, announce_type, upvotes, "
    "category, journal, id, "
    "substr(authors, 1, instr(authors || char(10), char(10)) - 1), "
    "CASE WHEN authors = '' THEN 0 "
    "ELSE length(authors) - length(replace(authors, char(10), '')) + 1 END "
    "FROM papers ORDER BY date DESC, id"
)


def paper_rows_of(db: sqlite3.Connection, source: str | None) -> list[PaperColumns]:
    """Every paper's row, newest first; only ``source``'s when given."""
    if source is None:
        return db.execute(f"SELECT {PAPER_COLUMNS} FROM papers ORDER BY date DESC, id").fetchall()
    return db.execute(
        f"SELECT {PAPER_COLUMNS} FROM papers WHERE key IN "
        "(SELECT key FROM paper_sources WHERE source = ?) ORDER BY date DESC, id",
        (source,),
    ).fetchall()


def paper_rows_where(db: sqlite3.Connection, where: str, params: Sequence[object]) -> list:
    """The rows of the papers a ``where_clause`` takes, newest first."""
    return db.execute(
        f"SELECT {PAPER_COLUMNS} FROM papers WHERE {where} ORDER BY date DESC, id", params
    ).fetchall()


def paper_rows_by_keys(db: sqlite3.Connection, keys: Sequence[str]) -> list[PaperColumns]:
    """The rows of the papers among ``keys``, looked up a chunk at a time."""
    rows: list[PaperColumns] = []
    for i in range(0, len(keys), KEY_CHUNK):
        chunk = list(keys[i : i + KEY_CHUNK])
        marks = ",".join("?" * len(chunk))
        rows += db.execute(
            f"SELECT {PAPER_COLUMNS} FROM papers WHERE key IN ({marks})", chunk
        ).fetchall()
    return rows


def paper_row_of(db: sqlite3.Connection, key: str) -> PaperColumns | None:
    row: PaperColumns | None = db.execute(
        f"SELECT {PAPER_COLUMNS} FROM papers WHERE key = ?", (key,)
    ).fetchone()
    return row


def list_items(db: sqlite3.Connection, limit: int | None) -> list[ListItem]:
    """Papers as light list rows, newest first (see ``CacheStore.list_items``)."""
    if limit is None:
        rows = db.execute(_LIST_ITEMS).fetchall()
    else:
        rows = db.execute(_LIST_ITEMS + " LIMIT ?", (limit,)).fetchall()
    split = SOURCE_SEPARATOR
    # The columns after sources are ListItem's remaining fields, in order.
    return [
        ListItem(key, title, date, tuple(sources.split(split)) if sources else (), *rest)
        for key, title, date, sources, *rest in rows
    ]


def column_where(db: sqlite3.Connection, column: str, where: str, params: Sequence[object]) -> set:
    """One column (``id`` or ``key``) of the papers a ``where_clause`` takes."""
    return {value for (value,) in db.execute(f"SELECT {column} FROM papers WHERE {where}", params)}


def count(db: sqlite3.Connection, source: str | None) -> int:
    if source is None:
        return int(db.execute("SELECT count(*) FROM papers").fetchone()[0])
    return int(
        db.execute("SELECT count(*) FROM paper_sources WHERE source = ?", (source,)).fetchone()[0]
    )


def purge_unseen(db: sqlite3.Connection, cutoff: str | None, keep: Iterable[str]) -> int:
    """Delete the papers last seen before ``cutoff`` except ``keep``; how many."""
    keep_set = set(keep)
    rows = db.execute("SELECT id, key FROM papers WHERE last_seen < ?", (cutoff,)).fetchall()
    doomed = [(pid,) for pid, key in rows if key not in keep_set]
    db.executemany("DELETE FROM papers WHERE id = ?", doomed)
    return len(doomed)
