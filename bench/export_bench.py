"""Benchmark the selections of `hubread export` and `hubread digest` on 35,000 cached papers.

Run from the repository root:  python -m bench.export_bench
Builds a cache of 50 synthetic arXiv feeds x 700 papers (realistic abstracts) spread over 50
days, and a library with 5 starred papers, 40 tagged and half of the papers read. Each
scenario is timed in one process, best of ``--runs``, before and after taking turns:
  before  decode every cached paper and filter in Python (tests/fixtures/python_selection.py,
          how the commands selected until the cache did it in SQL)
  after   the commands' own selection (query.selection.select_papers, commands.digest)
Then whole `hubread export` / `hubread digest` processes, start-up included, and the
sources pane's counts (query.list_items.count_entries) over the 35,000 list items.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from bench.synthetic import byte_compile_hubread, synthetic_feed
from tests.fixtures.python_selection import python_digest, python_select
from tuireader.commands.digest import day_papers
from tuireader.config.settings import load_config
from tuireader.kinds import parse_feed
from tuireader.model import Paper
from tuireader.query.list_items import Marks, count_entries, source_folders, starred_items
from tuireader.query.selection import Selection, select_papers
from tuireader.storage.cache import CacheStore
from tuireader.storage.library import LibraryStore

FEEDS = 50
PAPERS = 700
DAYS = 50
LAST_DAY = date(2026, 11, 20)
T = TypeVar("T")


def build_home(data: Path) -> tuple[CacheStore, LibraryStore]:
    """The 35,000-paper cache and its library."""
    cache = CacheStore(data / "cache.sqlite3")
    library = LibraryStore(data / "library.json")
    last = datetime.combine(LAST_DAY, datetime.min.time(), UTC) + timedelta(hours=9)
    for feed in range(FEEDS):
        name = f"feed {feed}"
        papers = parse_feed("arxiv", synthetic_feed(feed, PAPERS), name)
        papers = [
            replace(p, published=last - timedelta(days=(feed * PAPERS + i) % DAYS, minutes=i % 600))
            for i, p in enumerate(papers)
        ]
        cache.store_papers(name, papers)
    keys = [item.key for item in cache.list_items()]
    for key in keys[1000::7000]:
        paper = cache.paper(key)
        assert paper is not None
        library.star(paper)
    for key in keys[::875]:
        library.set_tags(key, ["to-read"])
    library.mark_read(keys[::2])
    library.flush()
    return cache, library


def timed(function: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def compare(
    label: str, before: Callable[[], list[Paper]], after: Callable[[], list[Paper]], runs: int
) -> None:
    """Best of ``runs`` each, taking turns, and a check that both select the same papers."""
    before_times, after_times = [], []
    old: list[Paper] = []
    new: list[Paper] = []
    for _ in range(runs):
        elapsed, old = timed(before)
        before_times.append(elapsed)
        elapsed, new = timed(after)
        after_times.append(elapsed)
    if [p.to_dict() for p in old] != [p.to_dict() for p in new]:
        raise SystemExit(f"{label}: the selections differ")
    b, a = min(before_times), min(after_times)
    print(
        f"{label:<40} {len(new):>6} papers  before {b * 1000:7.1f} ms  "
        f"after {a * 1000:7.1f} ms  ({b / a:5.1f}x)"
    )


def process_time(command: list[str], runs: int) -> float:
    """Best of ``runs`` wall-clock times of a whole process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise SystemExit(f"{command} failed:\n{result.stderr}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="best of this many (default 5)")
    runs = parser.parse_args().runs
    byte_compile_hubread()
    with tempfile.TemporaryDirectory(prefix="hubread-export-bench-") as tmp:
        data = Path(tmp) / "data"
        started = time.perf_counter()
        cache, library = build_home(data)
        print(f"built {cache.count():,} papers in {time.perf_counter() - started:.1f} s")
        cache.index_pending()  # as the reader does in the background; searches need it
        day = LAST_DAY - timedelta(days=3)
        since = LAST_DAY - timedelta(days=2)
        scenarios: list[tuple[str, Selection]] = [
            ("export: 5 starred (the default)", Selection()),
            ("export --tag to-read", Selection(tags=("to-read",))),
            ("export --source 'feed 7' --since", Selection(sources=("feed 7",), since=since)),
            ("export --unread --since", Selection(unread=True, since=since)),
            (
                "export --search 'protein cell' --since",
                Selection(search="protein cell", since=since),
            ),
            ("export --all", Selection(everything=True)),
        ]
        for label, selection in scenarios:
            compare(
                label,
                lambda s=selection: python_select(cache, library, s),
                lambda s=selection: select_papers(cache, library, s),
                runs,
            )
        compare(
            f"digest --date {day}",
            lambda: python_digest(cache, day, ()),
            lambda: day_papers(cache, day),
            runs,
        )
        compare(
            f"digest --date {day} --source 'feed 7'",
            lambda: python_digest(cache, day, ("feed 7",)),
            lambda: day_papers(cache, day, ("feed 7",)),
            runs,
        )

        config = Path(tmp) / "config.toml"
        config.write_text(
            "[ui]\nrefresh_interval = 0\n"
            + "".join(
                f'\n[[sources]]\nname = "feed {i}"\nkind = "arxiv"\ncategories = ["cs.X{i}"]\n'
                f'tags = ["group {i % 10}"]\n'
                for i in range(FEEDS)
            )
        )
        elapsed = process_time([sys.executable, "-c", "pass"], runs)
        print(f"process: python -c pass (the interpreter's start-up) {elapsed * 1000:7.1f} ms")
        for args in (["export", "--format", "bibtex"], ["digest", "--date", str(day)]):
            elapsed = process_time(
                [
                    sys.executable,
                    "-m",
                    "tuireader",
                    *args,
                    "--config",
                    str(config),
                    "--data-dir",
                    str(data),
                ],
                runs,
            )
            print(
                f"process: hubread {' '.join(args):<32} {elapsed * 1000:7.1f} ms "
                "(start-up included)"
            )

        items = cache.list_items()
        names = [f"feed {i}" for i in range(FEEDS)]
        folders = source_folders(load_config(config).sources)
        elapsed = min(
            timed(
                lambda: count_entries(
                    items,
                    Marks.of(library),
                    names,
                    library.all_tags(),
                    set(),
                    starred_items(library),
                    folders,
                )
            )[0]
            for _ in range(runs)
        )
        print(
            f"counts: count_entries over {len(items):,} items, {len(folders)} folders "
            f"{elapsed * 1000:7.1f} ms"
        )
        cache.close()


if __name__ == "__main__":
    main()
