"""Benchmark `hubread fetch` (and newsboat, when installed) on 50 feeds x 700 papers.

Run from the repository root:  python -m bench.fetch_bench
Serves synthetic arXiv-format feeds on 127.0.0.1 and times, in one run on one machine:
  cold       empty cache, every feed downloaded, parsed and stored
  unchanged  the same bodies again, without validators (hubread skips identical bodies)
  all-304    the server answers every conditional request with 304 Not Modified
Figures are reported as ratios to newsboat measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
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
        raise SystemExit(f"{command[0]} failed ({result.returncode}):\n{result.stdout}\n"
                         f"{result.stderr}")
    return elapsed


def set_validators(server: FeedServer, on: bool) -> None:
    for index, route in enumerate(server.routes.values()):
        route.etag = f'"feed-{index}"' if on else None


def best_of(runs: int, setup, command: list[str]) -> float:
    times = []
    for _ in range(runs):
        setup()
        times.append(timed(command))
    return min(times)


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
    print(f"{args.feeds} feeds x {args.papers} papers ({total_mb:.0f} MB) on 127.0.0.1; "
          f"best of {args.runs}")

    config = write_bench_config(work / "config.toml", urls)
    data = work / "data"
    hubread = [sys.executable, "-m", "tuireader", "--config", str(config), "--data-dir",
               str(data), "fetch"]

    def fresh_hubread() -> None:
        shutil.rmtree(data, ignore_errors=True)
        set_validators(server, on=True)

    results: dict[str, dict[str, float]] = {"hubread": {}}
    results["hubread"]["cold"] = best_of(args.runs, fresh_hubread, hubread)
    results["hubread"]["unchanged"] = best_of(
        args.runs, lambda: set_validators(server, on=False), hubread)
    set_validators(server, on=True)
    timed(hubread)  # store the validators
    results["hubread"]["all-304"] = best_of(args.runs, lambda: None, hubread)

    newsboat = shutil.which("newsboat")
    if newsboat:
        urls_file = work / "urls"
        urls_file.write_text("\n".join(urls) + "\n")
        nb_config = work / "newsboat.conf"
        nb_config.write_text("")
        nb_cache = work / "newsboat.db"
        nb = [newsboat, "-u", str(urls_file), "-c", str(nb_cache), "-C", str(nb_config),
              "-x", "reload"]

        def fresh_newsboat() -> None:
            nb_cache.unlink(missing_ok=True)
            set_validators(server, on=True)

        results["newsboat"] = {
            "cold": best_of(args.runs, fresh_newsboat, nb),
            "unchanged": best_of(args.runs, lambda: set_validators(server, on=False), nb),
        }
        set_validators(server, on=True)
        timed(nb)
        results["newsboat"]["all-304"] = best_of(args.runs, lambda: None, nb)

    print()
    print("| run | hubread | newsboat | hubread / newsboat |")
    print("| --- | ---: | ---: | ---: |")
    for run in ("cold", "unchanged", "all-304"):
        ours = results["hubread"][run]
        theirs = results.get("newsboat", {}).get(run)
        ratio = f"{ours / theirs:.3f}x" if theirs else "n/a"
        other = f"{theirs:.2f} s" if theirs else "not installed"
        print(f"| {run} | {ours:.2f} s | {other} | {ratio} |")
    server.stop()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
