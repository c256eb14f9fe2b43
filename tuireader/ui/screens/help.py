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

    BINDINGS = [Binding("escape,q,question_mark", "dismiss(None)", "Close")]

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
