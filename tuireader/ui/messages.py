"""Messages from the app's workers to the reader screen, named for what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the refresh engine (and httpx) load only when a refresh starts
    from tuireader.fetch.outcomes import RefreshReport
    from tuireader.storage.cache import SourceState
    from tuireader.storage.list_rows import ListItem


class ItemsLoaded(Message):
    """The cache was read: every list item, and each source's fetch state.

    ``partial`` for the first screenful, sent before the whole cache is read.
    """

    def __init__(
        self, items: list[ListItem], states: dict[str, SourceState], *, partial: bool = False
    ) -> None:
        super().__init__()
        self.items = items
        self.states = states
        self.partial = partial


class RefreshFinished(Message):
    """A refresh of one or more sources ended."""

    def __init__(self, report: RefreshReport) -> None:
        super().__init__()
        self.report = report


class LibraryChanged(Message):
    """Another hubread wrote library.json; marks may have changed."""
