"""What the reader's paper list shows: the current view's papers (after the search, the
announce-type filter and unread-only), the counts in the sources pane, the list's titles and
one row; and going to a view or to a paper in one.

Kept apart from the screen so that what a view holds is decided in one place: every key
that changes the view (a source, a search, a sort, ``u``) ends in ``rebuild``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuireader.config.settings import SORT_ORDERS
from tuireader.query.list_items import (
    Marks,
    count_entries,
    select,
    sort_items,
    source_folders,
    starred_items,
)
from tuireader.ui.render import failure_line, list_title, paper_row
from tuireader.ui.screens import navigation, query_views, radar_actions
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.search_bar import SearchBar
from tuireader.ui.widgets.source_list import SourceList

if TYPE_CHECKING:
    from textual.content import Content

    from tuireader.storage.list_rows import ListItem
    from tuireader.ui.screens.reader import ReaderScreen

_LABELS = {"all": "All", "unread": "Unread", "starred": "Starred", "radar": "Radar"}


def visible(screen: ReaderScreen) -> list[ListItem]:
    """The papers the list shows now; sets ``screen.hidden_read`` (what unread-only hides)."""
    marks = Marks.of(screen.stores.library)
    if screen.search_ids is not None:  # the whole cache (newest first) or this view
        ids = screen.search_ids
        in_view = screen.query_views.search_in_view
        base = view_items(screen, marks) if in_view else screen.items
        items = [i for i in base if i.id in ids]
    else:
        items = view_items(screen, marks)
    items = screen.query_views.by_type(items)
    screen.hidden_read = 0
    if screen.unread_only:
        shown = [i for i in items if not marks.is_read(i.key)]
        screen.hidden_read, items = len(items) - len(shown), shown
    return items


def view_items(screen: ReaderScreen, marks: Marks) -> list[ListItem]:
    """The current view's papers, sorted, before any search or filter."""
    if screen.query_views.owns(screen.view_id):
        return screen.query_views.items(screen.view_id, screen.sort)
    if radar_actions.is_radar(screen.view_id):
        return radar_actions.items(screen, screen.items, screen.view_id)
    items = select(
        screen.items,
        screen.view_id,
        marks,
        starred_extra=starred_items(screen.stores.library),
        folders=source_folders(screen.stores.config.sources),
    )
    return sort_items(items, screen.sort)


def show_counts(screen: ReaderScreen) -> None:
    """The sources pane's entries with their unread counts, and the list's titles."""
    library = screen.stores.library
    failing = {n for n, s in screen.states.items() if s.failing}
    sources = screen.stores.config.sources
    entries = count_entries(
        screen.items,
        Marks.of(library),
        [s.name for s in sources],
        library.all_tags(),
        failing,
        starred_items(library),
        source_folders(sources),
        warned={n for n, s in screen.states.items() if s.warned},
    )
    screen.query_one(SourceList).show_entries(
        [
            *radar_actions.entries(screen, screen.items),
            *query_views.with_query_views(screen, entries),
        ]
    )
    update_titles(screen)


def view_label(screen: ReaderScreen) -> str:
    """The current view's name: All, Unread, Starred, a tag or a source."""
    view_id = screen.view_id
    if view_id.startswith("radar:"):
        return f"#{view_id[6:]} radar"
    if (label := screen.query_views.label(view_id)) is not None:
        return label
    return _LABELS.get(view_id, view_id.split(":", 1)[-1])


def update_titles(screen: ReaderScreen) -> None:
    """The list's border: the view, its count, sort and search; a failing source's line."""
    papers = screen.query_one(PaperList)
    view_id = screen.view_id
    papers.border_title = list_title(
        screen.view_label,
        len(papers.items),
        unread_only=screen.unread_only,
        sort=screen.radar.sort if radar_actions.is_radar(view_id) else screen.sort,
        search=screen.search_query if screen.search_ids is not None else None,
    ) + query_views.title_suffix(screen)
    papers.border_subtitle = failure_line(
        screen.states.get(view_id[4:]) if view_id.startswith("src:") else None
    )


def render_row(screen: ReaderScreen, item: ListItem, width: int = 0) -> Content:
    """One row of the list, with the marks, the radar's lead and the Zotero mark."""
    library = screen.stores.library
    radar = screen.stores.config.radar
    zotero = screen.zotero_index
    lead, tail = radar_actions.lead_and_tail(screen, item.key)
    return paper_row(
        item,
        read=library.is_read(item.key),
        starred=library.is_starred(item.key),
        sources=screen.host.sources_by_name,
        in_zotero=zotero is not None and zotero.has(item.key, item.title),
        keywords=radar.keywords,
        lead=lead,
        marked=radar_actions.passes(screen, item.key),
        tail=tail,
        shown=screen.latex.shown,
        width=width,
    )


def show_search(screen: ReaderScreen, query: str, ids: set[int] | None) -> None:
    """Show the papers matching ``query`` (row ids from the cache), newest first."""
    screen.search_query = query
    screen.search_ids = ids
    screen.query_one(PaperList).set_items(visible(screen))
    update_titles(screen)


def end_search(screen: ReaderScreen) -> None:
    """Close the search bar and forget the search (the caller shows the view again)."""
    screen.query_one(SearchBar).close()
    screen.search_query = ""
    screen.search_ids = None


def enter_view(screen: ReaderScreen, view_id: str, *, last: bool = False) -> None:
    """Show ``view_id`` with the cursor on its first unread paper (see navigation.py)."""
    screen.view_id = view_id
    screen.end_search()
    items = visible(screen)
    screen.query_one(PaperList).set_items(items, navigation.landing_key(screen, items, last=last))
    screen.refresh_marks()


def jump_to_paper(screen: ReaderScreen, key: str) -> None:
    """Show paper ``key``: in this view if listed, else in All."""
    papers = screen.query_one(PaperList)
    if not papers.show_key(key):
        screen.view_id = "all"
        screen.end_search()
        screen.unread_only = False
        screen.rebuild()
        if not papers.show_key(key):
            screen.notify("That paper is no longer in the cache.", severity="warning")
            return
    screen.set_focus(papers)


def go_to_paper(screen: ReaderScreen, view_id: str, key: str) -> None:
    """Show ``view_id`` with the cursor on ``key`` (else the All view)."""
    screen.end_search()
    screen.view_id = view_id
    if not any(i.key == key for i in visible(screen)):
        screen.view_id = "all"
    sources = screen.query_one(SourceList)
    ids = [sources.get_option_at_index(i).id for i in range(sources.option_count)]
    if screen.view_id in ids:
        sources.highlighted = ids.index(screen.view_id)
    screen.query_one(PaperList).set_items(visible(screen), keep_key=key)
    screen.refresh_marks()
    screen.set_focus(screen.query_one(PaperList))


def cycle_sort(screen: ReaderScreen) -> None:
    """``S``: the next sort order (the radar's own orders in a radar view)."""
    if radar_actions.is_radar(screen.view_id):
        sorts = radar_actions.RADAR_SORTS
        screen.radar.sort = sorts[(sorts.index(screen.radar.sort) + 1) % len(sorts)]
        screen.rebuild()
        screen.notify(f"Radar sorted by {screen.radar.sort}.", timeout=2)
        return
    screen.sort = SORT_ORDERS[(SORT_ORDERS.index(screen.sort) + 1) % len(SORT_ORDERS)]
    screen.rebuild()
    screen.notify(f"Sorted by {screen.sort}.", timeout=2)


def toggle_unread_only(screen: ReaderScreen) -> None:
    """``u``: hide the read papers, or show them again."""
    screen.unread_only = not screen.unread_only
    screen.rebuild()
    screen.notify(
        "Showing unread papers only." if screen.unread_only else "Showing read and unread papers.",
        timeout=2,
    )
