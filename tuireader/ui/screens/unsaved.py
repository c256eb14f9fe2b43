"""Quitting while library.json cannot be saved (disk full, read-only): say what would be
lost, and let the user retry, go back, or quit anyway."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tuireader.sanitize import clean
from tuireader.storage.library import LibraryStore

SAVED, LOST = "saved", "lost"


class UnsavedScreen(ModalScreen[str | None]):
    """Dismisses with SAVED once a retry worked, LOST for quit anyway, None to go back."""

    DEFAULT_CSS = """
    UnsavedScreen {
        align: center middle;
        background: $background 60%;
    }
    """
    BINDINGS = [
        Binding("r", "retry", "Retry"),
        Binding("q", "quit_anyway", "Quit anyway"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, library: LibraryStore) -> None:
        super().__init__()
        self.library = library
        self.tries = 1  # the quit that opened this dialog tried once

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._message(), id="unsaved")
            with Horizontal(id="buttons"):
                yield Button("Retry (r)", variant="primary", id="retry")
                yield Button("Quit anyway (q)", variant="error", id="quit")
                yield Button("Back (Esc)", id="back")

    def _message(self) -> Content:
        error = clean(self.library.write_error or "cannot save library.json").strip()
        tried = f" (tried {self.tries} times)" if self.tries > 1 else ""
        return Content.assemble(
            ("Your changes are not saved", "bold"),
            tried,
            "\n\n",
            error,
            "\n\nNot saved: ",
            (self.library.unsaved_changes() or "nothing", "bold"),
            "\n\nFree some space (or make the folder writable) and retry. Quitting anyway "
            "loses these changes.",
        )

    def on_mount(self) -> None:
        self.query_one("#retry", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"retry": self.action_retry, "quit": self.action_quit_anyway, "back": self.action_back}[
            event.button.id or "back"
        ]()

    def action_retry(self) -> None:
        if self.library.flush():
            self.dismiss(SAVED)
            return
        self.tries += 1
        self.query_one("#unsaved", Static).update(self._message())

    def action_quit_anyway(self) -> None:
        self.dismiss(LOST)

    def action_back(self) -> None:
        self.dismiss(None)


def ask_before_losing(app: App, library: LibraryStore) -> None:
    """Open the dialog; exit 0 once saved, 1 when the user quits with changes lost."""

    def answered(outcome: str | None) -> None:
        if outcome == SAVED:
            app.exit(0)
        elif outcome == LOST:
            app.exit(1, return_code=1)

    app.push_screen(UnsavedScreen(library), answered)
