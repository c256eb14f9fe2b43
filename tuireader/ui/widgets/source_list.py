"""The sources pane: All, Unread, Starred, one entry per tag, then each configured source."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tuireader.query.list_items import ViewEntry
from tuireader.sanitize import clean


def _row(entry: ViewEntry, width: int) -> Content:
    """``! label ....... unread/total`` on one line, the label cut to fit; a heading is
    its label alone."""
    if entry.heading:
        return Content.styled(clean(entry.label)[:width], "bold $text-muted")
    counts = f"{entry.unread}/{entry.total}" if entry.unread else f"{entry.total}"
    marker = "! " if entry.failing else ""
    room = max(4, width - len(counts) - len(marker) - 1)
    label = clean(entry.label)
    if len(label) > room:
        label = label[: room - 1] + "…"
    return Content.assemble(
        (marker, "bold $error"),
        (label, "bold" if entry.unread else ""),
        " " * (room - len(label) + 1),
        (counts, "$text-muted"),
    )


class SourceList(OptionList):
    """Source filters with live unread/total counts; a failing source is marked with !."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def show_entries(self, entries: list[ViewEntry]) -> None:
        """Replace the rows, keeping the highlighted entry where it still exists."""
        current = self.highlighted_option.id if self.highlighted_option else "all"
        self.clear_options()
        width = self.scrollable_content_region.width - 2 or 24
        self.add_options(Option(_row(e, width), id=e.id, disabled=e.heading) for e in entries)
        ids = [e.id for e in entries]
        self.highlighted = ids.index(current) if current in ids else 0
