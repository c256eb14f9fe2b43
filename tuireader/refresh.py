"""The refresh engine: every enabled source at once, politely, into the cache.

One shared httpx client per refresh; sources run concurrently, bounded per host by
``HostGate``; parsing and SQLite writes go to worker threads so an event loop that also
drives a UI stays responsive. A failing source records its error and keeps its old papers;
the others are unaffected. No textual here: the CLI and the TUI both drive this.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import httpx

from tuireader.ingest import (
    IngestResult,
    body_hash,
    ingest_papers,
    skip_unchanged,
    store_rows,
)
from tuireader.model import Paper
from tuireader.parsepool import ParsePool
from tuireader.sources import FeedError
from tuireader.sources.arxiv_api import parse_arxiv_api_page
from tuireader.sources.charset import to_utf8
from tuireader.sources.http import FetchError, HostGate, fetch, make_client
from tuireader.sources.urls import arxiv_api_page_url, source_url
from tuireader.store.cache import CacheStore
from tuireader.store.config import Config, SourceConfig

# Outcome statuses, as `hubread fetch` prints them.
UPDATED = "updated"          # new or changed papers
UNCHANGED = "unchanged"      # fetched, nothing new (or a byte-identical body)
NOT_MODIFIED = "not modified"  # HTTP 304
EMPTY = "empty"              # a valid feed without items (arXiv on weekends)
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


def outcome_of(source: SourceConfig, result: IngestResult, started: float) -> SourceOutcome:
    """What an ingest did, as the status `hubread fetch` and the reader report."""
    seconds = time.monotonic() - started
    if result.skipped:
        return SourceOutcome(source.name, UNCHANGED, message="same content as last time",
                             seconds=seconds)
    stats = result.stats
    if result.parsed == 0:
        note = ("no announcement today (arXiv lists nothing on weekends and holidays)"
                if source.kind == "arxiv" else "the feed has no items")
        return SourceOutcome(source.name, EMPTY, message=note, seconds=seconds)
    status = UPDATED if stats.new or stats.updated else UNCHANGED
    return SourceOutcome(source.name, status, stats.new, stats.updated, stats.unchanged,
                         seconds=seconds)


class Refresher:
    """Refreshes sources of one config into one cache."""

    def __init__(self, config: Config, cache: CacheStore,
                 keep: Callable[[], Iterable[str]] = frozenset,
                 workers: int | None = None) -> None:
        self.config = config
        self.cache = cache
        self.keep = keep  # keys never purged (the starred papers)
        self.workers = workers  # parse processes; None = one per core, at most two
        self._pool = ParsePool(0)

    def sources(self, names: Sequence[str] | None = None) -> list[SourceConfig]:
        if names:
            return [s for s in self.config.sources if s.name in names]
        return [s for s in self.config.sources if s.enabled]

    async def refresh(self, names: Sequence[str] | None = None,
                      on_done: Callable[[SourceOutcome], None] | None = None) -> RefreshReport:
        """Refresh ``names`` (default: every enabled source); ``on_done`` per source."""
        started = time.monotonic()
        report = RefreshReport()
        network = self.config.network
        gate = HostGate(network)
        self._pool = ParsePool(self.workers)
        try:
            async with make_client(network) as client:

                async def run(source: SourceConfig) -> None:
                    outcome = await self._refresh_source(client, gate, source)
                    report.outcomes.append(outcome)
                    if on_done is not None:
                        on_done(outcome)

                await asyncio.gather(*(run(s) for s in self.sources(names)))
        finally:
            self._pool.close()
        try:
            report.purged = await asyncio.to_thread(
                self.cache.purge, self.config.retention_days, set(self.keep()))
        except sqlite3.Error:
            report.purged = 0  # the sources' outcomes already say the cache is not writable
        report.seconds = time.monotonic() - started
        return report

    async def _refresh_source(self, client: httpx.AsyncClient, gate: HostGate,
                              source: SourceConfig) -> SourceOutcome:
        started = time.monotonic()
        try:
            if source.kind == "arxiv-query":
                result = await self._refresh_api_query(client, gate, source)
            else:
                result = await self._refresh_feed(client, gate, source)
        except (FetchError, FeedError) as exc:
            message = str(exc)
        except sqlite3.Error as exc:  # disk full, read-only data dir, a damaged cache
            message = f"cannot save to the cache: {exc}"
        except Exception as exc:  # one broken source must not stop the rest
            message = f"unexpected {type(exc).__name__}: {exc}"
        else:
            if result is None:
                return SourceOutcome(source.name, NOT_MODIFIED,
                                     seconds=time.monotonic() - started)
            return outcome_of(source, result, started)
        # If the cache cannot take the error either, the outcome still carries the message.
        with contextlib.suppress(sqlite3.Error):
            await asyncio.to_thread(self.cache.record_error, source.name, message)
        return SourceOutcome(source.name, FAILED, message=message,
                             seconds=time.monotonic() - started)

    async def _refresh_feed(self, client: httpx.AsyncClient, gate: HostGate,
                            source: SourceConfig) -> IngestResult | None:
        """Conditional GET of one feed; None when the server says 304."""
        state = await asyncio.to_thread(self.cache.source_state, source.name)  # validators
        fetched = await fetch(client, gate, self.config.network, source_url(source),
                              etag=state.etag, last_modified=state.last_modified)
        if fetched.not_modified:
            await asyncio.to_thread(self.cache.record_success, source.name,
                                    etag=fetched.etag, last_modified=fetched.last_modified)
            return None
        digest = body_hash(fetched.body)
        skipped = await asyncio.to_thread(skip_unchanged, self.cache, source, digest,
                                          etag=fetched.etag,
                                          last_modified=fetched.last_modified)
        if skipped is not None:
            return skipped
        body = to_utf8(fetched.body, fetched.content_type)
        rows = await self._pool.parse(source.kind, body, source.name)
        return await asyncio.to_thread(store_rows, self.cache, source, rows, digest=digest,
                                       etag=fetched.etag, last_modified=fetched.last_modified)

    async def _refresh_api_query(self, client: httpx.AsyncClient, gate: HostGate,
                                 source: SourceConfig) -> IngestResult:
        """Page through an arXiv API query up to ``max_results``."""
        papers: list[Paper] = []
        bodies: list[bytes] = []
        start = 0
        while start < source.max_results:
            fetched = await fetch(client, gate, self.config.network,
                                  arxiv_api_page_url(source, start))
            page, total = await asyncio.to_thread(parse_arxiv_api_page, fetched.body,
                                                  source.name)
            bodies.append(fetched.body)
            papers.extend(page)
            start += len(page)
            if not page or (total is not None and start >= total):
                break
        return await asyncio.to_thread(ingest_papers, self.cache, source, papers,
                                       digest=body_hash(*bodies))
