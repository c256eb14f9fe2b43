"""The reader's query views (Today, Since last visit, This week, saved searches), its
announce-type filter (``f``) and the scope of its search (``ctrl+t``: all or this view).

The screen keeps one ``QueryViewState`` and calls these functions from its own hooks. The
views' papers are selected in SQL by a worker (query/date_views.py) after every load of
the cache; the screen only looks them up. The reader's session is recorded in
visits.json (storage/visits.py): begun by the first load, touched every minute, ended
when the screen goes away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual.content import Content
from textual.worker import get_current_worker

from tuireader.query.announce import ANNOUNCE_LABELS, by_announce_type, next_filter
from tuireader.query.date_views import (
    DATE_VIEWS,
    SEARCH_PREFIX,
    SINCE_LAST_VISIT,
    QueryViews,
    load_query_views,
    query_problem,
    search_view_id,
)
from tuireader.query.list_items import Marks, ViewEntry, sort_items
from tuireader.sanitize import clean
from tuireader.storage.visits import Session
from tuireader.ui.workers import in_thread
from tuireader.wording import plural

if TYPE_CHECKING:
    from tuireader.config.saved_searches import SavedSearch
    from tuireader.storage.list_rows import ListItem
    from tuireader.ui.screens.reader import ReaderScreen

TOUCH_SECONDS = 60.0  # how often the session's last activity is recorded
SEARCHES_HEADING = "heading:searches"


@dataclass
class QueryViewState:
    """What the screen knows of its query views, its type filter and its search scope."""

    views: QueryViews = field(default_factory=QueryViews)
    announce: str = "all"  # all, new, cross or replace
    hidden_by_type: int = 0  # how many papers the type filter hides in the current view
    hidden_untyped: int = 0  # how many of them have no announce type (non-arXiv papers)
    search_in_view: bool = False  # ctrl+t: search the current view, not the whole cache
    session: Session | None = None
    told: str = ""  # the visits.json problem last shown (a problem is shown once)

    def owns(self, view_id: str) -> bool:
        return view_id in DATE_VIEWS or view_id.startswith(SEARCH_PREFIX)

    def label(self, view_id: str) -> str | None:
        if view_id.startswith(SEARCH_PREFIX):
            return view_id[len(SEARCH_PREFIX) :]
        return DATE_VIEWS.get(view_id)

    def items(self, view_id: str, sort: str) -> list[ListItem]:
        return sort_items(list(self.views.items.get(view_id, ())), sort)

    def by_type(self, items: list[ListItem]) -> list[ListItem]:
        """The items the type filter keeps (it remembers how many it hid)."""
        kept, self.hidden_by_type = by_announce_type(items, self.announce)
        self.hidden_untyped = (
            sum(i.announce_type is None for i in items) if self.hidden_by_type else 0
        )
        return kept


# ----------------------------------------------------------------- loading
def start(screen: ReaderScreen) -> None:
    """On mount: record the session's activity every minute."""
    screen.set_interval(TOUCH_SECONDS, lambda: _run(screen, _touch, "touch_session"))


def reload(screen: ReaderScreen) -> None:
    """The cache was read again: select every query view's papers anew, in a worker."""
    _run(screen, _load, "load_query_views")


def _run(screen: ReaderScreen, job: Callable[[ReaderScreen], None], name: str) -> None:
    in_thread(
        screen.app,
        lambda: job(screen),
        name=name,
        group=name,
        description="Reading the date views and saved searches"
        if name == "load_query_views"
        else "Recording the reader's last activity",
        exclusive=True,
    )


def _load(screen: ReaderScreen) -> None:
    state, stores = screen.query_views, screen.stores
    if state.session is None:
        state.session = Session.begin(stores.paths.visits_file, datetime.now(UTC))
    views = load_query_views(
        stores.cache,
        state.session.previous_end,
        stores.config.searches,
        screen.items,
        stores.config.sources,
    )
    if get_current_worker().is_cancelled:
        return  # a newer load, over newer papers, is on its way: never show older counts
    screen.app.call_from_thread(_loaded, screen, views)


def _loaded(screen: ReaderScreen, views: QueryViews) -> None:
    screen.query_views.views = views
    screen.rebuild()
    state = screen.query_views
    session = state.session
    if session is not None and session.error and session.error != state.told:
        state.told = session.error  # once, not at every reload of the list
        screen.notify(f"Since last visit: {session.error}", severity="warning", timeout=8)


def _touch(screen: ReaderScreen) -> None:
    if (session := screen.query_views.session) is not None:
        session.touch(datetime.now(UTC))


def stop(screen: ReaderScreen) -> None:
    """The reader goes away: its visit ends now (a write of a few bytes)."""
    if (session := screen.query_views.session) is not None:
        session.end(datetime.now(UTC))


# ----------------------------------------------------------------- the sources pane
def with_query_views(screen: ReaderScreen, entries: list[ViewEntry]) -> list[ViewEntry]:
    """``entries`` with the date views after All and the saved searches, under a
    heading, at the end; each with unread and total counts."""
    state = screen.query_views
    marks = Marks.of(screen.stores.library)

    def entry(view_id: str, label: str) -> ViewEntry:
        items = state.views.items.get(view_id, [])
        unread = sum(not marks.is_read(i.key) for i in items)
        return ViewEntry(view_id, label, unread, len(items))

    dates = [entry(view_id, label) for view_id, label in DATE_VIEWS.items()]
    at = next((n + 1 for n, e in enumerate(entries) if e.id == "all"), 0)
    result = [*entries[:at], *dates, *entries[at:]]
    searches = screen.stores.config.searches
    if searches:
        result.append(ViewEntry(SEARCHES_HEADING, "Saved searches", 0, 0, heading=True))
        result += [entry(search_view_id(s.name), s.name) for s in searches]
    return result


# ----------------------------------------------------------------- the type filter
def cycle_announce(screen: ReaderScreen, wanted: str | None = None) -> None:
    """``f`` (or a palette command naming the type): narrow every view to one type."""
    state = screen.query_views
    state.announce = wanted or next_filter(state.announce)
    screen.rebuild()
    if state.announce == "all":
        screen.notify("Showing every announce type.", timeout=2)
    else:
        screen.notify(
            f"Showing arXiv {ANNOUNCE_LABELS[state.announce]} only "
            f"({screen.host.key_for('announce_filter')} for the next type).",
            timeout=3,
        )


def title_suffix(screen: ReaderScreen) -> Content:
    """What the list title adds: the search's scope and the type filter."""
    state = screen.query_views
    parts = []
    if state.search_in_view and screen.search_ids is not None:
        parts.append(f" · in {screen.view_label}")
    if state.announce != "all":
        parts.append(f" · {ANNOUNCE_LABELS[state.announce]} only")
    return Content(clean("".join(parts)))


def empty_reason(screen: ReaderScreen) -> Content | None:
    """Why the list is empty when the type filter emptied it, else None."""
    state = screen.query_views
    if state.announce == "all" or not state.hidden_by_type:
        return None
    other = state.hidden_by_type - state.hidden_untyped
    hidden = [
        f"{plural(other, 'paper')} of other types" if other else "",
        f"{plural(state.hidden_untyped, 'paper')} without one (only arXiv listings have one)"
        if state.hidden_untyped
        else "",
    ]
    return Content(
        clean(
            f"No arXiv {ANNOUNCE_LABELS[state.announce]} in {screen.view_label}: the "
            f"announce-type filter hides {' and '.join(h for h in hidden if h)}. "
            f"{screen.host.key_for('announce_filter')} shows the next type, then all again."
        )
    )


def empty_view_reason(screen: ReaderScreen) -> Content | None:
    """The sentence for an empty query view (no filter to blame), else None."""
    state = screen.query_views
    if screen.search_ids is not None or state.hidden_by_type or screen.hidden_read:
        return None
    if screen.view_id == SINCE_LAST_VISIT:
        if state.views.last_visit is None:
            return Content(
                "No earlier visit is recorded: from the next one on, this view shows the "
                "papers fetched after this visit ends."
            )
        when = state.views.last_visit.astimezone()
        return Content(
            f"No papers have arrived since your last visit ended ({when:%Y-%m-%d %H:%M})."
        )
    if screen.view_id.startswith(SEARCH_PREFIX):
        search = screen.stores.config.search(screen.view_id[len(SEARCH_PREFIX) :])
        if search is not None:
            problem = query_problem(search.query)
            return Content(
                clean(
                    f"The saved search “{search.name}” cannot search: {problem}."
                    if problem
                    else f"No cached papers match the saved search “{search.query}”."
                )
            )
    if screen.view_id in DATE_VIEWS:
        return Content(f"No dated papers yet: {screen.host.key_for('refresh_all')} refreshes.")
    return None


# ----------------------------------------------------------------- the search's scope
def toggle_scope(screen: ReaderScreen) -> None:
    """``ctrl+t``: search the whole cache or the current view; the search runs again."""
    state = screen.query_views
    state.search_in_view = not state.search_in_view
    show_scope(screen)
    screen.show_search(screen.search_query, screen.search_ids)
    where = "the current view" if state.search_in_view else "every paper in the cache"
    screen.notify(f"Search looks in {where}.", timeout=2)


def show_scope(screen: ReaderScreen) -> None:
    """The search bar says where it searches, and how to change that."""
    from tuireader.ui.widgets.search_bar import SearchBar

    bar = screen.query_one(SearchBar)
    key = screen.host.key_for("search_scope")
    if screen.query_views.search_in_view:
        bar.border_title = Content(clean(f"search: this view ({screen.view_label}) · {key}: all"))
        bar.placeholder = f"Search the papers of {clean(screen.view_label)}"
    else:
        bar.border_title = Content(f"search: all · {key}: this view")
        bar.placeholder = "Search titles, authors and abstracts of every paper"


# ----------------------------------------------------------------- saving a search
def save_search(screen: ReaderScreen) -> None:
    """The palette's "Save this search": ask for a name, then add it to config.toml."""
    query = screen.search_query if screen.search_ids is not None else ""
    if not query.strip():
        screen.notify(
            f"Search first ({screen.host.key_for('search')}), then save the search.",
            severity="warning",
            timeout=4,
        )
        return
    if problem := query_problem(query):
        screen.notify(f"Cannot save this search: {problem}.", severity="warning", timeout=5)
        return
    from tuireader.ui.screens.search_name import SearchNameDialog

    taken = {s.name for s in screen.stores.config.sources} | {
        s.name for s in screen.stores.config.searches
    }

    def named(name: str | None) -> None:
        if name:
            _write_search(screen, name, query)

    screen.app.push_screen(SearchNameDialog(query, taken), named)


def _write_search(screen: ReaderScreen, name: str, query: str) -> None:
    def work() -> None:
        from tuireader.config.search_editing import add_search  # tomlkit: only when saving

        config = add_search(screen.stores.config.path, name, query)
        screen.app.call_from_thread(_saved, screen, name, config.searches)

    in_thread(
        screen.app,
        work,
        name="save_search",
        group="config",
        description="Saving the search to config.toml",
    )


def _saved(screen: ReaderScreen, name: str, searches: tuple[SavedSearch, ...]) -> None:
    """Only the searches are taken from the file: other edits made to it meanwhile wait
    for the next start, as they always do."""
    stores = screen.stores
    stores.config = replace(stores.config, searches=searches)
    screen.notify(
        f"Saved the search as “{name}” in {stores.config.path}{stores.home.folder_note}.",
        timeout=6,
    )
    reload(screen)
