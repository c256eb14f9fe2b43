"""What hubread had to do to the user's files (a file moved aside, records set aside),
shown at start until the user says they have seen it."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tuireader.sanitize import clean
from tuireader.storage.home import Stores
from tuireader.storage.notices import Notice, acknowledge, pending_notices


class NoticeScreen(ModalScreen[bool]):
    """Dismisses with True once acknowledged (Enter on OK, Escape); the caller then removes
    the notices from notices.json."""

    DEFAULT_CSS = """
    NoticeScreen {
        align: center middle;
        background: $background 60%;
    }
    """
    BINDINGS = [Binding("escape", "acknowledge", "OK")]

    def __init__(self, notices: list[Notice]) -> None:
        super().__init__()
        self.notices = notices

    def compose(self) -> ComposeResult:
        lines = [Content.assemble(("hubread had to change your files", "bold"))]
        for notice in self.notices:
            when = f"{clean(notice.at.replace('T', ' ')[:16])} UTC: " if notice.at else ""
            lines.append(Content.assemble("\n• ", (when, "dim"), clean(notice.message).strip()))
        with VerticalScroll(id="dialog"):
            yield Static(Content("\n").join(lines), id="notices")
            yield Static(
                Content("This is shown until you press OK (Enter or Escape)."), classes="hint"
            )
            with Horizontal(id="buttons"):
                yield Button("OK", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(True)

    def action_acknowledge(self) -> None:
        self.dismiss(True)


def show_notices(app: App, stores: Stores, *, at_start: bool) -> None:
    """Record the stores' new problems, then show every notice waiting in notices.json (at
    start) or the new ones (later); acknowledging removes them from the file."""
    notices_file = stores.paths.notices_file

    def read() -> None:
        new = stores.take_problems()
        if not new and not at_start:
            return
        if not at_start:  # the older ones are on screen already, or were acknowledged
            notices = new
        else:
            unrecorded = [n for n in new if not n.id]
            try:
                notices = pending_notices(notices_file) + unrecorded
            except OSError as exc:
                why = f"{notices_file}: cannot read: {exc.strerror or exc}"
                notices = [*new, Notice("", "", why)]
        if notices:
            app.call_from_thread(app.push_screen, NoticeScreen(notices), acknowledged(notices))

    def acknowledged(notices: list[Notice]) -> Callable[[bool | None], None]:
        def callback(seen: bool | None) -> None:
            if seen:
                app.run_worker(
                    lambda: forget({n.id for n in notices if n.id}),
                    thread=True,
                    group="notices",
                    description="Saving notices.json",
                    exit_on_error=False,
                )

        return callback

    def forget(ids: set[str]) -> None:
        try:
            acknowledge(notices_file, ids)
        except OSError as exc:
            app.call_from_thread(
                app.notify,
                f"{notices_file}: cannot save: "
                f"{exc.strerror or exc}. These messages will be shown again "
                "next time.",
                severity="warning",
                markup=False,
            )

    app.run_worker(
        read, thread=True, group="notices", description="Reading notices.json", exit_on_error=False
    )
