"""Messages from the app's workers to the reader screen, named for what happened."""

from __future__ import annotations

from textual.message import Message

from tuireader.refresh import RefreshReport, SourceOutcome
from tuireader.store.cache import SourceState
from tuireader.views import ListItem


class ItemsLoaded(Message):
    """The cache was read: every list item, and each source's fetch state."""

    def __init__(self, items: list[ListItem], states: dict[str, SourceState]) -> None:
        super().__init__()
        self.items = items
        self.states = states


class SourceRefreshed(Message):
    """One source finished refreshing (successfully or not)."""

    def __init__(self, outcome: SourceOutcome, done: int, total: int) -> None:
        super().__init__()
        self.outcome = outcome
        self.done = done
        self.total = total


class RefreshFinished(Message):
    """A refresh of one or more sources ended."""

    def __init__(self, report: RefreshReport) -> None:
        super().__init__()
        self.report = report


class LibraryChanged(Message):
    """Another hubread wrote library.json; marks may have changed."""
