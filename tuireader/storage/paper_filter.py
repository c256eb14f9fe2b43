"""Which cached papers a selection takes, as one SQL query over indexed columns.

Exports and digests used to decode every cached paper and filter in Python (1.2 s at 35,000
papers to export five starred ones). A ``PaperFilter`` says the same in SQL: the keys the
library picks (stars, tags, read marks live in library.json, not here), the sources
(``paper_sources``, indexed by source), a date range (the ``papers_date`` index) and a
full-text match, so only the selected rows are read and decoded.

Key sets travel as one JSON array parameter read by ``json_each``: no limit on the number
of SQL variables, no chunked queries to merge, and no temporary table on a connection other
threads share. JSON functions are built into SQLite (like FTS5, which the cache needs too).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from tuireader.model import utc_iso
from tuireader.storage.search_index import fts_query


@dataclass(frozen=True, slots=True)
class PaperFilter:
    """Conditions on cached papers; they combine with AND, and an unset one takes all.

    ``keys`` set but empty takes nothing (nobody starred anything); ``search`` is the
    user's text (every word must appear, the last as a prefix), and text with no words
    in it matches nothing, as a search does.
    """

    keys: Collection[str] | None = None  # only these papers
    not_keys: Collection[str] = ()  # none of these
    sources: Collection[str] = ()  # listed by any of these sources
    since: datetime | None = None  # dated at or after
    before: datetime | None = None  # dated before
    search: str = ""
    first_seen_after: datetime | None = None  # first fetched after this moment
    # Dated within this many days of its source's newest day (1: that day alone): a
    # source's latest listing, whatever today's date (see query/date_views.py).
    latest_days: int | None = None


# A paper listed by a source on one of that source's latest days: each source's newest
# date, counted back by the given modifier in whole UTC
# days ("-0 days" is the newest day itself).
_LATEST_DAYS = (
    "key IN (SELECT s.key FROM paper_sources s JOIN papers p ON p.key = s.key "
    "JOIN (SELECT ns.source AS source, date(max(np.date)) AS newest "
    "FROM paper_sources ns JOIN papers np ON np.key = ns.key GROUP BY ns.source) n "
    "ON n.source = s.source WHERE p.date >= date(n.newest, ?))"
)


def _json_list(values: Collection[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def where_clause(selection: PaperFilter) -> tuple[str, list[str]] | None:
    """The WHERE clause over ``papers`` and its parameters; None when nothing can match."""
    conditions: list[str] = []
    params: list[str] = []
    if selection.keys is not None:
        if not selection.keys:
            return None
        conditions.append("key IN (SELECT value FROM json_each(?))")
        params.append(_json_list(selection.keys))
    if selection.not_keys:
        conditions.append("key NOT IN (SELECT value FROM json_each(?))")
        params.append(_json_list(selection.not_keys))
    if selection.sources:
        conditions.append(
            "key IN (SELECT key FROM paper_sources WHERE source IN "
            "(SELECT value FROM json_each(?)))"
        )
        params.append(_json_list(selection.sources))
    # The date column holds utc_iso() text, which sorts as the moments do; NULL (no
    # date) fails every comparison, as an undated paper fails a date filter.
    if selection.since is not None:
        conditions.append("date >= ?")
        params.append(utc_iso(selection.since) or "")
    if selection.before is not None:
        conditions.append("date < ?")
        params.append(utc_iso(selection.before) or "")
    if selection.first_seen_after is not None:
        conditions.append("first_seen > ?")
        params.append(utc_iso(selection.first_seen_after) or "")
    if selection.latest_days is not None:
        conditions.append(_LATEST_DAYS)
        params.append(f"-{max(selection.latest_days, 1) - 1} days")
    if selection.search:
        query = fts_query(selection.search)
        if not query:
            return None
        conditions.append("id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(query)
    return " AND ".join(conditions) or "1", params
