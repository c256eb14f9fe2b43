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
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar

import httpx

from tuireader.config.settings import Config
from tuireader.feeds.charset import to_utf8
from tuireader.fetch.ingest import (
    IngestResult,
    body_hash,
    chunked_body_hash,
    ingest_papers,
    record_unchanged,
    store_rows,
)
from tuireader.fetch.outcomes import FAILED, NOT_MODIFIED, RefreshReport, SourceOutcome, outcome_of
from tuireader.fetch.parse_pool import PROCESS_THRESHOLD, ParsePool, will_parse
from tuireader.kinds import FeedError
from tuireader.kinds.base import Paging
from tuireader.kinds.registry import kind_of, source_url
from tuireader.kinds.source import SourceConfig
from tuireader.model import Paper
from tuireader.net.http_get import FetchError, HostGate, fetch, open_client
from tuireader.net.tls import TlsSetupError, tls_context
from tuireader.sanitize import clean
from tuireader.storage.cache import CacheStore, SourceState

_T = TypeVar("_T")
logger = logging.getLogger(__name__)


class Refresher:
    """Refreshes sources of one config into one cache."""

    def __init__(
        self,
        config: Config,
        cache: CacheStore,
        keep: Callable[[], Iterable[str]] = frozenset,
        workers: int | None = None,
    ) -> None:
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
        return self.config.sources_to_refresh(names)

    async def refresh(
        self,
        names: Sequence[str] | None = None,
        on_done: Callable[[SourceOutcome], None] | None = None,
    ) -> RefreshReport:
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
            if will_parse(sources, states):
                self._pool.warm()
            try:
                client: httpx.AsyncClient | None = await open_client(network)
                no_client = ""
            except TlsSetupError as exc:  # a bad SSL_CERT_FILE: each source says so
                client, no_client = None, str(exc)
            async with client or contextlib.nullcontext():

                async def run(source: SourceConfig) -> None:
                    if client is None:
                        outcome = await self._failed(source, no_client, time.monotonic())
                    else:
                        state = states.get(source.name) or SourceState(source.name)
                        outcome = await self._refresh_source(client, gate, source, state)
                    report.outcomes.append(outcome)
                    if on_done is not None:
                        on_done(outcome)

                await asyncio.gather(*(run(s) for s in sources))
        finally:
            # Waits for the worker processes to end: off the event loop.
            await asyncio.to_thread(self._pool.close)
            self._writer.shutdown(wait=True)
            self._writer = None
        try:
            report.purged = await asyncio.to_thread(
                self.cache.purge, self.config.retention_days, set(self.keep())
            )
        except sqlite3.Error:
            report.purged = 0  # the sources' outcomes already say the cache is not writable
        report.seconds = time.monotonic() - started
        return report

    async def _refresh_source(
        self, client: httpx.AsyncClient, gate: HostGate, source: SourceConfig, state: SourceState
    ) -> SourceOutcome:
        started = time.monotonic()
        try:
            paging = kind_of(source.kind).paging
            result: IngestResult | None
            if paging is not None:
                result = await self._refresh_pages(client, gate, source, paging)
            else:
                result = await self._refresh_feed(client, gate, source, state)
        except (FetchError, FeedError) as exc:
            message = str(exc)
            logger.warning("source %r: %s", source.name, message)
        except sqlite3.Error as exc:  # disk full, read-only data dir, a damaged cache
            message = f"cannot save to the cache: {exc}"
            logger.exception("source %r: %s", source.name, message)
        except Exception as exc:  # one broken source must not stop the rest
            message = f"unexpected {type(exc).__name__}: {exc}"
            # The outcome keeps one line; the traceback is what a bug report needs.
            logger.exception("source %r: %s", source.name, message)
        else:
            # A 304 or a byte-identical body is the last listing again: still as stale.
            warning = state.warned or ""
            if result is None:
                return SourceOutcome(
                    source.name, NOT_MODIFIED, seconds=time.monotonic() - started, warning=warning
                )
            outcome = outcome_of(source, result, started)
            return replace(outcome, warning=warning) if result.skipped else outcome
        return await self._failed(source, message, started)

    async def _failed(self, source: SourceConfig, message: str, started: float) -> SourceOutcome:
        """Record a source's error in the cache; the outcome carries it even when the cache
        cannot take it either. The message quotes the server (a reason phrase, an element
        name), so it is cleaned here, before it is stored or shown anywhere."""
        message = clean(message).strip()
        with contextlib.suppress(sqlite3.Error):
            await self._write(self.cache.record_error, source.name, message)
        return SourceOutcome(
            source.name, FAILED, message=message, seconds=time.monotonic() - started
        )

    async def _refresh_feed(
        self, client: httpx.AsyncClient, gate: HostGate, source: SourceConfig, state: SourceState
    ) -> IngestResult | None:
        """Conditional GET of one feed (``state`` holds its validators and the hash of its
        last body); None when the server says 304."""
        fetched = await fetch(
            client,
            gate,
            self.config.network,
            source_url(source),
            etag=state.etag,
            last_modified=state.last_modified,
        )
        if fetched.not_modified:
            await self._write(
                self.cache.record_success,
                source.name,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
            )
            return None
        digest = await asyncio.to_thread(chunked_body_hash, fetched.chunks)
        if state.body_hash == digest:
            return await self._write(
                record_unchanged,
                self.cache,
                source,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
            )
        body = to_utf8(fetched.body, fetched.content_type)
        if len(body) >= PROCESS_THRESHOLD:
            self._pool.warm()  # all of its workers at once, for the bodies that follow
        generation = self.cache.generation
        try:
            stored = await self._pool.parse_and_store(
                source, body, digest=digest, etag=fetched.etag, last_modified=fetched.last_modified
            )
        except sqlite3.DatabaseError as exc:
            # A worker found the cache damaged (it must not repair): repair here, then
            # parse and store this source once more, in this process, into the new cache.
            if not await self._write(self.cache.repair_damage, exc, generation):
                raise
            stored = None
        if stored is not None:
            return stored
        rows, unreadable = await self._pool.parse(source.kind, body, source.name)
        return await self._write(
            store_rows,
            self.cache,
            source,
            rows,
            digest=digest,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            unreadable=unreadable,
        )

    async def _refresh_pages(
        self, client: httpx.AsyncClient, gate: HostGate, source: SourceConfig, paging: Paging
    ) -> IngestResult:
        """Page through a paged kind (an arXiv API query) up to ``max_results``."""
        papers: list[Paper] = []
        bodies: list[bytes] = []
        unreadable = start = 0
        while start < source.max_results:
            fetched = await fetch(client, gate, self.config.network, paging.url(source, start))
            body = fetched.body
            page, total = await asyncio.to_thread(paging.parse, body, source.name)
            bodies.append(body)
            papers.extend(page.papers)
            unreadable += page.unreadable
            start += len(page.papers) + page.unreadable  # results of the page, read or not
            if not page.papers or (total is not None and start >= total):
                break
        return await self._write(
            ingest_papers,
            self.cache,
            source,
            papers,
            digest=body_hash(*bodies),
            unreadable=unreadable,
        )
