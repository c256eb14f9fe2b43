"""U and ctrl+z take back every kind of mark, several steps deep, each saved to
library.json at once and said in a toast."""

from __future__ import annotations

import json

from tests.tui import demo_home, open_app, ready, record_notices
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.app import HubreadApp
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)


def saved(paths: AppPaths) -> dict:
    return json.loads(paths.library_file.read_text())


def current(app: HubreadApp) -> str:
    item = app.query_one(PaperList).current
    assert item is not None
    return item.key


async def test_every_kind_of_mark_is_undone_latest_first_and_saved() -> None:
    paths = demo_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await ready(pilot)
        key = current(app)
        title = app.query_one(PaperList).items[0].title
        await pilot.press("s")  # star
        await ready(pilot)
        await pilot.press("m")  # read
        await ready(pilot)
        await pilot.press("t", *"later", "enter")  # tags
        await ready(pilot)
        await pilot.press("n", *"see fig 2", "ctrl+s")  # note
        await ready(pilot)
        await pilot.press("x")  # not interested
        await ready(pilot)
        await pilot.press("A", "y")  # mark all read
        await ready(pilot)
        data = saved(paths)
        total = len(app.query_one(PaperList).items)
        assert key in data["stars"] and key in data["tags"] and key in data["notes"]
        assert key in data["dismissed"] and len(data["read"]) == total

        await pilot.press("U")
        await ready(pilot)
        assert notices[-1] == f"Undone: marked {total - 1} papers read"
        assert set(saved(paths)["read"]) == {key}  # on disk, not only in memory
        await pilot.press("ctrl+z")
        await ready(pilot)
        assert notices[-1].startswith("Undone: not interested in “")
        assert key not in saved(paths)["dismissed"]
        await pilot.press("U")
        await ready(pilot)
        assert notices[-1].startswith("Undone: edited the note of “")
        assert key not in saved(paths)["notes"]
        await pilot.press("U")
        await ready(pilot)
        assert notices[-1].startswith("Undone: changed the tags of “")
        assert key not in saved(paths)["tags"]
        await pilot.press("U")
        await ready(pilot)
        assert notices[-1].startswith("Undone: marked “") and notices[-1].endswith("” read")
        assert key not in saved(paths)["read"]
        await pilot.press("U")
        await ready(pilot)
        assert notices[-1] == f"Undone: starred “{title[:39].rstrip()}…”"
        assert key not in saved(paths)["stars"]
        await pilot.press("U")
        assert notices[-1] == "Nothing to undo."
        assert all(saved(paths)[s] == {} for s in ("stars", "read", "tags", "notes", "dismissed"))


async def test_undo_of_unread_and_unstar_puts_the_marks_back() -> None:
    paths = demo_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await ready(pilot)
        key = current(app)
        await pilot.press("s", "m")
        await ready(pilot)
        await pilot.press("s", "m")  # unstar, unread
        await ready(pilot)
        assert key not in saved(paths)["stars"] and key not in saved(paths)["read"]
        await pilot.press("U")
        await ready(pilot)
        assert notices[-1].endswith("” unread")
        await pilot.press("U")
        await ready(pilot)
        assert notices[-1].startswith("Undone: unstarred “")
        data = saved(paths)
        assert key in data["read"] and key in data["stars"]
        assert data["stars"][key]["paper"]["key"] == key  # the copy came back


async def test_an_automatic_read_mark_is_undone_and_not_made_again() -> None:
    """Undoing the auto-read of the paper on screen keeps it unread, as m would."""
    paths = demo_home(ui="mark_read_delay = 0")
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await ready(pilot)
        await pilot.press("j")
        await ready(pilot)
        key = current(app)
        assert key in saved(paths)["read"]
        await pilot.press("U")
        await ready(pilot)
        assert notices[-1].startswith("Undone: marked “") and key not in saved(paths)["read"]
        await pilot.press("k", "j")  # back to it: the reader said unread, it stays so
        await ready(pilot)
        assert not app.stores.library.is_read(key)


async def test_the_old_undo_dismiss_key_name_still_works_and_is_reported() -> None:
    paths = demo_home(extra='\n[keys]\nundo_dismiss = "ctrl+y"\n')
    app = open_app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert any("undo_dismiss is now undo" in n for n in notices)
        assert not any("unknown actions" in n for n in notices)
        key = current(app)
        await pilot.press("s")
        await ready(pilot)
        await pilot.press("ctrl+y")
        await ready(pilot)
        assert notices[-1].startswith("Undone: starred “")
        assert key not in saved(paths)["stars"]
        assert ("^y", "Undo the last mark") in app.help_rows()  # ? shows the user's key
