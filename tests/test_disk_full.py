"""A library.json that cannot be written: the reader keeps its promise to save the change
later, retries, and never quits silently with a change unsaved.

The failing write is real: library.json is replaced by a directory, which makes the rename
fail for every user, root included.
"""

from __future__ import annotations

from textual.widgets import Static

from tests.tui import demo_home, open_app, ready, record_notices
from tuireader.storage.library import LibraryStore
from tuireader.ui.screens.unsaved import UnsavedScreen
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)


def dialog_text(app) -> str:
    return str(app.screen.query_one("#unsaved", Static).render())


async def test_quit_with_an_unsaved_star_asks_and_retry_saves_it() -> None:
    paths = demo_home()
    app = open_app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        key = app.query_one(PaperList).current.key
        paths.library_file.mkdir(parents=True)  # the disk is "full"
        await pilot.press("s")
        await ready(pilot)
        assert any("cannot save" in n and "kept in memory" in n for n in notices)
        assert "Starred." not in notices  # nothing claims it was saved
        await pilot.press("q")
        await ready(pilot)
        assert app.is_running and isinstance(app.screen, UnsavedScreen)
        assert "Not saved: 1 star change" in dialog_text(app)
        await pilot.press("r")  # still failing: the dialog stays and says so
        await ready(pilot)
        assert isinstance(app.screen, UnsavedScreen) and "tried 2 times" in dialog_text(app)
        await pilot.press("escape")  # back to the reader, change still queued
        await ready(pilot)
        assert app.screen is app.reader and app.stores.library.dirty
        paths.library_file.rmdir()  # space is free again
        await pilot.press("q")
        await ready(pilot)
    assert app.return_code == 0
    assert LibraryStore(paths.library_file).is_starred(key)


async def test_quit_anyway_says_the_change_is_lost_with_exit_status_1() -> None:
    paths = demo_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        paths.library_file.mkdir(parents=True)
        await pilot.press("s", "n", *"keep me")
        await pilot.press("ctrl+s")
        await ready(pilot)
        await pilot.press("q")
        await ready(pilot)
        assert "1 star change, 1 note" in dialog_text(app)
        await pilot.press("q")  # quit anyway
        await ready(pilot)
    assert app.return_code == 1


async def test_a_failed_save_is_retried_until_it_works() -> None:
    paths = demo_home()
    app = open_app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        key = app.query_one(PaperList).current.key
        paths.library_file.mkdir(parents=True)
        await pilot.press("s")
        await ready(pilot)
        app.sync_library()  # what the two-second timer does: still failing
        await ready(pilot)
        assert app.stores.library.dirty
        paths.library_file.rmdir()
        app.sync_library()  # now it works, without any other key pressed
        await ready(pilot)
        assert not app.stores.library.dirty
        assert "library.json saved (1 star change)." in notices
        assert LibraryStore(paths.library_file).is_starred(key)
        await pilot.press("q")
        await ready(pilot)
    assert app.return_code == 0
