"""The paper list: a virtual list that renders only the rows on screen.

ListView builds a widget per row and OptionList builds every row's content up front; at
35,000 papers both are slow. This ScrollView keeps plain ``ListItem`` records and renders a
row only when it becomes visible (the Line API, as in Textualize/toolong), with a small
cache of rendered rows, so opening, scrolling and refreshing stay instant.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tuireader.storage.list_rows import ListItem

# A row's Content for a list this many columns wide (a wide list shows more of a paper).
RowRenderer = Callable[[ListItem, int], Content]


class PaperList(ScrollView, can_focus=True):
    """Rows of papers with a cursor; posts ``Highlighted`` and ``Selected``."""

    COMPONENT_CLASSES = {"paper-list--cursor", "paper-list--cursor-blurred"}
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Read abstract", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to ``item`` (None when the list is empty); ``by_user`` when a
        key or a click in the list moved it, not a reload of the list."""

        def __init__(self, item: ListItem | None, *, by_user: bool = False) -> None:
            super().__init__()
            self.item = item
            self.by_user = by_user

    class Selected(Message):
        """Enter (or a click on the cursor row) on ``item``."""

        def __init__(self, item: ListItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, render_row: RowRenderer, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[ListItem] = []
        self._render_row = render_row
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._index: dict[str, int] = {}
        self._moved_by_user = False

    # ----------------------------------------------------------------- data
    @property
    def current(self) -> ListItem | None:
        if 0 <= self.cursor < len(self.items):
            return self.items[self.cursor]
        return None

    def set_items(self, items: list[ListItem], keep_key: str | None = None) -> None:
        """Show ``items``, keeping the paper under the cursor on the same screen row."""
        keep_key = keep_key or (self.current.key if self.current else None)
        old_row = self.cursor - int(self.scroll_y)
        self.items = items
        self._index = {item.key: i for i, item in enumerate(items)}
        self.virtual_size = Size(0, len(items))  # rows are cut to fit: no horizontal scroll
        self._cache.clear()
        new_cursor = self._index.get(keep_key, -1) if keep_key else -1
        if new_cursor < 0:
            new_cursor = min(self.cursor, len(items) - 1) if items else 0
        else:
            self.scroll_to(y=max(0, new_cursor - old_row), animate=False, immediate=True)
        self.cursor = max(0, new_cursor)
        self.refresh()

    def refresh_rows(self) -> None:
        """Re-render visible rows (read or star marks changed, or the theme)."""
        self._cache.clear()
        self.refresh()

    # ----------------------------------------------------------------- rendering
    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if index >= len(self.items):
            return Strip.blank(width, self.visual_style.rich_style)
        item = self.items[index]
        if index == self.cursor:
            component = "paper-list--cursor" if self.has_focus else "paper-list--cursor-blurred"
            style = self.get_visual_style(component)
        else:
            style = self.visual_style
        # Marks and theme changes call refresh_rows(), which clears this cache.
        cache_key = (item, index == self.cursor, self.has_focus, width)
        strip = self._cache.get(cache_key)
        if strip is None:
            content = self._render_row(item, width)
            if index == self.cursor:  # one colour pair on the cursor row, for contrast
                content = Content(content.plain)
            content = content.truncate(width, ellipsis=True, pad=True)
            segments = content.render_segments(style)
            strip = (
                Strip(segments, width).apply_style(style.rich_style)
                if segments
                else Strip([Segment(" " * width, style.rich_style)], width)
            )
            self._cache[cache_key] = strip
        return strip

    def on_mount(self) -> None:
        # Cached rows hold the colours of the theme they were drawn in.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_rows())

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self.items))
        self._cache.clear()
        # A shorter list (a smaller terminal, the search bar opening) would otherwise leave
        # the cursor's row below the last visible one: scroll once the new size is laid out.
        self.call_after_refresh(self._scroll_cursor_into_view)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # ----------------------------------------------------------------- cursor
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.items) - 1)) if self.items else 0

    def watch_cursor(self, old: int, new: int) -> None:
        by_user, self._moved_by_user = self._moved_by_user, False
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self.current, by_user=by_user))

    def show_key(self, key: str) -> bool:
        """Put the cursor on paper ``key`` if it is listed (a brief's [n] jumps here)."""
        index = self._index.get(key)
        if index is None:
            return False
        self._move_to(index)
        return True

    def _move_to(self, index: int) -> None:
        """Move the cursor because the user asked to (a key or a click)."""
        self._moved_by_user = True
        self.cursor = index

    def _scroll_cursor_into_view(self) -> None:
        if not self.items:
            return
        self.scroll_to_region(
            Region(0, self.cursor, 1, 1), animate=False, force=True, immediate=True
        )

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.items) - 1)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = int(self.scroll_y) + offset.y
        if 0 <= index < len(self.items):
            if index == self.cursor or event.chain > 1:
                self.post_message(self.Selected(self.items[index]))
            self._move_to(index)
