"""The reader's start: the newest papers painted at once, then the whole cache.

The app reads the first page while Textual starts (``first_page_if_ready``) and posts it as
a partial ``ItemsLoaded``; the full load follows once that page is on screen. Apart from
the screen because the order matters: the first frame must not wait for the full load, and
the full load must not move the cursor the reader may already have moved. The cursor
starts on the first unread paper, as it does when the reader enters a view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuireader.ui.screens import navigation, query_views, view_list
from tuireader.ui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from tuireader.storage.list_rows import ListItem
    from tuireader.ui.messages import ItemsLoaded
    from tuireader.ui.screens.reader import ReaderScreen


def on_mount(screen: ReaderScreen) -> None:
    """The titles, and the first page if it was read while Textual started."""
    page = screen.host.first_page_if_ready()
    view_list.update_titles(screen)
    if page:  # already read while Textual started: the very first frame has papers
        _show_first_page(screen, page)


def loaded(screen: ReaderScreen, message: ItemsLoaded) -> None:
    """The first page (partial) or the whole cache arrived."""
    if message.partial:
        if not screen.query_one(PaperList).items:  # unless on_mount already showed it
            _show_first_page(screen, message.items)
        # The loader posts this before it waits, whether the page was shown here or
        # on mount: the next frame has it on screen.
        screen.call_after_refresh(screen.host.first_paint_done)
        return
    screen.items = message.items
    screen.states = message.states
    screen.rebuild()
    screen.host.radar.rank()
    query_views.reload(screen)


def _show_first_page(screen: ReaderScreen, page: list[ListItem]) -> None:
    """The newest papers, shown while the whole cache loads, with the cursor where entering
    the All view puts it: on its first unread paper. The whole cache then keeps it there
    (a reload keeps the cursor's paper), as it keeps wherever the reader moved it."""
    papers = screen.query_one(PaperList)
    papers.set_items(page, navigation.landing_key(screen, page))
    papers.border_title = "All · newest papers · loading the rest…"
