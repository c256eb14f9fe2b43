"""``ctrl+z`` / ``U``: undo the reader's last marks, one step at a time (ui/undo.py keeps
the history). An undo is saved at once through the same save as the mark it takes back,
and says what it undid: "Undone: marked 42 papers read"."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from tuireader.sanitize import clean
from tuireader.ui.undo import Field

if TYPE_CHECKING:
    from tuireader.ui.screens.reader import ReaderScreen

T = TypeVar("T")
TITLE_ROOM = 40  # characters of a title in an undo message
_RANKED = frozenset(("stars", "tags", "dismissed"))  # what the radar learns from


def quoted(title: str) -> str:
    """A paper's title for a message: cleaned, cut to ``TITLE_ROOM``, in quotes."""
    text = " ".join(clean(title).split())
    if len(text) > TITLE_ROOM:
        text = text[: TITLE_ROOM - 1].rstrip() + "…"
    return f"“{text}”"


def record(screen: ReaderScreen, label: str, fields: Iterable[Field], action: Callable[[], T]) -> T:
    """Run the marking ``action`` so that ``U`` can take it back (see UndoHistory.record)."""
    return screen.undo.record(screen.stores.library, label, fields, action)


def undo(screen: ReaderScreen) -> None:
    """Take back the latest recorded mark of this session, and save that."""
    library = screen.stores.library
    undone = screen.undo.undo(library)
    if undone is None:
        screen.notify("Nothing to undo.", severity="warning", timeout=3)
        return
    label = undone.step.label
    if not undone.restored:
        screen.notify(
            f"Not undone: {label} — changed again since (here or by another hubread).",
            severity="warning",
            timeout=5,
        )
        return
    unread = [c.key for c in undone.restored if c.section == "read" and c.before is None]
    read = [c.key for c in undone.restored if c.section == "read" and c.before is not None]
    if len(unread) == 1:  # one paper made unread again: as if by hand (see AutoRead)
        screen.auto_read.marked_unread(unread[0])
    elif read:
        screen.auto_read.marked_read(read)
    else:
        screen.auto_read.cancel()
    text = f"Undone: {label}"
    if undone.superseded:
        text += f" ({undone.superseded} changed again since: left as they are)"
    ranked = any(c.section in _RANKED for c in undone.restored)

    def saved() -> None:
        screen.rebuild()
        if library.write_error is None:  # else "Not saved" said so
            screen.notify(text, timeout=4)
        if ranked:
            screen.host.radar.rank()

    screen.host.save_library(then=saved)
