"""The sources pane: All, Unread, Starred, one entry per tag, then each configured source."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tuireader.query.list_items import ViewEntry
from tuireader.sanitize import clean


def _row(entry: ViewEntry, width: int) -> Content:
    """``! label ....... unread/total`` on one line, the label cut to fit."""
    counts = f"{entry.unread}/{entry.total}" if entry.unread else f"{entry.total}"
    marker, style = ("! ", "bold $error") if entry.failing else ("", "")
    if entry.warned and not entry.failing:
        marker, style = ("~ ", "bold $warning")  # stored, but stale: see the list's bottom line
    room = max(4, width - len(counts) - len(marker) - 1)
    label = clean(entry.label)
    if len(label) > room:
        label = label[: room - 1] + "…"
    return Content.assemble(
        (marker, style),
        (label, "bold" if entry.unread else ""),
        " " * (room - len(label) + 1),
        (counts, "$text-muted"),
    )


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

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            self.action_first()
        elif 0 <= (index := self.highlighted + direction) < self.option_count:
            self.highlighted = index

    def show_entries(self, entries: list[ViewEntry]) -> None:
        """Replace the rows, keeping the highlighted entry where it still exists."""
        current = self.highlighted_option.id if self.highlighted_option else "all"
        self.clear_options()
        width = self.scrollable_content_region.width - 2 or 24
        self.add_options(Option(_row(e, width), id=e.id) for e in entries)
        ids = [e.id for e in entries]
        self.highlighted = ids.index(current) if current in ids else 0
