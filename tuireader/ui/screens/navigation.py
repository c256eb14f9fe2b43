"""Moving through the papers as newsboat and mutt readers do: ``]``/``[`` to the next or
previous unread paper (wrapping to the next source with unread papers), ``space`` to page the
abstract and then go on to the next unread one, ``shift+space`` (or ``-``) to page back.

Entering a view (a source, a tag, All...) puts the cursor on its first unread paper, or on its
top when everything there is read: never on whatever row the previous view's cursor was on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

if TYPE_CHECKING:
    from tuireader.storage.list_rows import ListItem
    from tuireader.ui.screens.reader import ReaderScreen


def landing_key(
    screen: ReaderScreen, items: Sequence[ListItem], *, last: bool = False
) -> str | None:
    """Where the cursor lands in a view just entered: its first unread paper (the last one
    with ``last``), else its top; None when the view is empty."""
    library = screen.stores.library
    for item in reversed(items) if last else items:
        if not library.is_read(item.key):
            return item.key
    return items[0].key if items else None


def _source_ids(screen: ReaderScreen) -> list[str]:
    sources = screen.query_one(SourceList)
    return [sources.get_option_at_index(i).id or "" for i in range(sources.option_count)]


def _next_source(screen: ReaderScreen, direction: int) -> str | None:
    """The next source (``src:``) after the current view in the sources pane's order,
    going round, that has unread papers other than the one under the cursor."""
    library = screen.stores.library
    here_key = current.key if (current := screen.query_one(PaperList).current) else None
    with_unread: set[str] = set()
    for item in screen.items:  # the paper on screen does not count: it is read now
        if item.key != here_key and not library.is_read(item.key):
            with_unread.update(item.sources)
    ids = _source_ids(screen)
    if screen.view_id in ids and screen.search_ids is None:
        here = ids.index(screen.view_id)
        after, before = ids[here + 1 :], ids[:here]
    else:  # search results: every source is "after"
        after, before = ids, []
    order = after + before if direction > 0 else before[::-1] + after[::-1]
    for view_id in order:
        if view_id.startswith("src:") and view_id[4:] in with_unread:
            return view_id
    return None


def next_unread(screen: ReaderScreen, direction: int = 1) -> None:
    """``]`` (``direction`` 1) or ``[`` (-1): the next unread paper in this view; past its
    end, the first unread paper of the next source that has one (its last going back)."""
    papers = screen.query_one(PaperList)
    library = screen.stores.library
    items, cursor = papers.items, papers.cursor
    indexes = range(cursor + 1, len(items)) if direction > 0 else range(cursor - 1, -1, -1)
    for index in indexes:
        if not library.is_read(items[index].key):
            papers.show_key(items[index].key)
            return
    target = _next_source(screen, direction)
    if target is None:
        # Only this view's papers on the other side of the cursor are left, if any.
        others = items[:cursor] if direction > 0 else items[cursor + 1 :]
        key = landing_key(screen, others, last=direction < 0) if others else None
        if key is not None and not library.is_read(key):
            papers.show_key(key)
            return
        current = papers.current
        here = current is not None and not library.is_read(current.key)
        screen.notify("No other unread papers." if here else "No unread papers.", timeout=3)
        return
    # The pane first: the view it then shows (and re-highlights) is the target already.
    screen.query_one(SourceList).highlighted = _source_ids(screen).index(target)
    screen.enter_view(target, last=direction < 0)
    if (current := papers.current) is not None:
        papers.show_key(current.key)  # as a key moved there: the auto-read rule applies


def page_down(screen: ReaderScreen) -> None:
    """``space``: the abstract's next page; at its end, the next unread paper."""
    view = screen.query_one(AbstractView)
    if view.scroll_y >= view.max_scroll_y:
        next_unread(screen, 1)
    else:
        view.scroll_to(
            y=view.scroll_y + view.scrollable_content_region.height, animate=False, immediate=True
        )


def page_up(screen: ReaderScreen) -> None:
    """``shift+space`` or ``-``: the abstract's previous page; at its top, the previous
    paper."""
    view = screen.query_one(AbstractView)
    if view.scroll_y <= 0:
        papers = screen.query_one(PaperList)
        if papers.cursor > 0:
            papers.action_cursor_up()
    else:
        view.scroll_to(
            y=view.scroll_y - view.scrollable_content_region.height, animate=False, immediate=True
        )
