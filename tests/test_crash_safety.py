"""kill -9 at random moments loses nothing that was saved, and leaves every file valid."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synthetic import synthetic_feed
from tests.fixtures.server import FeedServer, Route
from tuireader.storage import search_index
from tuireader.storage.cache import CacheStore
from tuireader.storage.library import LibraryStore

ROOT = Path(__file__).resolve().parents[1]


def start_hammer(path: Path, prefix: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fixtures.hammer", str(path), prefix],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def acknowledged_until_killed(process: subprocess.Popen[str], saves: int) -> int:
    """Read "saved N" lines until ``saves`` of them, then SIGKILL; the last N acknowledged."""
    last = -1
    assert process.stdout is not None
    for line in process.stdout:
        assert line.startswith("saved "), line
        last = int(line.split()[1])
        if last + 1 >= saves:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    return last


def assert_saved(library: LibraryStore, prefix: str, upto: int) -> None:
    for i in range(upto + 1):
        key = f"arxiv:{prefix}.{i:05d}"
        if i % 3 == 0:
            assert library.is_starred(key), key
        elif i % 3 == 1:
            assert prefix in library.tags(key), key
        else:
            assert library.is_read(key), key


def test_kill_9_while_changing_the_library(tmp_path: Path) -> None:
    rng = random.Random(1234)
    path = tmp_path / "library.json"
    for round_number in range(5):
        prefix = f"r{round_number}"
        acked = acknowledged_until_killed(start_hammer(path, prefix), rng.randint(3, 120))
        library = LibraryStore(path)
        assert library.problems == []  # valid JSON: nothing was quarantined
        assert_saved(library, prefix, acked)
        json.loads(path.read_text())
        json.loads((tmp_path / "library.json.bak").read_text())
    library = LibraryStore(path)
    library.mark_read(["arxiv:after"])
    assert library.flush()  # the next save clears what a killed process left behind
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_two_processes_on_one_library_both_keep_their_changes(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    first, second = start_hammer(path, "a"), start_hammer(path, "b")
    acked_a = acknowledged_until_killed(first, 60)
    acked_b = acknowledged_until_killed(second, 60)
    library = LibraryStore(path)
    assert library.problems == []
    assert_saved(library, "a", acked_a)
    assert_saved(library, "b", acked_b)


def serve_big_feeds(tmp_path: Path, feeds: int) -> tuple[FeedServer, Path]:
    """A started server with ``feeds`` 1,500-paper listings, and a config naming them."""
    server = FeedServer()
    for i in range(feeds):
        server.routes[f"/f{i}"] = Route(body=synthetic_feed(i, 1500))
    server.start()
    config = tmp_path / "config.toml"
    config.write_text(
        "".join(
            f'[[sources]]\nname = "f{i}"\nkind = "arxiv"\ncategories = ["cs.X{i}"]\n'
            f'url = "{server.url(f"/f{i}")}"\n'
            for i in range(feeds)
        )
    )
    return server, config


def start_fetch(config: Path, data: Path) -> subprocess.Popen[bytes]:
    """`hubread fetch` in a process group of its own, with every helper it starts."""
    return subprocess.Popen(
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
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )


def _group(pgid: int) -> set[int]:
    """Every live process of process group ``pgid`` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def wait_for_group_exit(pgid: int, timeout: float = 60.0) -> None:
    """Wait until the killed fetch's helpers (fork server, parse workers) are gone too.

    kill -9 stops the fetch, not its parse workers: one in the middle of a feed still
    stores it (a whole transaction) before it notices, within a second or so (longer on a
    loaded machine), that its owner is gone. Its papers are not indexed yet, so checking
    the index against the papers before then would find them missing.
    """
    deadline = time.monotonic() + timeout
    while members := _group(pgid):
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"the killed fetch's helpers are still running: {members}"
        for pid in members:
            try:
                handle = os.pidfd_open(pid)
            except ProcessLookupError:
                continue
            try:  # a pidfd becomes readable when its process exits
                select.select([handle], [], [], max(0.0, deadline - time.monotonic()))
            finally:
                os.close(handle)


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs Linux pidfds and /proc")
def test_kill_9_while_a_refresh_writes_the_cache(tmp_path: Path) -> None:
    server, config = serve_big_feeds(tmp_path, 6)
    try:
        data = tmp_path / "data"
        rng = random.Random(99)
        for _ in range(4):
            fetch = start_fetch(config, data)
            time.sleep(rng.uniform(0.3, 2.0))  # a random moment, not a wait for a condition
            fetch.send_signal(signal.SIGKILL)
            fetch.wait(timeout=10)
            wait_for_group_exit(fetch.pid)
            cache = CacheStore(data / "cache.sqlite3")
            assert cache.problems == []
            cache.index_pending()
            assert cache.pending_index_count() == 0
            db = sqlite3.connect(data / "cache.sqlite3", isolation_level=None)
            search_index.register_functions(db)  # the index reads the papers folded
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # The search index matches the papers, row by row.
            db.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
            db.close()
            # What is there is consistent: every paper the list shows can be opened.
            for item in cache.list_items()[:200]:
                assert cache.paper(item.key) is not None
            cache.close()
            for route in server.routes.values():  # new content, so the next run writes again
                route.body = route.body.replace(b"<title>", b"<title>v", 1)
    finally:
        server.stop()


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_parse_workers_exit_when_their_fetch_is_killed(tmp_path: Path) -> None:
    server, config = serve_big_feeds(tmp_path, 8)
    try:
        fetch = start_fetch(config, tmp_path / "data")
        deadline = time.monotonic() + 30
        helpers: set[int] = set()
        while len(helpers) < 2 and time.monotonic() < deadline:  # its 2 parse workers
            helpers = _descendants(fetch.pid)
            time.sleep(0.05)
        assert len(helpers) >= 2, "the fetch never started its parse workers"
        fetch.send_signal(signal.SIGKILL)
        fetch.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in helpers), "orphaned parse processes"
    finally:
        server.stop()


def test_a_fetch_with_parse_processes_exits_cleanly(tmp_path: Path) -> None:
    """The parse pool shuts down in order: every line printed, nothing on stderr."""
    server, config = serve_big_feeds(tmp_path, 3)
    try:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
        result = subprocess.run(
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
            capture_output=True,
            text=True,
            timeout=120,
            env={**env, "PYTHONPATH": str(ROOT)},
        )
        assert result.returncode == 0
        assert result.stderr == ""
        lines = result.stdout.splitlines()
        assert len(lines) == 4 and lines[-1].endswith("4500 new papers")
        assert CacheStore(tmp_path / "data" / "cache.sqlite3").count() == 4500
    finally:
        server.stop()
