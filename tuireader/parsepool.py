"""Worker processes for parsing large feed bodies, so refreshes use every core.

A 700-item listing takes tens of milliseconds of pure-Python work to parse, clean and
encode; fifty of them would serialize on the GIL. Bodies above ``PROCESS_THRESHOLD`` go to a
small process pool (forkserver on Linux, with the parsers preloaded; spawn elsewhere) and
come back as plain row tuples ready for SQLite. Small bodies stay in a thread, where
starting a process would cost more than it saves.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from tuireader.ingest import parse_to_rows
from tuireader.store.paper_rows import PaperRow

PROCESS_THRESHOLD = 256 * 1024


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tuireader.ingest", "tuireader.sources.registry"])
        return context
    return multiprocessing.get_context("spawn")


def _start_helpers(context: multiprocessing.context.BaseContext) -> None:
    """Start multiprocessing's helper processes (the resource tracker, the fork server)
    with a usable stderr.

    They hand ``sys.stderr.fileno()`` to the new process. Inside the reader, Textual has
    replaced sys.stderr with a capture whose fileno() is -1, and starting them fails with
    "bad value(s) in fds_to_keep"; there, their stderr is /dev/null (the terminal belongs
    to the reader).
    """
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        return
    from multiprocessing import forkserver, resource_tracker

    with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
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
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # the pid was reused by someone else's process
                os._exit(0)

    threading.Thread(target=watch, name="hubread-owner-watch", daemon=True).start()


class ParsePool:
    """Parses bodies off the event loop: big ones in worker processes, small in a thread."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._warming = False

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                context = _context()
                _start_helpers(context)
                self._executor = ProcessPoolExecutor(self.workers, mp_context=context,
                                                     initializer=_exit_with,
                                                     initargs=(os.getpid(),))
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

    async def parse(self, kind: str, body: bytes, source_name: str) -> list[PaperRow]:
        if self.workers < 1 or len(body) < PROCESS_THRESHOLD:
            return await asyncio.to_thread(parse_to_rows, kind, body, source_name)
        # Submitting may start a worker process, which blocks: do it off the event loop.
        future = await asyncio.to_thread(self._started().submit, parse_to_rows, kind, body,
                                         source_name)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
