"""Benchmark the reader with 35,000 cached papers: first paint, search per keystroke, memory.

Run from the repository root:  python -m bench.tui_bench
  first paint  a fresh `hubread` process until its paper list is painted (start-up included),
               against `newsboat -x print-unread` over the same 35,000 items
  search       full-text search + list update per keystroke while typing queries
  memory       peak resident memory of the first-paint process
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import byte_compile_hubread, serve_synthetic_feeds, write_bench_config
from tuireader.storage.cache import CacheStore

QUERIES = ["transformer", "graph neural", "protein cell", "Müller", "reinforcement planning"]


def run_timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stdout


async def search_latencies(config: Path, data: Path) -> tuple[list[float], list[float]]:
    from tuireader.fetch.refreshing import NetworkRefresher
    from tuireader.storage.home import open_stores
    from tuireader.storage.home_paths import AppPaths
    from tuireader.ui.app import HubreadApp
    from tuireader.ui.widgets.paper_list import PaperList

    stores = open_stores(AppPaths(config, data))
    app = HubreadApp(stores, NetworkRefresher.of(stores))
    timings: list[float] = []
    async with app.run_test(size=(160, 50)) as pilot:
        papers = app.query_one(PaperList)
        while not papers.items:
            await pilot.pause()
        reader = app.reader
        search = reader.query_one("#search")
        work_timings: list[float] = []
        for query in QUERIES:  # the work a keystroke causes: query and list update
            reader.action_search()
            for end in range(1, len(query) + 1):
                with search.prevent(search.Changed):
                    search.value = query[:end]
                started = time.perf_counter()
                reader.show_search(query[:end], app.stores.cache.search_ids(query[:end]))
                work_timings.append(time.perf_counter() - started)
            reader.action_clear_search()
        await pilot.pause()
        for query in QUERIES:  # a real keystroke through Pilot, until the list repaints
            await pilot.press("slash")
            for char in query:
                started = time.perf_counter()
                await pilot.press(char if char != " " else "space")
                await app.workers.wait_for_complete()  # the search worker has answered
                await pilot.pause()  # and the list is repainted
                timings.append(time.perf_counter() - started)
            assert reader.search_query == query
            await pilot.press("escape")
        app.exit(0)
    return work_timings, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--papers", type=int, default=700)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    byte_compile_hubread()
    work = Path(tempfile.mkdtemp(prefix="hubread-tui-bench-"))
    server, urls = serve_synthetic_feeds(args.feeds, args.papers)
    config = write_bench_config(work / "config.toml", urls)
    data = work / "data"
    run_timed(
        [
            sys.executable,
            "-m",
            "tuireader",
            "--config",
            str(config),
            "--data-dir",
            str(data),
            "fetch",
        ]
    )
    # A fetch leaves the search index to the reader, which builds it in the background
    # once the list is loaded. Time that here, once, so what follows starts from the
    # state a reader is in a moment after it opened.
    cache = CacheStore(data / "cache.sqlite3")
    started = time.perf_counter()
    indexed = cache.index_pending()
    index_seconds = time.perf_counter() - started
    cache.close()
    probe = [sys.executable, "-m", "bench.first_paint_probe", str(config), str(data)]
    paints, memory = [], []
    for _ in range(args.runs):
        launched = time.time()
        _, out = run_timed(probe)
        painted_at, count, rss_mb = out.split()
        paints.append(float(painted_at) - launched)
        memory.append(float(rss_mb))
    print(f"{count} papers cached; best of {args.runs}")
    newsboat = shutil.which("newsboat")
    theirs = None
    if newsboat:
        urls_file, nb_conf, nb_cache = work / "urls", work / "nb.conf", work / "nb.db"
        urls_file.write_text("\n".join(urls) + "\n")
        nb_conf.write_text("")
        base = [newsboat, "-u", str(urls_file), "-c", str(nb_cache), "-C", str(nb_conf)]
        run_timed([*base, "-x", "reload"])
        theirs = min(run_timed([*base, "-x", "print-unread"])[0] for _ in range(args.runs))
    work_timings, timings = asyncio.run(search_latencies(config, data))
    server.stop()
    ours = min(paints)
    print()
    print("| measure | hubread | newsboat | ratio |")
    print("| --- | ---: | ---: | ---: |")
    ratio = f"{ours / theirs:.2f}x" if theirs else "n/a"
    print(
        f"| first paint, {count} cached | {ours:.2f} s | "
        f"{f'{theirs:.2f} s (print-unread)' if theirs else 'not installed'} | {ratio} |"
    )
    print(
        f"| search per keystroke: query + list update | median "
        f"{statistics.median(work_timings) * 1000:.0f} ms, max "
        f"{max(work_timings) * 1000:.0f} ms ({len(work_timings)} keystrokes) | | |"
    )
    print(
        f"| search per keystroke: Pilot key press until repainted | median "
        f"{statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms "
        "(includes Pilot's own waits) | | |"
    )
    print(f"| peak memory (first paint) | {min(memory):.0f} MB | | |")
    print(
        f"| indexing {indexed} fetched papers for search (in the background, once) | "
        f"{index_seconds:.2f} s | | |"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
