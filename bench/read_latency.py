"""Benchmark how long the reader's highlight waits for the cache during a cold refresh.

Run from the repository root:  python -m bench.read_latency
Serves 50 synthetic arXiv-format feeds x 700 papers on 127.0.0.1 and runs a cold refresh
(empty cache) into a CacheStore in this process, as the reader does (the Refresher; its
parse processes store the big feeds through connections of their own). Meanwhile, as in
the reader while a refresh brings papers in:
  ui thread    reads the highlighted paper (``CacheStore.paper``, as ReaderScreen._paper
               does) every 5 ms, moving down the list, and times each read
  list loader  once every RELOAD_INTERVAL reloads the whole list and the sources' states
               (``list_items``, ``all_source_states``), then indexes the new papers for
               search, as HubreadApp.load_items and index_for_search do
Each run refreshes twice, the two ways taking turns: ``shared lock`` reads through the
writer connection under its lock (``separate_reads=False``, how hubread read before) and
``read connections`` through read-only connections of their own (today's code).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.synthetic import serve_synthetic_feeds, write_bench_config
from tuireader.config.settings import load_config
from tuireader.fetch.refresher import Refresher
from tuireader.storage.cache import CacheStore
from tuireader.ui.refreshing import RELOAD_INTERVAL

READ_EVERY = 0.005  # seconds between two highlights: a key held down repeats every 30 ms
MODES = {"shared lock": False, "read connections": True}


@dataclass
class Run:
    """What one refresh measured."""

    mode: str
    refresh_seconds: float = 0.0
    reads: list[float] = field(default_factory=list)  # seconds per highlight read
    loads: list[float] = field(default_factory=list)  # seconds per list reload
    idle: list[float] = field(default_factory=list)  # reads after the refresh, alone


def ui_thread(
    cache: CacheStore, keys: list[list[str]], stop: threading.Event, timings: list[float]
) -> None:
    """The stand-in for the reader's UI thread: highlight the next paper every few ms."""
    n = 0
    while not stop.wait(READ_EVERY):
        listed = keys[-1]
        key = listed[n % len(listed)] if listed else "arxiv:2601.10000"
        n += 1
        started = time.perf_counter()
        cache.paper(key)
        timings.append(time.perf_counter() - started)


def list_loader(
    cache: CacheStore, keys: list[list[str]], stop: threading.Event, timings: list[float]
) -> None:
    """The stand-in for the reader's list reloads while a refresh runs."""
    while not stop.wait(RELOAD_INTERVAL):
        started = time.perf_counter()
        items = cache.list_items()
        cache.all_source_states()
        timings.append(time.perf_counter() - started)
        keys.append([item.key for item in items])
        cache.index_pending()


def refresh_once(mode: str, config_path: Path, data: Path) -> Run:
    run = Run(mode)
    cache = CacheStore(data / "cache.sqlite3", separate_reads=MODES[mode])
    refresher = Refresher(load_config(config_path, create=False), cache)
    keys: list[list[str]] = [[]]
    stop = threading.Event()
    threads = [
        threading.Thread(target=ui_thread, args=(cache, keys, stop, run.reads)),
        threading.Thread(target=list_loader, args=(cache, keys, stop, run.loads)),
    ]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    try:
        report = asyncio.run(refresher.refresh())
    finally:
        run.refresh_seconds = time.perf_counter() - started
        stop.set()
        for thread in threads:
            thread.join()
    if report.failed:
        raise SystemExit(f"the refresh failed: {report.failed[0].message}")
    listed = [item.key for item in cache.list_items()]
    for key in listed[:: max(1, len(listed) // 500)]:
        started = time.perf_counter()
        cache.paper(key)
        run.idle.append(time.perf_counter() - started)
    cache.close()
    return run


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.01 else f"{seconds * 1000:.0f} ms"


def p99(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--papers", type=int, default=700)
    parser.add_argument("--runs", type=int, default=3, help="refreshes of each kind")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hubread-read-bench-"))
    server, urls = serve_synthetic_feeds(args.feeds, args.papers)
    config = write_bench_config(work / "config.toml", urls)
    print(
        f"{args.feeds} feeds x {args.papers} papers on 127.0.0.1, cold refresh; a highlight "
        f"every {READ_EVERY * 1000:.0f} ms, the list reloaded every {RELOAD_INTERVAL:.0f} s"
    )
    runs: list[Run] = []
    try:
        for i in range(args.runs):
            order = list(MODES) if i % 2 == 0 else list(reversed(MODES))
            for mode in order:  # taking turns, so both see the same minutes of the machine
                data = work / f"data-{i}-{mode.replace(' ', '-')}"
                runs.append(refresh_once(mode, config, data))
                shutil.rmtree(data, ignore_errors=True)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(
        "| run | reads through | refresh | highlight: median | p99 | worst | "
        "list reload: worst | highlight alone: median |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for number, run in enumerate(runs, 1):
        print(
            f"| {(number + 1) // 2} | {run.mode} | {run.refresh_seconds:.2f} s | "
            f"{ms(statistics.median(run.reads))} | {ms(p99(run.reads))} | "
            f"{ms(max(run.reads))} ({len(run.reads)} reads) | "
            f"{ms(max(run.loads)) if run.loads else 'none'} | "
            f"{ms(statistics.median(run.idle))} |"
        )
    print()
    for mode in MODES:
        mine = [r for r in runs if r.mode == mode]
        reads = [t for r in mine for t in r.reads]
        print(
            f"{mode}: worst highlight {ms(max(reads))}, p99 {ms(p99(reads))} over "
            f"{len(reads)} reads in {len(mine)} cold refreshes"
        )


if __name__ == "__main__":
    main()
