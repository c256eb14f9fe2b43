"""A damaged cache is moved aside with a message and rebuilt: never a traceback, never a
fetch that trusts validators from a file it cannot read. Real damaged files: random bytes
over pages in the middle, an empty database carrying the schema version, a dropped table."""

from __future__ import annotations

import asyncio
import json
import random
import re
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Static

from bench.synthetic import synthetic_feed, write_bench_config
from tests.fixtures import demo_papers as demo
from tests.fixtures import feedwriter as fw
from tests.fixtures.server import FeedServer, Route
from tests.tui import filled_home, open_app, ready
from tuireader.cli import main
from tuireader.config.settings import load_config
from tuireader.fetch.outcomes import FAILED
from tuireader.fetch.parse_pool import PROCESS_THRESHOLD
from tuireader.fetch.refresher import Refresher
from tuireader.model import Paper
from tuireader.storage.cache import SCHEMA_VERSION, CacheError, CacheStore
from tuireader.ui.screens.notices import NoticeScreen

ABSTRACT = "Limb regeneration in axolotl salamanders follows a blastema program. " * 30


def add_bulk_papers(path: Path, count: int = 300) -> None:
    """Enough papers (about 2 KB each) that the file has pages in the middle to damage."""
    cache = CacheStore(path)
    cache.store_papers(
        "bulk",
        [
            Paper(key=f"url:bulk{i}", title=f"Axolotl study {i}", abstract=ABSTRACT)
            for i in range(count)
        ],
    )
    cache.index_pending()
    cache.close()


def scribble(path: Path) -> None:
    """Random bytes over the middle third of the file's pages, as a bad disk or a stray
    write would leave them."""
    size = path.stat().st_size
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    pages = size // page
    assert pages >= 9, "too small to have a middle"
    rng = random.Random(5)
    with path.open("r+b") as handle:
        handle.seek(pages // 3 * page)
        handle.write(rng.randbytes((pages // 3) * page))


def damaged_cache(tmp_path: Path) -> Path:
    path = tmp_path / "cache.sqlite3"
    add_bulk_papers(path)
    scribble(path)
    return path


def moved_aside(directory: Path) -> list[Path]:
    return sorted(directory.glob("cache.sqlite3.corrupt-*"))


def test_a_full_check_on_open_finds_damaged_pages(tmp_path: Path) -> None:
    path = damaged_cache(tmp_path)
    cache = CacheStore(path, full_check=True)
    assert cache.count() == 0
    assert len(cache.problems) == 1 and "moved aside" in cache.problems[0]
    assert len(moved_aside(tmp_path)) == 1


def test_damage_found_while_reading_rebuilds_and_answers_from_the_new_cache(tmp_path: Path) -> None:
    path = damaged_cache(tmp_path)
    cache = CacheStore(path)  # the schema is intact: opening finds nothing wrong
    cache.record_success("bulk", etag='"e1"', body_hash="h1")
    assert cache.problems == []
    assert cache.list_items() == []  # it read a damaged page, rebuilt, and read again
    assert "moved aside" in cache.problems[0]
    assert cache.source_state("bulk").etag is None  # validators forgotten with the papers
    cache.store_papers("x", [Paper(key="url:a", title="Newt tails")])
    assert cache.search("newt") == ["url:a"]
    assert len(moved_aside(tmp_path)) == 1


def test_an_empty_database_with_the_schema_version_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    db.close()
    with pytest.raises(sqlite3.DatabaseError, match="missing"):
        CacheStore(path, repair=False)  # a parse worker never moves the file
    assert moved_aside(tmp_path) == []
    cache = CacheStore(path)
    assert "damaged (missing " in cache.problems[0] and "papers" in cache.problems[0]
    cache.store_papers("x", [Paper(key="url:a", title="Newt tails")])
    assert cache.search("newt") == ["url:a"]


def test_a_dropped_table_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    add_bulk_papers(path, 3)
    db = sqlite3.connect(path)
    db.execute("DROP TABLE papers")
    db.close()
    cache = CacheStore(path)
    assert "damaged (missing " in cache.problems[0] and "papers" in cache.problems[0]
    assert cache.count() == 0 and len(moved_aside(tmp_path)) == 1


def test_a_locked_cache_is_not_taken_for_a_damaged_one(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)  # a new file, not yet migrated
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(CacheError, match="locked"):
            CacheStore(path, busy_timeout=0.1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert moved_aside(tmp_path) == []
    assert CacheStore(path).problems == []


# ------------------------------------------------------------------ through the commands
def home(tmp_path: Path, url: str = "http://127.0.0.1:9/none") -> tuple[Path, Path]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[network]\ntimeout = 2\nretries = 0\n\n[[sources]]\nname = "Nature"\n'
        f'kind = "feed"\nurl = "{url}"\n'
    )
    return config, tmp_path / "data"


def run(config: Path, data: Path, *args: str) -> int:
    return main([*args, "--config", str(config), "--data-dir", str(data)])


def test_cache_command_reports_and_rebuilds_a_damaged_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = home(tmp_path)
    damaged_cache(data)
    assert run(config, data, "cache") == 0
    captured = capsys.readouterr()
    assert "moved aside to cache.sqlite3.corrupt-" in captured.err
    assert ": 0 papers" in captured.out and "Traceback" not in captured.err
    assert len(moved_aside(data)) == 1
    assert run(config, data, "cache") == 0  # the new cache is used as it is
    assert "moved aside" not in capsys.readouterr().err


def test_export_search_on_a_damaged_cache_says_so_instead_of_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = home(tmp_path)
    damaged_cache(data)
    assert run(config, data, "export", "--format", "json", "--search", "axolotl") == 0
    captured = capsys.readouterr()
    assert "moved aside" in captured.err and "No papers matched" in captured.err
    assert json.loads(captured.out) == []
    assert len(moved_aside(data)) == 1


def test_fetch_into_a_damaged_cache_rebuilds_it_and_really_fetches(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/nature"] = Route(body=fw.nature_rdf(demo.NATURE).encode(), etag='"n1"')
    config, data = home(tmp_path, feed_server.url("/nature"))
    assert run(config, data, "fetch") == 0
    assert run(config, data, "fetch") == 0
    assert "not modified" in capsys.readouterr().out  # the ETag was sent and matched
    add_bulk_papers(data / "cache.sqlite3")
    scribble(data / "cache.sqlite3")
    assert run(config, data, "fetch") == 0
    captured = capsys.readouterr()
    assert "moved aside" in captured.err
    assert "3 new" in captured.out  # fetched again: the old validators went with the file
    assert "if-none-match" not in {k.lower() for k in feed_server.requests[-1].headers}
    assert CacheStore(data / "cache.sqlite3").count() == 3


async def test_the_reader_opens_on_a_damaged_cache_and_says_it_started_anew(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    add_bulk_papers(paths.cache_file)
    scribble(paths.cache_file)
    app = open_app(paths, demo=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, NoticeScreen)  # shown until acknowledged
        shown = str(app.screen.query_one("#notices", Static).render())
        assert "moved aside" in shown, shown
        assert app.is_running
    assert len(moved_aside(paths.data_dir)) == 1


def test_the_cache_size_leaves_out_files_moved_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = home(tmp_path)
    add_bulk_papers(data / "cache.sqlite3", 1000)  # about 3 MB, more than a new cache
    scribble(data / "cache.sqlite3")
    assert run(config, data, "cache") == 0
    shown = re.search(r": 0 papers, ([0-9.]+) MB", capsys.readouterr().out)
    assert shown is not None
    (moved,) = moved_aside(data)
    assert float(shown[1]) * 1e6 < moved.stat().st_size


def test_the_message_is_one_line(tmp_path: Path) -> None:
    cache = CacheStore(damaged_cache(tmp_path), full_check=True)
    assert "\n" not in cache.problems[0] and "Page " in cache.problems[0]


def test_damage_is_moved_aside_only_under_the_cache_file_lock(tmp_path: Path) -> None:
    path = damaged_cache(tmp_path)
    cache = CacheStore(path)
    lock = path.with_name("cache.sqlite3.lock")
    lock.unlink(missing_ok=True)
    lock.mkdir()  # the lock the parse workers write under cannot be taken
    with pytest.raises(sqlite3.DatabaseError):
        cache.list_items()
    assert moved_aside(tmp_path) == []  # not renamed under another writer's feet
    assert "could not be replaced" in cache.problems[-1]
    lock.rmdir()
    assert cache.list_items() == []  # the store still works: it rebuilds now
    assert len(moved_aside(tmp_path)) == 1
    cache.store_papers("x", [Paper(key="url:a", title="Newt tails")])
    assert cache.search("newt") == ["url:a"]
    cache.close()


def test_damage_a_parse_worker_finds_is_repaired_and_the_source_stored_again(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/big"] = Route(body=synthetic_feed(0, 700))
    assert len(feed_server.routes["/big"].body) > PROCESS_THRESHOLD  # parsed by a worker
    config = load_config(write_bench_config(tmp_path / "config.toml", [feed_server.url("/big")]))
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path)
    outside = sqlite3.connect(path)  # another program breaks the schema the worker checks
    outside.execute("DROP TABLE fts_state")
    outside.close()
    report = asyncio.run(Refresher(config, cache, workers=1).refresh())
    (outcome,) = report.outcomes
    assert outcome.status != FAILED, outcome.message
    assert len(moved_aside(tmp_path)) == 1
    assert any("moved aside" in p for p in cache.problems)
    assert cache.count() == 700
    cache.close()
