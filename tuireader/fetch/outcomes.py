"""What refreshing a source did, as `hubread fetch` prints it and the reader shows it.

Kept apart from the refresh engine so that the commands and the reader can name outcomes
without importing the network stack.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from tuireader.fetch.ingest import IngestResult
from tuireader.kinds.registry import kind_of
from tuireader.kinds.source import SourceConfig

# Outcome statuses, as `hubread fetch` prints them.
UPDATED = "updated"  # new or changed papers
UNCHANGED = "unchanged"  # fetched, nothing new (or a byte-identical body)
NOT_MODIFIED = "not modified"  # HTTP 304
EMPTY = "empty"  # a valid feed without items (arXiv on weekends)
FAILED = "error"


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """What refreshing one source did."""

    name: str
    status: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    message: str = ""
    seconds: float = 0.0
    unreadable: int = 0  # items of the feed that could not be read (the rest were stored)
    warning: str = ""  # what is wrong with a listing that was stored all the same (stale)

    @property
    def ok(self) -> bool:
        return self.status != FAILED


@dataclass(slots=True)
class RefreshReport:
    outcomes: list[SourceOutcome] = field(default_factory=list)
    purged: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)

    @property
    def warned(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.warning]


def outcome_of(source: SourceConfig, result: IngestResult, started: float) -> SourceOutcome:
    """What an ingest did, as the status `hubread fetch` and the reader report."""
    seconds = time.monotonic() - started
    if result.skipped:
        return SourceOutcome(
            source.name, UNCHANGED, message="same content as last time", seconds=seconds
        )
    stats = result.stats
    warning = result.warning or ""
    if result.parsed == 0:
        return SourceOutcome(
            source.name,
            EMPTY,
            message=kind_of(source.kind).empty_note,
            seconds=seconds,
            warning=warning,
        )
    status = UPDATED if stats.new or stats.updated else UNCHANGED
    return SourceOutcome(
        source.name,
        status,
        stats.new,
        stats.updated,
        stats.unchanged,
        seconds=seconds,
        unreadable=result.unreadable,
        warning=warning,
    )
