"""When a refresh starts its parse processes: before the first response only when it will
surely parse (several feeds, some never fetched); never for a run of 304s and identical
bodies, which is what most cron runs are."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bench.synthetic import synthetic_feed, write_bench_config
from tests.fixtures.server import FeedServer, Route
from tuireader.config.settings import parse_config
from tuireader.fetch.parse_pool import PROCESS_THRESHOLD, will_parse
from tuireader.storage.cache import SourceState

CONFIG = "".join(
    f'[[sources]]\nname = "s{i}"\nkind = "{kind}"\nurl = "http://127.0.0.1:9/{i}"\n{extra}\n'
    for i, (kind, extra) in enumerate(
        [
            ("arxiv", 'categories = ["cs.AI"]'),
            ("feed", ""),
            ("biorxiv", 'subject = "x"'),
            ("arxiv-query", 'query = "all:x"'),
        ]
    )
)


def _states(*fetched: str) -> dict[str, SourceState]:
    return {name: SourceState(name, body_hash="h") for name in fetched}


def test_only_several_feeds_with_one_never_fetched_start_the_pool_early(tmp_path: Path) -> None:
    sources = parse_config(CONFIG, tmp_path / "config.toml").sources
    assert will_parse(sources, {})  # a first fetch
    assert will_parse(sources, _states("s0", "s1"))  # s2 was never fetched
    assert not will_parse(sources, _states("s0", "s1", "s2"))  # an API query is no feed
    assert not will_parse(sources[:2], {})  # two feeds rarely need processes


def test_a_pool_closed_while_its_workers_start_leaves_no_traceback(tmp_path: Path) -> None:
    """A quick fetch of a few new, small feeds warms the pool and closes it before the
    workers are up. They must still start and stop cleanly, printing nothing."""
    script = tmp_path / "warm_and_close.py"
    script.write_text(
        textwrap.dedent(f"""
        from pathlib import Path

        from tuireader.fetch.parse_pool import ParsePool

        if __name__ == "__main__":
            pool = ParsePool(2, Path({str(tmp_path / "cache.sqlite3")!r}))
            pool.warm()
            pool.close()
    """)
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=env
    )
    assert (result.returncode, result.stderr) == (0, "")


def _group_members(group: int) -> list[str]:
    """Every process (zombies too) whose process group is ``group``, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm)": state ppid pgrp
        if int(fields[2]) == group:
            members.append(stat)
    return members


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_fetch_leaves_no_process_behind(feed_server: FeedServer, tmp_path: Path) -> None:
    """`hubread fetch` left multiprocessing's fork server, resource tracker and workers
    running after it exited. Run in a process group of its own, with bodies big enough
    for the worker processes: when it exits, its group must be empty."""
    urls = []
    for i in range(4):
        feed_server.routes[f"/rss/cs.X{i}"] = Route(body=synthetic_feed(i, 700))
        urls.append(feed_server.url(f"/rss/cs.X{i}"))
    assert len(feed_server.routes["/rss/cs.X0"].body) > PROCESS_THRESHOLD
    config = write_bench_config(tmp_path / "config.toml", urls)
    fetch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tuireader",
            "--config",
            str(config),
            "--data-dir",
            str(tmp_path / "data"),
            "fetch",
        ],
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = fetch.communicate(timeout=120)
    assert (fetch.returncode, err) == (0, ""), out
    assert "4 ok, 0 failed; 2800 new papers" in out
    assert _group_members(fetch.pid) == []
