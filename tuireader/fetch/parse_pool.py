"""Worker processes for parsing and storing large feed bodies, so refreshes use every core.

A 700-item listing takes tens of milliseconds of pure-Python work to parse, clean and
encode, and as long again to store; fifty of them would serialize on the GIL. Bodies above
``PROCESS_THRESHOLD`` go to a small process pool (forkserver on Linux, with the parsers
preloaded; spawn elsewhere). Each worker stores what it parsed in its own connection to the
cache, one worker at a time (a lock shared by the pool; SQLite allows one writer), so the
rows never travel back to the main process. Small bodies stay in a thread, where starting a
process would cost more than it saves.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tuireader.fetch.ingest import IngestResult, ParsedRows, parse_to_rows, store_rows
from tuireader.kinds.source import SourceConfig
from tuireader.storage.cache import CacheStore, SourceState

PROCESS_THRESHOLD = 256 * 1024


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tuireader.fetch.ingest", "tuireader.kinds.registry"])
        return context
    return multiprocessing.get_context("spawn")


# From this many feeds on, a refresh may start its parse processes before the first
# response arrives; one or two sources rarely have a body big enough to need them.
WARM_POOL_SOURCES = 3


def will_parse(sources: Sequence[SourceConfig], states: Mapping[str, SourceState]) -> bool:
    """Whether to start the parse processes before the first response: several feeds, and
    some never fetched, so their bodies will be parsed. Otherwise they start with the
    first body that differs from its last one: a cron run often gets nothing but 304s and
    identical bodies, and starting them would be waste."""
    feeds = [s for s in sources if s.kind != "arxiv-query"]
    if len(feeds) < WARM_POOL_SOURCES:
        return False
    return any((state := states.get(s.name)) is None or state.body_hash is None
               for s in feeds)


def start_helpers() -> None:
    """Start multiprocessing's helper processes now: the fork server and the resource
    tracker. The fork server takes a tenth of a second to import the parsers; `hubread
    fetch` starts it while it imports the network stack, so the workers are up when the
    first body arrives. (Pools start them anyway; calling this again does nothing.)"""
    _start_helpers(_context())


def _start_helpers(context: multiprocessing.context.BaseContext) -> None:
    """Start the helper processes with a usable stderr.

    They hand ``sys.stderr.fileno()`` to the new process. Inside the reader, Textual has
    replaced sys.stderr with a capture whose fileno() is -1, and starting them fails with
    "bad value(s) in fds_to_keep"; there, their stderr is /dev/null (the terminal belongs
    to the reader).
    """
    from multiprocessing import forkserver, resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    with contextlib.ExitStack() as stack:
        if not usable:
            stack.enter_context(contextlib.redirect_stderr(
                stack.enter_context(open(os.devnull, "w"))))
        resource_tracker.ensure_running()
        if context.get_start_method() == "forkserver":
            forkserver.ensure_running()


def _exit_with(owner: int) -> None:
    """Worker initializer: leave when the process that started the pool is gone.

    A worker holds both ends of its task queue, so it never sees end-of-file when its owner
    is killed (kill -9, the OOM killer); without this it would wait forever, and keep the
    fork server alive with it.
    """
    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(owner, 0)
            except (ProcessLookupError, PermissionError):  # gone, or its pid reused
                os._exit(0)

    threading.Thread(target=watch, name="hubread-owner-watch", daemon=True).start()


# One worker's view of the pool: the cache it stores into and the lock writers share.
_worker_cache_path: str | None = None
_worker_cache: CacheStore | None = None
_worker_write_lock: Any = None
_write_lock_guard = threading.Lock()
WRITE_LOCK_WAIT = 120.0  # seconds; past that SQLite's own locking takes over


def _init_worker(owner: int, cache_path: str | None, write_lock: Any) -> None:
    global _worker_cache_path, _worker_write_lock
    _exit_with(owner)
    _worker_cache_path, _worker_write_lock = cache_path, write_lock


def _parse_and_store(source: SourceConfig, body: bytes, digest: str, etag: str | None,
                     last_modified: str | None) -> IngestResult:
    """In a worker: parse ``body`` and store it as one transaction of ``source``."""
    global _worker_cache
    rows, unreadable = parse_to_rows(source.kind, body, source.name)
    if _worker_cache is None:
        assert _worker_cache_path is not None
        _worker_cache = CacheStore(Path(_worker_cache_path), repair=False)
    locked = _worker_write_lock.acquire(timeout=WRITE_LOCK_WAIT)
    try:
        return store_rows(_worker_cache, source, rows, digest=digest, etag=etag,
                          last_modified=last_modified, unreadable=unreadable)
    finally:
        if locked:
            _worker_write_lock.release()


_write_lock: Any = None
_write_lock_guard = threading.Lock()


def _shared_write_lock(context: multiprocessing.context.BaseContext) -> Any:
    """The lock the workers of every pool of this process take to write to the cache.

    One for the life of the process, not one per pool: multiprocessing unlinks a lock's
    semaphore as soon as the parent drops it, and a pool closed while its workers were
    still starting (a quick fetch of a few new feeds) left them unable to open it: each
    died with a traceback on stderr.
    """
    global _write_lock
    with _write_lock_guard:
        if _write_lock is None:
            _write_lock = context.Lock()
        return _write_lock


class ParsePool:
    """Parses bodies off the event loop: big ones (parsed and stored) in worker processes,
    small ones in a thread."""

    def __init__(self, workers: int | None = None, cache_path: Path | None = None) -> None:
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.cache_path = cache_path
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._warming = False

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                context = _context()
                _start_helpers(context)
                cache = str(self.cache_path) if self.cache_path is not None else None
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=context, initializer=_init_worker,
                    initargs=(os.getpid(), cache, _shared_write_lock(context)))
            return self._executor

    def warm(self) -> None:
        """Start the worker processes now, in the background (once; later calls do
        nothing): a worker takes a fifth of a second to start and import the parsers, and
        starting one blocks the thread that asks until it is up."""
        if self.workers >= 1 and not self._warming:
            self._warming = True
            threading.Thread(target=self._warm, name="hubread-parse-pool", daemon=True).start()

    def _warm(self) -> None:
        executor = self._started()
        for _ in range(self.workers):
            try:
                executor.submit(os.getpid)
            except RuntimeError:  # closed before it was up: nothing to warm
                return

    async def parse(self, kind: str, body: bytes, source_name: str) -> ParsedRows:
        """Parse a body in a thread (the ones ``parse_and_store`` leaves to the caller)."""
        import asyncio  # not at import time: `hubread fetch` starts the helpers before it

        return await asyncio.to_thread(parse_to_rows, kind, body, source_name)

    async def parse_and_store(self, source: SourceConfig, body: bytes, *, digest: str,
                              etag: str | None,
                              last_modified: str | None) -> IngestResult | None:
        """Parse and store a big body in a worker; None when ``body`` is small or there
        is no pool (or no cache to store into): the caller parses it in a thread then."""
        if self.workers < 1 or self.cache_path is None or len(body) < PROCESS_THRESHOLD:
            return None
        import asyncio

        # Submitting may start a worker process, which blocks: do it off the event loop.
        future = await asyncio.to_thread(self._started().submit, _parse_and_store, source,
                                         body, digest, etag, last_modified)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
