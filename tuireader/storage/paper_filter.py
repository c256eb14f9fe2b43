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
from datetime import UTC, datetime

from tuireader.model import Paper, utc_iso
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
    # Its newest announcement (a new version listed again) first fetched after this moment.
    announced_after: datetime | None = None
    # Dated within this many days of its source's newest day (1: that day alone): a
    # source's latest listing, whatever today's date (see query/date_views.py), when that
    # day is recent; papers of ``searched`` sources by their own dates instead.
    latest_days: int | None = None
    searched: Collection[str] = ()  # sources that are searches, not dated listings


# How many days a source's newest day may lie before the newest day of all sources and
# still be its "latest listing". Measured from the newest day of all, not from the clock:
# a cache not fetched for a week, or a holiday when nothing is listed, still has its last
# listings. Three days: a source that lists on weekdays only (arXiv: Friday's listing, then
# Monday's) or a feed a day or two behind the others stays recent across a weekend, while a
# feed that stopped updating (or a search whose newest result is weeks old) does not.
RECENT_DAYS = 3

# A paper on one of its source's latest days. ``a.newest``: the newest day of all. A
# searched source's papers count by their own date, counted back from that day by the
# first modifier; a listing source's newest day ``n.newest`` counts only when within
# RECENT_DAYS of it, with its papers from that day counted back by the second ("-0 days"
# is the day itself). Days are whole UTC days.
_LATEST_DAYS = (
    "key IN (SELECT s.key FROM paper_sources s JOIN papers p ON p.key = s.key "
    "JOIN (SELECT ns.source AS source, date(max(np.date)) AS newest "
    "FROM paper_sources ns JOIN papers np ON np.key = ns.key GROUP BY ns.source) n "
    "ON n.source = s.source "
    "JOIN (SELECT date(max(date)) AS newest FROM papers) a "
    "WHERE CASE WHEN s.source IN (SELECT value FROM json_each(?)) "
    "THEN p.date >= date(a.newest, ?) "
    f"ELSE n.newest >= date(a.newest, '-{RECENT_DAYS} days') AND p.date >= date(n.newest, ?) "
    "END)"
)


def announced_later(merged: Paper, old: Paper) -> bool:
    """Whether a sighting announced the paper on a later day than it was before (arXiv
    lists a new version again): the cache then notes when, for Since last visit."""
    before, after = old.listed, merged.listed
    if after is None:
        return False
    return before is None or after.astimezone(UTC).date() > before.astimezone(UTC).date()


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
    if selection.announced_after is not None:
        conditions.append("announced_seen > ?")
        params.append(utc_iso(selection.announced_after) or "")
    if selection.latest_days is not None:
        # A search's results are dated by submission, not by a daily listing: Today is
        # the last RECENT_DAYS days (a submission is announced a day or more later).
        back = max(selection.latest_days, 1) - 1
        conditions.append(_LATEST_DAYS)
        params += [_json_list(selection.searched), f"-{max(back, RECENT_DAYS)} days"]
        params.append(f"-{back} days")
    if selection.search:
        query = fts_query(selection.search)
        if not query:
            return None
        conditions.append("id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(query)
    return " AND ".join(conditions) or "1", params
