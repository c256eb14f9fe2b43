"""Merging one source's fetched papers into the cache's ``papers`` table, in batches.

Apart from ``cache`` because it is the one piece of the store with real logic (which rows
are new, changed or only seen again, and which index entries must be replaced), and it
reads best on its own; the store calls it inside its write transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from tuireader.model import Paper, merge_papers
from tuireader.storage import search_index
from tuireader.storage.cache_queries import KEY_CHUNK
from tuireader.storage.paper_filter import announced_later
from tuireader.storage.paper_rows import PaperRow, PaperRowError, paper_from_row, paper_row


@dataclass(frozen=True, slots=True)
class StoreStats:
    """What storing one source's papers changed."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


def merge_rows(
    db: sqlite3.Connection, source: str, rows: Sequence[PaperRow], stamp: str | None
) -> StoreStats:
    """Batched: one lookup per chunk of keys, then executemany for each kind of write.

    New papers get ids assigned here (the caller holds the write lock). They are not
    indexed for search yet (``CacheStore.index_pending`` does that); a changed paper that
    already is gets its index entry replaced now.
    """
    existing: dict[str, tuple[int, str, str, str, str]] = {}
    keys = [row[0] for row in rows]
    for i in range(0, len(keys), KEY_CHUNK):
        chunk = keys[i : i + KEY_CHUNK]
        marks = ",".join("?" * len(chunk))
        for key, *rest in db.execute(
            f"SELECT key, id, data, title, authors, abstract FROM papers WHERE key IN ({marks})",
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
            old: Paper | None = paper_from_row(key, old_data, old_title, old_authors, old_abstract)
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
