"""Edit a paper's note (multi-line)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tuireader.sanitize import clean
from tuireader.ui import typed_ahead


class NoteEditor(ModalScreen[str | None]):
    """Dismisses with the note text (Ctrl+S), or None when cancelled (Escape)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.paper_title = title
        self.note = note
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.assemble(("Note on ", "bold"), clean(self.paper_title)))
            # library.json is a file anyone may edit: Textual strips only a few controls.
            yield TextArea(clean(self.note, multiline=True), id="note", soft_wrap=True)
            yield Static(Content("Ctrl+S saves, Escape cancels."), classes="hint")

    def on_key(self, event: events.Key) -> None:
        """Keys typed before the editor had focus (right after ``n``) go into it: a printable
        key that reaches the screen never went through the editor (it would have taken it)."""
        editor = self.query_one(TextArea)
        if event.is_printable and event.character:
            self.set_focus(editor)
            editor.insert(event.character)
            event.stop()

    def on_paste(self, event: events.Paste) -> None:
        """A paste that arrived before the editor had focus goes into it too (one through
        the editor is in it already)."""
        editor = self.query_one(TextArea)
        if not editor.has_focus or typed_ahead.redelivered(event):
            self.set_focus(editor)
            editor.insert(event.text)
            event.stop()

    def action_save(self) -> None:
        """Save once everything typed or pasted before Ctrl+S is in the editor.

        Ctrl+S is a priority binding: it runs as soon as the app reads it, while the keys
        and pastes that came just before it may still wait in this screen's queue (before
        the editor had focus) or in the editor's. Reading the text now would drop them, so
        the text is read after both queues have handled what they hold.
        """
        if self._saving:
            return
        self._saving = True
        self.call_later(self._save_after_screen_queue)

    def _save_after_screen_queue(self) -> None:
        editor = self.query_one(TextArea)

        def save() -> None:  # returns nothing: awaiting the dismissal here would deadlock
            self.dismiss(editor.text)

        editor.call_later(save)

    def action_cancel(self) -> None:
        self.dismiss(None)
