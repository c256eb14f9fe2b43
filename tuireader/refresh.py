"""The refresh engine: every enabled source at once, politely, into the cache.

One shared httpx client per refresh; sources run concurrently, bounded per host by
``HostGate``. A big body is parsed and stored by a worker process (see parsepool); small
bodies are parsed in a thread, and the main process's own cache writes go to one writer
thread, so an event loop that also drives a UI stays responsive. A failing source records
its error and keeps its old papers; the others are unaffected. No textual here: the CLI
and the TUI both drive this.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import httpx

from tuireader.ingest import (
    IngestResult,
    body_hash,
    chunked_body_hash,
    ingest_papers,
    record_unchanged,
    store_rows,
)
from tuireader.model import Paper
from tuireader.parsepool import PROCESS_THRESHOLD, ParsePool
from tuireader.sources import FeedError
from tuireader.sources.charset import to_utf8
from tuireader.sources.http import FetchError, HostGate, fetch, open_client
from tuireader.sources.tls import tls_context
from tuireader.sources.urls import arxiv_api_page_url, source_url
from tuireader.store.cache import CacheStore, SourceState
from tuireader.store.config import Config, SourceConfig

_T = TypeVar("_T")

# Outcome statuses, as `hubread fetch` prints them.
UPDATED = "updated"          # new or changed papers
UNCHANGED = "unchanged"      # fetched, nothing new (or a byte-identical body)
NOT_MODIFIED = "not modified"  # HTTP 304
EMPTY = "empty"              # a valid feed without items (arXiv on weekends)
FAILED = "error"

# From this many feeds on, a refresh may start its parse processes before the first
# response arrives; one or two sources rarely have a body big enough to need them.
WARM_POOL_SOURCES = 3


def _surely_parsing(sources: Sequence[SourceConfig], states: dict[str, SourceState]) -> bool:
    """Whether to start the parse processes before the first response: several feeds, and
    some never fetched, so their bodies will be parsed. Otherwise they start with the
    first body that differs from its last one: a cron run often gets nothing but 304s and
    identical bodies, and starting them would be waste."""
    feeds = [s for s in sources if s.kind != "arxiv-query"]
    if len(feeds) < WARM_POOL_SOURCES:
        return False
    return any((state := states.get(s.name)) is None or state.body_hash is None
               for s in feeds)


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
        self._writer: ThreadPoolExecutor | None = None

    async def _write(self, function: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """Run a cache write on the refresh's one writer thread.

        Writes take the cache's lock one at a time anyway; queueing them on their own thread
        keeps them from filling the default thread pool, where they would hold up the
        fetches and parses that come after them. Only called while ``refresh`` runs.
        """
        assert self._writer is not None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, partial(function, *args, **kwargs))

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
        self._pool = ParsePool(self.workers, self.cache.path)
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="hubread-cache-writer")
        tls_context()  # loads while the cache is read
        try:
            try:
                states = await asyncio.to_thread(self.cache.all_source_states)
            except sqlite3.Error:
                states = {}  # each source will report why the cache cannot be used
            sources = self.sources(names)
            if _surely_parsing(sources, states):
                self._pool.warm()
            async with await open_client(network) as client:

                async def run(source: SourceConfig) -> None:
                    state = states.get(source.name) or SourceState(source.name)
                    outcome = await self._refresh_source(client, gate, source, state)
                    report.outcomes.append(outcome)
                    if on_done is not None:
                        on_done(outcome)

                await asyncio.gather(*(run(s) for s in sources))
        finally:
            self._pool.close()
            self._writer.shutdown(wait=True)
            self._writer = None
        try:
            report.purged = await asyncio.to_thread(
                self.cache.purge, self.config.retention_days, set(self.keep()))
        except sqlite3.Error:
            report.purged = 0  # the sources' outcomes already say the cache is not writable
        report.seconds = time.monotonic() - started
        return report

    async def _refresh_source(self, client: httpx.AsyncClient, gate: HostGate,
                              source: SourceConfig, state: SourceState) -> SourceOutcome:
        started = time.monotonic()
        try:
            if source.kind == "arxiv-query":
                result = await self._refresh_api_query(client, gate, source)
            else:
                result = await self._refresh_feed(client, gate, source, state)
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
            await self._write(self.cache.record_error, source.name, message)
        return SourceOutcome(source.name, FAILED, message=message,
                             seconds=time.monotonic() - started)

    async def _refresh_feed(self, client: httpx.AsyncClient, gate: HostGate,
                            source: SourceConfig, state: SourceState) -> IngestResult | None:
        """Conditional GET of one feed (``state`` holds its validators and the hash of its
        last body); None when the server says 304."""
        fetched = await fetch(client, gate, self.config.network, source_url(source),
                              etag=state.etag, last_modified=state.last_modified)
        if fetched.not_modified:
            await self._write(self.cache.record_success, source.name,
                              etag=fetched.etag, last_modified=fetched.last_modified)
            return None
        digest = await asyncio.to_thread(chunked_body_hash, fetched.chunks)
        if state.body_hash == digest:
            return await self._write(record_unchanged, self.cache, source, etag=fetched.etag,
                                     last_modified=fetched.last_modified)
        body = to_utf8(fetched.body, fetched.content_type)
        if len(body) >= PROCESS_THRESHOLD:
            self._pool.warm()  # all of its workers at once, for the bodies that follow
        stored = await self._pool.parse_and_store(source, body, digest=digest,
                                                  etag=fetched.etag,
                                                  last_modified=fetched.last_modified)
        if stored is not None:
            return stored
        rows = await self._pool.parse(source.kind, body, source.name)
        return await self._write(store_rows, self.cache, source, rows, digest=digest,
                                 etag=fetched.etag, last_modified=fetched.last_modified)

    async def _refresh_api_query(self, client: httpx.AsyncClient, gate: HostGate,
                                 source: SourceConfig) -> IngestResult:
        """Page through an arXiv API query up to ``max_results``."""
        from tuireader.sources.arxiv_api import parse_arxiv_api_page  # parsers load on use

        papers: list[Paper] = []
        bodies: list[bytes] = []
        start = 0
        while start < source.max_results:
            fetched = await fetch(client, gate, self.config.network,
                                  arxiv_api_page_url(source, start))
            body = fetched.body
            page, total = await asyncio.to_thread(parse_arxiv_api_page, body, source.name)
            bodies.append(body)
            papers.extend(page)
            start += len(page)
            if not page or (total is not None and start >= total):
                break
        return await self._write(ingest_papers, self.cache, source, papers,
                                 digest=body_hash(*bodies))
