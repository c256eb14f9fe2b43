"""The reader's views made of a query rather than of a source: Today, Since last visit,
This week, and the saved searches (``[[searches]]``).

Each is one SQL selection over the cache (``PaperFilter``, read by
``CacheStore.ids_where``), run off the UI thread, so the reader never filters 35,000
papers in Python to find a day's. What "today" means is the source's own: arXiv lists
papers on weekdays, so on a Saturday the latest listing (Friday's) is what is new, and a
cache fetched last a week ago still shows its last listings rather than nothing. A source
whose newest day is more than ``RECENT_DAYS`` (3) before the newest day of all sources has
stopped updating: it has no Today. A search (arXiv API) is no daily listing: its papers
count by their submission dates, within those three days of the newest day of all.

A paper's day is the day it was last announced (``Paper.listed``): a replacement listed
today is in Today, though its first version is older.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tuireader.config.saved_searches import SavedSearch
from tuireader.kinds.registry import searched_sources
from tuireader.kinds.source import SourceConfig
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


def date_filters(
    last_visit: datetime | None, searched: Collection[str] = ()
) -> dict[str, PaperFilter | None]:
    """Each date view's selection; None for Since last visit on a first visit (no papers).

    ``searched``: the sources that are searches (``searched_sources``), dated by their
    papers' submissions rather than by a listing. Since last visit takes a paper whose
    newest announcement (a replacement's too) arrived after the visit.
    """
    return {
        TODAY: PaperFilter(latest_days=1, searched=searched),
        SINCE_LAST_VISIT: PaperFilter(announced_after=last_visit) if last_visit else None,
        THIS_WEEK: PaperFilter(latest_days=WEEK_DAYS, searched=searched),
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
    sources: Iterable[SourceConfig] = (),
) -> QueryViews:
    """Every query view's papers: the cache selects their row ids (a few queries, in a
    worker), picked out of ``items`` (the reader's list items, newest first). ``sources``:
    the configured sources, whose kinds say which are searches."""
    selections: dict[str, PaperFilter | None] = dict(
        date_filters(last_visit, searched_sources(sources))
    )
    for search in searches:
        selections[search_view_id(search.name)] = PaperFilter(search=search.query)
    found: dict[str, list[ListItem]] = {}
    for view_id, selection in selections.items():
        ids = cache.ids_where(selection) if selection else set()
        found[view_id] = [i for i in items if i.id in ids]
    return QueryViews(found, last_visit)
