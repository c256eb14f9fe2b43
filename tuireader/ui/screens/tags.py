"""Edit a paper's tags: comma-separated, completing the tag being typed from known tags."""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from tuireader.sanitize import clean


class TagSuggester(Suggester):
    """Completes the last comma-separated word from the tags already in use."""

    def __init__(self, known: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        # Suggested tags are shown in the field: cleaned as the field's own text is.
        self.known = sorted({clean(tag) for tag in known})

    async def get_suggestion(self, value: str) -> str | None:
        word = value.rpartition(",")[2].lstrip()
        if not word:
            return None
        for tag in self.known:
            if tag.lower().startswith(word.lower()) and tag.lower() != word.lower():
                prefix = value[: len(value) - len(word)]
                return prefix + tag
        return None


class TagEditor(ModalScreen[list[str] | None]):
    """Dismisses with the new tag list, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, tags: Iterable[str], known: Iterable[str]) -> None:
        super().__init__()
        self.paper_title = title
        self.tags = list(tags)
        self.known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.assemble(("Tags for ", "bold"), clean(self.paper_title)))
            yield Input(
                clean(", ".join(self.tags)),  # library.json's tags, which anyone may edit
                placeholder="e.g. to-read, llm, reviews",
                suggester=TagSuggester(self.known),
                id="tags",
            )
            yield Static(
                Content("Comma-separated. → accepts a completion, Enter saves, Escape cancels."),
                classes="hint",
            )

    def on_key(self, event: events.Key) -> None:
        """Keys typed before the field had focus (right after ``t``) go into it: a printable
        key that reaches the screen never went through the field (it would have taken it)."""
        field = self.query_one("#tags", Input)
        if event.is_printable and event.character:
            self.set_focus(field)
            field.insert_text_at_cursor(event.character)
            event.stop()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss([t.strip() for t in event.value.split(",") if t.strip()])

    def action_cancel(self) -> None:
        self.dismiss(None)
