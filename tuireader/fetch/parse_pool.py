"""Worker processes for parsing and storing large feed bodies, so refreshes use every core.

A 700-item listing takes tens of milliseconds of pure-Python work to parse, clean and
encode, and as long again to store; fifty of them would serialize on the GIL. Bodies above
``PROCESS_THRESHOLD`` go to a few worker processes (``tuireader.fetch.parse_worker``), each a
plain child process fed through its stdin. Each worker stores what it parsed in its own
connection to the cache, one worker at a time (a file lock; SQLite allows one writer), so
the rows never travel back. Small bodies stay in a thread, where a process would cost more
than it saves.

Every process the pool starts is its own child and ends with it: ``close`` ends their input
and waits for them, so nothing a refresh started outlives it (multiprocessing's fork
server and resource tracker did, for a moment after every ``hubread fetch``). A worker
whose owner is killed sees the end of its input and leaves too.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from tuireader.fetch.ingest import IngestResult, ParsedRows, parse_to_rows
from tuireader.kinds.registry import kind_of
from tuireader.kinds.source import SourceConfig
from tuireader.storage.cache import SourceState

PROCESS_THRESHOLD = 256 * 1024
STOP_WAIT = 60.0  # seconds a closing pool lets a worker finish its body before killing it


class WorkerDied(Exception):
    """A parse process ended without answering (killed, out of memory)."""


class PoolClosed(Exception):
    """The pool was closed while a body waited for a worker."""


# From this many feeds on, a refresh may start its parse processes before the first
# response arrives; one or two sources rarely have a body big enough to need them.
WARM_POOL_SOURCES = 3


def will_parse(sources: Sequence[SourceConfig], states: Mapping[str, SourceState]) -> bool:
    """Whether to start the parse processes before the first response: several feeds, and
    some never fetched, so their bodies will be parsed. Otherwise they start with the
    first body that differs from its last one: a cron run often gets nothing but 304s and
    identical bodies, and starting them would be waste."""
    feeds = [s for s in sources if kind_of(s.kind).parses_in_pool]
    if len(feeds) < WARM_POOL_SOURCES:
        return False
    return any((state := states.get(s.name)) is None or state.body_hash is None for s in feeds)


def _stderr() -> IO[Any] | int | None:
    """Where a worker's errors go: ours, unless it is no real file. Inside the reader,
    Textual has replaced sys.stderr with a capture whose fileno() is -1 and the terminal
    belongs to the reader; there, /dev/null."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    return None if usable else subprocess.DEVNULL


class _Worker:
    """One parse process and the pipes to it; used by one thread at a time."""

    def __init__(self, cache_path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tuireader.fetch.parse_worker", str(cache_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=_stderr(),
        )

    def call(self, request: tuple[Any, ...]) -> IngestResult:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            pickle.dump(request, self.process.stdin, pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
            status, value = pickle.load(self.process.stdout)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError) as exc:
            code = self.process.poll()
            raise WorkerDied(
                "a parse process ended without an answer"
                + (f" (exit status {code})" if code is not None else "")
            ) from exc
        if status == "error":
            raise value
        return value

    def end_input(self) -> None:
        """Tell the worker to leave once its current body, if any, is done."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):  # it is gone already
                self.process.stdin.close()

    def wait(self, *, release: bool = True) -> None:
        """Wait for the process to end; ``release`` closes our end of its output (not
        while another thread may still be reading its last answer)."""
        try:
            self.process.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if release and self.process.stdout is not None:
            self.process.stdout.close()


class ParsePool:
    """Parses bodies off the event loop: big ones (parsed and stored) in worker processes,
    small ones in a thread."""

    def __init__(self, workers: int | None = None, cache_path: Path | None = None) -> None:
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.cache_path = cache_path
        self._all: list[_Worker] = []
        self._idle: list[_Worker] = []
        self._changed = threading.Condition()
        self._closed = False

    def _start_one(self) -> _Worker:
        """A new worker; the caller holds ``_changed``."""
        assert self.cache_path is not None
        worker = _Worker(self.cache_path)
        self._all.append(worker)
        return worker

    def warm(self) -> None:
        """Start every worker now: one takes a fifth of a second to start and import the
        parsers, which it does while the first responses arrive. (Starting a process
        takes a few milliseconds of this thread; later calls do nothing.)"""
        if self.cache_path is None:
            return
        with self._changed:
            while not self._closed and len(self._all) < self.workers:
                self._idle.append(self._start_one())
            self._changed.notify_all()

    def _checkout(self) -> _Worker:
        with self._changed:
            while True:
                if self._closed:
                    raise PoolClosed("the refresh ended before this body was parsed")
                if self._idle:
                    return self._idle.pop()
                if len(self._all) < self.workers:
                    return self._start_one()
                self._changed.wait()

    def _checkin(self, worker: _Worker, usable: bool) -> None:
        with self._changed:
            keep = usable and not self._closed
            if keep:
                self._idle.append(worker)
            elif worker in self._all:
                self._all.remove(worker)
            self._changed.notify()
        if not keep:  # dead, or the pool closed while it worked (close waits for it too)
            worker.end_input()
            worker.wait()

    def _run(self, request: tuple[Any, ...]) -> IngestResult:
        """In a thread: one body through one worker."""
        worker = self._checkout()
        usable = True  # an error the worker sends back is the body's, not the worker's
        try:
            return worker.call(request)
        except WorkerDied:
            usable = False
            raise
        finally:
            self._checkin(worker, usable)

    async def parse(self, kind: str, body: bytes, source_name: str) -> ParsedRows:
        """Parse a body in a thread (the ones ``parse_and_store`` leaves to the caller)."""
        import asyncio

        return await asyncio.to_thread(parse_to_rows, kind, body, source_name)

    async def parse_and_store(
        self,
        source: SourceConfig,
        body: bytes,
        *,
        digest: str,
        etag: str | None,
        last_modified: str | None,
    ) -> IngestResult | None:
        """Parse and store a big body in a worker; None when ``body`` is small or there
        is no pool (or no cache to store into): the caller parses it in a thread then."""
        if self.workers < 1 or self.cache_path is None or len(body) < PROCESS_THRESHOLD:
            return None
        import asyncio

        return await asyncio.to_thread(self._run, (source, body, digest, etag, last_modified))

    def close(self) -> None:
        """End every worker and wait for them: when this returns, none is left."""
        with self._changed:
            self._closed = True
            workers, idle, self._all, self._idle = self._all, self._idle, [], []
            self._changed.notify_all()
        for worker in workers:
            worker.end_input()
        for worker in workers:  # a busy one's thread releases it when it has its answer
            worker.wait(release=worker in idle)
