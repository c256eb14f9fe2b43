"""A cache row whose JSON record cannot be decoded (another program, or a newer hubread,
wrote it) is damage of that row alone: it is left out, reported once and removed, never a
crash; the next fetch of its source brings the paper back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.fixtures.golden_home import make_home
from tests.tui import filled_home, open_app, ready, until
from tuireader.cli import main
from tuireader.model import Paper
from tuireader.storage.cache import CacheStore
from tuireader.storage.home_paths import AppPaths
from tuireader.storage.paper_rows import PaperRowError, paper_from_row
from tuireader.ui.widgets.paper_list import PaperList

BAD_RECORDS = ['{"upvotes": 1.5}', "[1, 2]", "not json", '{"version": "two"}']


def spoil(cache_file: Path, key: str, data: str = BAD_RECORDS[0]) -> None:
    db = sqlite3.connect(cache_file)
    try:
        with db:
            assert db.execute("UPDATE papers SET data = ? WHERE key = ?", (data, key)).rowcount
    finally:
        db.close()


def first_key(cache_file: Path, offset: int = 0) -> str:
    db = sqlite3.connect(cache_file)
    try:
        row = db.execute(
            "SELECT key FROM papers ORDER BY date DESC, id LIMIT 1 OFFSET ?", (offset,)
        ).fetchone()
    finally:
        db.close()
    return str(row[0])


@pytest.mark.parametrize("data", BAD_RECORDS)
def test_paper_from_row_raises_one_error_type(data: str) -> None:
    with pytest.raises(PaperRowError, match="'k1' cannot be decoded"):
        paper_from_row("k1", data, "T", "A", "abstract")


def test_a_bad_row_is_left_out_reported_once_and_removed(
    tmp_path: Path,
) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("s", [Paper(key="k1", title="One"), Paper(key="k2", title="Two")])
    spoil(cache.path, "k1")
    assert cache.paper("k1") is None
    assert [p.key for p in cache.papers()] == ["k2"]
    assert list(cache.papers_by_keys(["k1", "k2"])) == ["k2"]
    (problem,) = cache.problems
    assert "'k1' cannot be decoded" in problem and "removed from the cache" in problem
    assert cache.count() == 1  # not reported again by the next read, or the next run
    assert CacheStore(cache.path).papers() == cache.papers()
    stats = cache.store_papers("s", [Paper(key="k1", title="One again")])
    assert stats.new == 1
    paper = cache.paper("k1")
    assert paper is not None and paper.title == "One again"
    assert len(cache.problems) == 1
    cache.close()


async def test_the_reader_moves_over_a_bad_row_and_says_so(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    bad = first_key(paths.cache_file, 1)
    spoil(paths.cache_file, bad)
    app = open_app(paths, demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        paper_list = app.query_one(PaperList)
        paper_list.focus()
        # Whoever decodes the row first (the radar's worker at start, or the highlight)
        # leaves it out and reports it; moving over every row never crashes the reader.
        for _ in range(len(paper_list.items)):
            await pilot.press("j")
            await ready(pilot)
            assert app.is_running
        await until(pilot, lambda: bool(app.stores.cache.problems), "the bad row reported")
        assert any("cannot be decoded" in p for p in app.stores.cache.problems)


def test_export_all_skips_a_bad_row_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home: AppPaths = make_home(tmp_path)
    bad = first_key(home.cache_file)
    spoil(home.cache_file, bad, "[1, 2]")
    argv = ["--config", str(home.config_file), "--data-dir", str(home.data_dir)]
    assert main(["export", "--format", "json", "--all", *argv]) == 0
    captured = capsys.readouterr()
    keys = {record["key"] for record in json.loads(captured.out)}
    assert bad not in keys and keys
    assert f"{bad!r:.80} cannot be decoded" in captured.err


def test_a_bad_row_met_by_a_merge_is_replaced_whole(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("s", [Paper(key="k1", title="One")])
    spoil(cache.path, "k1", "[1, 2]")
    assert cache.store_papers("s", [Paper(key="k1", title="One again")]).updated == 1
    paper = cache.paper("k1")
    assert paper is not None and paper.title == "One again"
    cache.close()
