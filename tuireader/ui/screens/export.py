"""``e``: pick a format for exporting the papers of the current view."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tuireader.export import FORMATS
from tuireader.sanitize import clean
from tuireader.wording import plural


class ExportPicker(ModalScreen[str | None]):
    """Dismisses with a format name, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, count: int, view: str) -> None:
        super().__init__()
        self.count = count
        self.view = view

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content.assemble(
                    ("Export ", "bold"),
                    f"{plural(self.count, 'paper')} of ",
                    (clean(self.view), "bold"),  # a tag or source name: untrusted
                    " as:",
                )
            )
            yield OptionList(
                *(Option(Content(f.label), id=f.name) for f in FORMATS.values()), id="formats"
            )
            yield Static(Content("Enter exports, Escape cancels."), classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
