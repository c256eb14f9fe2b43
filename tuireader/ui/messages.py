"""Messages from the app's workers to the reader screen, named for what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the refresh engine (and httpx) load only when a refresh starts
    from tuireader.fetch.outcomes import RefreshReport
    from tuireader.radar.ranking import Ranked, Why
    from tuireader.radar.service import RankedView
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
    """A refresh of one or more sources ended; ``quiet`` when the user did not ask for it."""

    def __init__(self, report: RefreshReport, *, quiet: bool = False) -> None:
        super().__init__()
        self.report = report
        self.quiet = quiet


class LibraryChanged(Message):
    """Another hubread wrote library.json; marks may have changed."""


class RadarRanked(Message):
    """The radar scored the candidates (``final``) or read the last saved scores (not
    ``final``: painted at once, while the up-to-date ranking is computed)."""

    def __init__(self, view: RankedView | None, scores: dict[str, Ranked], *, final: bool) -> None:
        super().__init__()
        self.view = view
        self.scores = scores
        self.final = final


class RadarExplained(Message):
    """Why a paper scores as it does (``why``), or why it is not on the radar (``missing``)."""

    def __init__(self, key: str, why: Why | None, missing: str | None) -> None:
        super().__init__()
        self.key = key
        self.why = why
        self.missing = missing


class TagRanked(Message):
    """The candidates scored by one tag's model: that tag's own radar (a ``#tag`` entry)."""

    def __init__(self, tag: str, ranked: list[Ranked]) -> None:
        super().__init__()
        self.tag = tag
        self.ranked = ranked
