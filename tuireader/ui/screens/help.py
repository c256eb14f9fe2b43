"""``?``: every key and what it does, as currently bound (after [keys] remapping)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys; any of Escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss(None)", "Close"),
        # The reader's own moves, as the help's first rows promise for every pane.
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("g,home", "scroll('home')", "Top", show=False),
        Binding("G,end", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(self, rows: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self.rows), default=4) + 2
        lines = [Content.assemble(("hubread keys", "bold"), "   (Escape closes)"), Content("")]
        for keys, description in self.rows:
            lines.append(Content.assemble((keys.ljust(width), "bold $accent"), description))
        with VerticalScroll(id="dialog"):
            yield Static(Content("\n").join(lines))

    def action_scroll(self, where: str) -> None:
        pane = self.query_one("#dialog", VerticalScroll)
        {
            "down": pane.scroll_down,
            "up": pane.scroll_up,
            "home": pane.scroll_home,
            "end": pane.scroll_end,
        }[where](animate=False)
