"""Benchmark `hubread fetch` (and newsboat, when installed) on 50 feeds x 700 papers.

Run from the repository root:  python -m bench.fetch_bench
Serves synthetic arXiv-format feeds on 127.0.0.1 and times, in one run on one machine:
  cold       empty cache, every feed downloaded, parsed and stored
  unchanged  the same bodies again, without validators (hubread skips identical bodies)
  all-304    the server answers every conditional request with 304 Not Modified
Figures are reported as ratios to newsboat measured in the same run, the two tools taking
turns run by run, so a slow minute on a shared machine slows both.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic import byte_compile_hubread, serve_synthetic_feeds, write_bench_config
from tests.fixtures.server import FeedServer

FEEDS = 50
PAPERS = 700


def timed(command: list[str], **kwargs: object) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(
            f"{command[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return elapsed


def set_validators(server: FeedServer, on: bool) -> None:
    for index, route in enumerate(server.routes.values()):
        route.etag = f'"feed-{index}"' if on else None


@dataclass
class Tool:
    """One reader under test: how to run a refresh, and how to empty its cache."""

    command: list[str]
    forget: Callable[[], None]


def measure(
    tools: dict[str, Tool], runs: int, scenario: str, server: FeedServer
) -> dict[str, float]:
    """Best of ``runs`` for each tool in one scenario, the tools taking turns, so that both
    figures of a ratio come from the same minutes of this noisy machine."""
    set_validators(server, on=scenario != "unchanged")
    if scenario == "all-304":
        for tool in tools.values():
            timed(tool.command)  # store the validators the server now sends
    best = dict.fromkeys(tools, float("inf"))
    for _ in range(runs):
        for name, tool in tools.items():
            if scenario == "cold":
                tool.forget()
            best[name] = min(best[name], timed(tool.command))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=FEEDS)
    parser.add_argument("--papers", type=int, default=PAPERS)
    parser.add_argument("--runs", type=int, default=3, help="best of N for each figure")
    args = parser.parse_args()
    byte_compile_hubread()

    work = Path(tempfile.mkdtemp(prefix="hubread-bench-"))
    server, urls = serve_synthetic_feeds(args.feeds, args.papers)
    total_mb = sum(len(r.body) for r in server.routes.values()) / 1e6
    print(
        f"{args.feeds} feeds x {args.papers} papers ({total_mb:.0f} MB) on 127.0.0.1; "
        f"best of {args.runs}, the tools taking turns"
    )

    config = write_bench_config(work / "config.toml", urls)
    data = work / "data"
    tools = {
        "hubread": Tool(
            [
                sys.executable,
                "-m",
                "tuireader",
                "--config",
                str(config),
                "--data-dir",
                str(data),
                "fetch",
            ],
            lambda: shutil.rmtree(data, ignore_errors=True),
        )
    }
    newsboat = shutil.which("newsboat")
    if newsboat:
        urls_file = work / "urls"
        urls_file.write_text("\n".join(urls) + "\n")
        nb_config = work / "newsboat.conf"
        nb_config.write_text("")
        nb_cache = work / "newsboat.db"
        tools["newsboat"] = Tool(
            [
                newsboat,
                "-u",
                str(urls_file),
                "-c",
                str(nb_cache),
                "-C",
                str(nb_config),
                "-x",
                "reload",
            ],
            lambda: nb_cache.unlink(missing_ok=True),
        )

    results = {
        scenario: measure(tools, args.runs, scenario, server)
        for scenario in ("cold", "unchanged", "all-304")
    }

    print()
    print("| run | hubread | newsboat | hubread / newsboat |")
    print("| --- | ---: | ---: | ---: |")
    for scenario, best in results.items():
        ours = best["hubread"]
        theirs = best.get("newsboat")
        ratio = f"{ours / theirs:.3f}x" if theirs else "n/a"
        other = f"{theirs:.2f} s" if theirs else "not installed"
        print(f"| {scenario} | {ours:.2f} s | {other} | {ratio} |")
    server.stop()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
