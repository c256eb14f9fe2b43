"""The reader with other writers, broken files and unwritable disks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Static

from tests.tui import abstract_text, demo_home, open_app, ready, record_notices, wait_for_workers
from tuireader.cli import main
from tuireader.storage.library import LibraryStore
from tuireader.ui.app import HubreadApp
from tuireader.ui.screens.notices import NoticeScreen
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)


async def test_changes_from_another_process_appear(tmp_path: Path) -> None:
    paths = demo_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        paper = app.stores.cache.paper(app.query_one(PaperList).current.key)
        other = LibraryStore(paths.library_file)  # a second hubread on the same data dir
        other.star(paper)
        other.set_note(paper.key, "from the other window")
        assert other.flush()
        app.sync_library()  # what the two-second timer does
        await ready(pilot)
        assert app.stores.library.is_starred(paper.key)
        assert "note: from the other window" in abstract_text(app)
        await pilot.press("j", "s")  # this process's own change merges with the other's
        second = app.query_one(PaperList).current.key
        await wait_for_workers(app)
    merged = LibraryStore(paths.library_file)
    assert merged.is_starred(paper.key) and merged.is_starred(second)
    assert merged.note(paper.key) == "from the other window"


async def test_unwritable_library_keeps_the_app_running(tmp_path: Path) -> None:
    paths = demo_home()
    app = open_app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        paths.library_file.mkdir(parents=True)  # saving is now impossible
        await pilot.press("s")
        await ready(pilot)
        assert any("cannot save" in n for n in notices)
        assert app.is_running
        assert "★" in abstract_text(app)  # the change is kept in memory
        await pilot.press("j", "m")  # and the reader still works
        await wait_for_workers(app)
        paths.library_file.rmdir()  # the disk is back
        await pilot.press("m")
        await wait_for_workers(app)
    saved = LibraryStore(paths.library_file)
    assert len(saved.starred_keys()) == 1


async def notices_shown(app: HubreadApp) -> str | None:
    """The text of the notices dialog the reader opened at start, if it opened one."""
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        if not isinstance(app.screen, NoticeScreen):
            return None
        text = str(app.screen.query_one("#notices", Static).render())
        await pilot.press("enter")  # OK: seen
        await ready(pilot)
        assert app.screen is app.reader
    return text


async def test_corrupt_library_is_reported_at_start_until_acknowledged(tmp_path: Path) -> None:
    paths = demo_home()
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    paths.library_file.write_text('{"version": 1, "stars": {"x": ')
    text = await notices_shown(open_app(paths))
    assert text is not None and "moved aside" in text and "library.json" in text
    assert list(paths.data_dir.glob("library.json.corrupt-*"))
    assert await notices_shown(open_app(paths)) is None  # acknowledged: not shown again


async def test_what_a_headless_command_moved_aside_is_shown_by_the_reader(
    tmp_path: Path, capsys
) -> None:
    paths = demo_home()
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    paths.library_file.write_text('{"version": 1, "stars": {"x": ')  # torn by a crash
    where = ["--config", str(paths.config_file), "--data-dir", str(paths.data_dir)]
    assert main(["cache", *where]) == 0  # what cron runs; nobody reads its output
    assert "library.json was unreadable" in capsys.readouterr().err
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:  # killed before OK: shown again next time
        await ready(pilot)
        assert isinstance(app.screen, NoticeScreen)
    text = await notices_shown(open_app(paths))
    assert text is not None and "library.json was unreadable" in text and "UTC" in text
    assert await notices_shown(open_app(paths)) is None
    assert not paths.notices_file.exists()


def test_newer_cache_and_library_are_refused_with_exit_2(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = sqlite3.connect(data / "cache.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.close()
    config = tmp_path / "config.toml"
    config.write_text("[ui]\nrefresh_interval = 0\n")
    assert main(["cache", "--config", str(config), "--data-dir", str(data)]) == 2
    assert "newer hubread" in capsys.readouterr().err
    (data / "cache.sqlite3").unlink()
    (data / "library.json").write_text('{"version": 7}')
    assert main(["cache", "--config", str(config), "--data-dir", str(data)]) == 2
    assert "newer hubread" in capsys.readouterr().err
