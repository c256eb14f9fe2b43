"""The sources pane: All, Unread, Starred, one entry per tag, then each configured source."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tuireader.query.list_items import ViewEntry
from tuireader.sanitize import clean


def source_row(entry: ViewEntry, width: int) -> Content:
    """``! label ....... unread/total`` in exactly ``width`` cells: the label is cut with …
    (by cells: a wide character counts two), never the counts, which never wrap. A heading
    is its label alone."""
    if entry.heading:
        return Content.styled(clean(entry.label), "bold $text-muted").truncate(width, ellipsis=True)
    counts = f"{entry.unread}/{entry.total}" if entry.unread else f"{entry.total}"
    marker, style = ("! ", "bold $error") if entry.failing else ("", "")
    if entry.warned and not entry.failing:
        marker, style = ("~ ", "bold $warning")  # stored, but stale: see the list's bottom line
    room = max(0, width - len(counts) - len(marker) - 1)
    label = Content(_cut(clean(entry.label), room)).truncate(room, ellipsis=True)
    return Content.assemble(
        (marker, style),
        label.stylize("bold") if entry.unread else label,
        " " * (room - label.cell_length + 1),
        (counts, "$text-muted"),
    )


def _cut(label: str, room: int) -> str:
    """``label`` in ``room`` cells. A short last word is what tells sources apart ("arXiv
    cs.AI", "arXiv cs.LG"), so it stays and the middle goes ("ar…cs.LG"); otherwise the
    end goes. Wide characters are left to Content's truncation by cells."""
    if len(label) <= room or cell_len(label) != len(label):
        return label
    last = label.rsplit(" ", 1)[-1]
    if " " not in label or len(last) > room // 2 + 1 or room < 6:
        return label
    head = room - len(last) - 1
    return label[:head].rstrip() + "…" + last


class SourceList(OptionList):
    """Source filters with live unread/total counts; a failing source is marked with !, one
    whose last listing was stale with ~.

    Like the paper list, it stops at its ends instead of wrapping round (OptionList's
    default): j at the bottom stays there; g and G go to the top and the bottom."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[ViewEntry] = []
        self._row_width = 0

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            self.action_first()
            return
        index = self.highlighted + direction
        while 0 <= index < self.option_count and self.get_option_at_index(index).disabled:
            index += direction  # a heading is stepped over, like OptionList's own moves
        if 0 <= index < self.option_count:
            self.highlighted = index

    def show_entries(self, entries: list[ViewEntry]) -> None:
        """Replace the rows, keeping the highlighted entry where it still exists."""
        self._entries = entries
        self._render_rows()

    def _render_rows(self) -> None:
        current = self.highlighted_option.id if self.highlighted_option else "all"
        self._row_width = self.scrollable_content_region.width
        self.clear_options()
        # Before the first layout (or while collapsed) there is no width yet: the rows are
        # drawn again at the next resize.
        width = self._row_width or 24
        self.add_options(
            Option(source_row(e, width), id=e.id, disabled=e.heading) for e in self._entries
        )
        ids = [e.id for e in self._entries]
        self.highlighted = ids.index(current) if current in ids else 0

    def on_resize(self, event: events.Resize) -> None:
        """Rows are cut to the pane's width: cut them again when it changes."""
        if self.scrollable_content_region.width != self._row_width and self._entries:
            self._render_rows()
