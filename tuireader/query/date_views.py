"""The reader's views made of a query rather than of a source: Today, Since last visit,
This week, and the saved searches (``[[searches]]``).

Each is one SQL selection over the cache (``PaperFilter``, read by
``CacheStore.ids_where``), run off the UI thread, so the reader never filters 35,000
papers in Python to find a day's. What "today" means is the source's own: arXiv lists
papers on weekdays, so on a Saturday the latest listing (Friday's) is what is new, and a
source fetched last a week ago still shows its last listing rather than nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tuireader.config.saved_searches import SavedSearch
from tuireader.storage.cache import CacheStore
from tuireader.storage.list_rows import ListItem
from tuireader.storage.paper_filter import PaperFilter
from tuireader.storage.search_index import fts_query

TODAY, SINCE_LAST_VISIT, THIS_WEEK = "day:today", "day:since", "day:week"
DATE_VIEWS = {TODAY: "Today", SINCE_LAST_VISIT: "Since last visit", THIS_WEEK: "This week"}
SEARCH_PREFIX = "search:"
WEEK_DAYS = 7


@dataclass(frozen=True)
class QueryViews:
    """The papers of each query view, newest first, keyed by view id."""

    items: dict[str, list[ListItem]] = field(default_factory=dict)
    last_visit: datetime | None = None  # when the previous visit ended (None: first visit)


def date_filters(last_visit: datetime | None) -> dict[str, PaperFilter | None]:
    """Each date view's selection; None for Since last visit on a first visit (no papers)."""
    return {
        TODAY: PaperFilter(latest_days=1),
        SINCE_LAST_VISIT: PaperFilter(first_seen_after=last_visit) if last_visit else None,
        THIS_WEEK: PaperFilter(latest_days=WEEK_DAYS),
    }


def search_view_id(name: str) -> str:
    return SEARCH_PREFIX + name


def query_problem(query: str) -> str | None:
    """Why ``query`` cannot be a saved search (the reader's search parser finds no word
    in it), or None."""
    if not query.strip():
        return "the query is empty"
    if not fts_query(query):
        return f"the query {query!r} has no word to search for (letters or digits)"
    return None


def load_query_views(
    cache: CacheStore,
    last_visit: datetime | None,
    searches: Iterable[SavedSearch],
    items: Sequence[ListItem],
) -> QueryViews:
    """Every query view's papers: the cache selects their row ids (a few queries, in a
    worker), picked out of ``items`` (the reader's list items, newest first)."""
    selections: dict[str, PaperFilter | None] = dict(date_filters(last_visit))
    for search in searches:
        selections[search_view_id(search.name)] = PaperFilter(search=search.query)
    found: dict[str, list[ListItem]] = {}
    for view_id, selection in selections.items():
        ids = cache.ids_where(selection) if selection else set()
        found[view_id] = [i for i in items if i.id in ids]
    return QueryViews(found, last_visit)
