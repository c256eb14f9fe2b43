"""The small dialog of "Save this search": a name for the search, checked as typed."""

from __future__ import annotations

from collections.abc import Collection

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tuireader.sanitize import clean


class SearchNameDialog(ModalScreen[str | None]):
    """Dismisses with the name, or None when cancelled; a name in ``taken`` (a source's
    or another saved search's) is refused with a line saying so."""

    DEFAULT_CSS = """
    SearchNameDialog {
        align: center middle;
        background: $background 60%;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, query: str, taken: Collection[str]) -> None:
        super().__init__()
        self.search_query = query
        self.taken = set(taken)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content.assemble(("Save the search ", "bold"), f"“{clean(self.search_query)}”")
            )
            yield Input(placeholder="a name for the sources pane", id="search-name")
            yield Static(
                Content("Enter saves it to config.toml as a source, Escape cancels."),
                id="search-name-hint",
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#search-name", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        hint = self.query_one("#search-name-hint", Static)
        if not name:
            hint.update(Content("Type a name first (Escape cancels)."))
        elif name in self.taken:
            hint.update(Content(clean(f"“{name}” is taken by a source or a saved search.")))
        else:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
