"""Failures of the reader's background work: each reaches the user as a one-line toast and
the log file as a traceback, and the reader keeps running.

Every failure here is made for real: a directory where a lock file goes, a cache whose
papers table another program renamed away.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.tui import (
    abstract_text,
    demo_home,
    filled_home,
    open_app,
    ready,
    record_notices,
)
from tuireader.diagnostics import log_path
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.failures import error_line
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)
TRACEBACK = "Traceback (most recent call last):"
NO_TABLE = "OperationalError: no such table: papers"


def damage_cache(paths: AppPaths, table: str = "papers") -> None:
    """What a damaged or foreign-edited cache looks like to the reader's connection."""
    db = sqlite3.connect(paths.cache_file)
    try:
        db.execute(f"ALTER TABLE {table} RENAME TO {table}_gone")
    finally:
        db.close()


def log_text(paths: AppPaths) -> str:
    return log_path(paths.data_dir).read_text("utf-8")


def failures(notices: list[str]) -> list[str]:
    return [n for n in notices if " failed: " in n]


async def test_a_failing_theme_save_is_shown_and_logged(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    (paths.config_file.parent / "config.toml.lock").mkdir()  # the lock cannot be taken
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.theme = "hubread-light"  # what picking it with T does
        await ready(pilot)
        assert app.is_running
    (toast,) = failures(notices)
    assert toast.startswith("Saving the theme failed: IsADirectoryError: ")
    assert "config.toml.lock" in toast and "\n" not in toast
    log = log_text(paths)
    assert "Saving the theme failed: IsADirectoryError" in log
    assert TRACEBACK in log and "in save_theme" in log  # the traceback of the worker
    assert 'theme = "hubread-light"' not in paths.config_file.read_text()


async def test_a_failing_list_load_is_shown_and_logged(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        damage_cache(paths)
        app.load_items()  # what the end of every refresh does
        await ready(pilot)
        assert app.is_running
        assert len(app.query_one(PaperList).items) == 18  # what was shown stays
    assert failures(notices) == [f"Reading the cache failed: {NO_TABLE}"]
    log = log_text(paths)
    assert TRACEBACK in log and "in load_items" in log and f"sqlite3.{NO_TABLE}" in log


async def test_a_failing_search_is_shown_and_logged(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        damage_cache(paths, "papers_fts")
        await pilot.press("slash", "d", "i", "f")
        await ready(pilot)
        assert app.is_running
    toasts = failures(notices)
    assert toasts and all(
        t.startswith("Searching the cache failed: OperationalError") for t in toasts
    )
    log = log_text(paths)
    assert TRACEBACK in log and "in _search_worker" in log


async def test_a_failing_export_is_shown_and_logged(tmp_path: Path) -> None:
    paths = filled_home(tmp_path, ui=f'mark_read_delay = -1\nexport_dir = "{tmp_path}/out"')
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        damage_cache(paths)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # BibTeX
        await ready(pilot)
        assert app.is_running
    assert failures(notices) == [f"Exporting papers failed: {NO_TABLE}"]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    log = log_text(paths)
    assert TRACEBACK in log and "in export_papers" in log


async def test_a_failing_refresh_is_shown_and_logged() -> None:
    paths = demo_home()
    app = open_app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        damage_cache(paths, "source_state")
        await pilot.press("R")
        await ready(pilot)
        assert app.is_running and not app.refreshing  # a later R can run again
    toasts = failures(notices)
    assert toasts[0].startswith("Refreshing sources failed: OperationalError: ")
    assert "Reading the cache failed: OperationalError: no such table" in toasts[-1]
    log = log_text(paths)
    assert TRACEBACK in log and "in run_refresh" in log


async def test_a_library_that_cannot_be_saved_is_shown_and_logged_without_the_note(
    tmp_path: Path,
) -> None:
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        paths.data_dir.joinpath("library.json.lock").mkdir()
        key = app.query_one(PaperList).current.key
        app.stores.library.set_note(key, "my private reviewing thoughts")
        await pilot.press("s")
        await ready(pilot)
        assert app.is_running
    # The one reporter's wording, as every other failure: what failed, why, then what now.
    (toast,) = failures(notices)
    assert toast.startswith("Saving library.json failed: cannot save ")
    assert "Is a directory" in toast and "Your changes are kept in memory" in toast
    log = log_text(paths)
    assert "Saving library.json failed: cannot save " in log and "Is a directory" in log
    assert "my private reviewing thoughts" not in log


async def test_cancelled_workers_are_not_failures(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for _ in range(3):  # each load cancels the one before (an exclusive group)
            app.load_items()
        await ready(pilot)
    assert failures(notices) == []
    log = log_text(paths)
    assert "reader started" in log and " ERROR " not in log


async def test_without_a_log_file_the_reader_says_so_and_runs(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    log_path(paths.data_dir).mkdir()  # the log file cannot be opened
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert len(app.query_one(PaperList).items) == 18
    assert any(n.startswith("No log file: ") and "hubread.log" in n for n in notices)


async def test_a_paper_that_cannot_be_read_is_shown_once_and_logged(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        damage_cache(paths)
        await pilot.press("j", "j", "k")  # every move reads the highlighted paper
        await ready(pilot)
        assert app.is_running
        assert "no longer in the cache" in abstract_text(app)
    # One toast, not one per key press.
    assert failures(notices) == [f"Reading the paper failed: {NO_TABLE}"]
    log = log_text(paths)
    assert TRACEBACK in log and "in _paper" in log


def test_failure_lines_are_one_clean_line() -> None:
    error = OSError(f"Service \x1b]0;pwned\x07Unavailable\r\nfake: line {'x' * 300}")
    line = error_line("Refreshing sources", error)
    assert line.startswith("Refreshing sources failed: OSError: Service ")
    assert "\x1b" not in line and "\x07" not in line and "\r" not in line
    assert "\n" not in line and line.endswith("…")


async def test_a_failing_index_for_search_is_shown_and_logged(tmp_path: Path) -> None:
    # It was only logged: the user saw nothing until a search failed the same way.
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        damage_cache(paths, "fts_state")
        app.index_for_search()
        await ready(pilot)
        assert app.is_running
    toasts = failures(notices)
    assert toasts and toasts[-1].startswith("Indexing new papers for search failed: ")
    log = log_text(paths)
    assert TRACEBACK in log and "in index_for_search" in log


async def test_a_failing_worker_of_a_screen_is_shown_and_logged(tmp_path: Path) -> None:
    """Worker.StateChanged does not bubble: the reader screen's own workers (Zotero, TL;DR)
    are reported by the screen, or they would fail unseen."""
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    notices = record_notices(app)

    def read_a_folder() -> None:
        paths.data_dir.joinpath("library.json.d").mkdir(exist_ok=True)
        paths.data_dir.joinpath("library.json.d").read_text()  # IsADirectoryError

    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.screen.run_worker(
            read_a_folder,
            thread=True,
            name="screen_work",
            description="Asking Zotero where to save",
            exit_on_error=False,
        )
        await ready(pilot)
        assert app.is_running
    (toast,) = failures(notices)
    assert toast.startswith("Asking Zotero where to save failed: IsADirectoryError")
    log = log_text(paths)
    assert TRACEBACK in log and "in read_a_folder" in log
