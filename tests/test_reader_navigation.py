"""Moving as a newsboat or mutt reader does: ] and [ to the next and previous unread paper
(wrapping to the next source), entering a source on its first unread paper, space and
shift+space paging the abstract, g and G in every pane, and [ui].mark_read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui import demo_home, open_app, press_until, ready, record_notices
from tuireader.cli import main
from tuireader.config.settings import ConfigError, parse_config
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.app import HubreadApp
from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

SIZE = (120, 36)
SMALL = (80, 24)  # the abstract pane is short: abstracts take several pages


def entry_ids(app: HubreadApp) -> list[str]:
    sources = app.query_one(SourceList)
    return [sources.get_option_at_index(i).id or "" for i in range(sources.option_count)]


def keys(app: HubreadApp) -> list[str]:
    return [i.key for i in app.query_one(PaperList).items]


def current(app: HubreadApp) -> str:
    item = app.query_one(PaperList).current
    assert item is not None
    return item.key


async def enter(pilot, app: HubreadApp, view_id: str) -> None:  # type: ignore[no-untyped-def]
    """Highlight ``view_id`` in the sources pane (from its top), as a user does with j."""
    sources = app.query_one(SourceList)
    if not sources.has_focus:
        await pilot.press("h")
    await pilot.press("g")
    target = entry_ids(app).index(view_id)
    await press_until(pilot, "j", lambda: sources.highlighted == target, view_id)
    await ready(pilot)
    assert app.reader.view_id == view_id


def mark_read(app: HubreadApp, read: list[str]) -> None:
    app.stores.library.mark_read(read)
    app.reader.rebuild()


async def test_entering_a_source_puts_the_cursor_on_its_first_unread_paper() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        source = next(i for i in entry_ids(app) if i.startswith("src:"))
        await enter(pilot, app, source)
        listed = keys(app)
        assert len(listed) > 3 and current(app) == listed[0]
        await enter(pilot, app, "all")
        mark_read(app, listed[:2])
        await pilot.press("l", "j", "j", "j", "j")  # a row the source must not inherit
        await enter(pilot, app, source)
        assert current(app) == listed[2]
        assert app.reader.auto_read.pending is None  # entering is not reading
        await enter(pilot, app, "all")
        mark_read(app, listed)
        await pilot.press("l", "G")
        await enter(pilot, app, source)
        assert current(app) == listed[0]  # everything read: the top


async def test_next_unread_skips_read_papers_and_wraps_to_the_next_source() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        everything = keys(app)
        mark_read(app, everything[1:3])
        await pilot.press("right_square_bracket")
        assert current(app) == everything[3]
        await pilot.press("left_square_bracket")
        assert current(app) == everything[0]
        sources = [i for i in entry_ids(app) if i.startswith("src:")]
        first, second = sources[0], sources[1]
        await enter(pilot, app, first)
        await pilot.press("l", "G")
        mark_read(app, [current(app)])
        await pilot.press("right_square_bracket")  # nothing unread below: the next source
        await ready(pilot)
        assert app.reader.view_id == second
        assert app.query_one(SourceList).highlighted == entry_ids(app).index(second)
        unread = [k for k in keys(app) if not app.stores.library.is_read(k)]
        assert current(app) == unread[0]
        await pilot.press("g")
        assert papers.cursor == 0
        await pilot.press("left_square_bracket")  # nothing unread above: back a source
        await ready(pilot)
        assert app.reader.view_id == first
        first_unread = [k for k in keys(app) if not app.stores.library.is_read(k)]
        assert current(app) == first_unread[-1]  # its last unread paper


async def test_next_unread_says_when_there_is_none() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await ready(pilot)
        everything = keys(app)
        mark_read(app, everything[1:])
        await pilot.press("right_square_bracket")
        assert notices[-1] == "No other unread papers."
        assert current(app) == everything[0]
        mark_read(app, everything[:1])
        await pilot.press("left_square_bracket")
        assert notices[-1] == "No unread papers."
        assert current(app) == everything[0]


async def test_space_pages_the_abstract_then_goes_to_the_next_unread_paper() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        view = app.query_one(AbstractView)
        papers = app.query_one(PaperList)
        assert papers.has_focus and view.max_scroll_y > 0
        first = current(app)
        mark_read(app, [keys(app)[1]])  # a reload: the abstract keeps its place from now on
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 0 and current(app) == first
        await press_until(
            pilot, "space", lambda: view.scroll_y >= view.max_scroll_y, "the end", limit=20
        )
        assert current(app) == first
        await pilot.press("space")  # at the end: the next unread paper (the second is read)
        await pilot.pause()
        assert current(app) == keys(app)[2]
        assert view.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 0
        await pilot.press("shift+space")  # a page back
        await pilot.pause()
        assert view.scroll_y == 0 and current(app) == keys(app)[2]
        await pilot.press("shift+space")  # at the top: the previous paper
        await pilot.pause()
        assert current(app) == keys(app)[1]
        await pilot.press("minus")  # for terminals that send shift+space as space
        await pilot.pause()
        assert current(app) == first


async def test_a_reload_keeps_the_place_in_the_abstract() -> None:
    """A rebuild of the list (a mark saved, a radar ranking, another hubread's change) used
    to scroll the abstract back to its top under the reader paging through it."""
    app = open_app(demo_home())
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        view = app.query_one(AbstractView)
        await pilot.press("space")
        await pilot.pause()
        place = view.scroll_y
        assert place > 0
        app.reader.rebuild()
        await pilot.pause()
        assert view.scroll_y == place
        await pilot.press("j")  # another paper: from its top
        await pilot.pause()
        assert view.scroll_y == 0


async def test_g_and_G_work_in_every_pane_and_no_pane_wraps() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        await pilot.press("G")
        assert papers.cursor == len(papers.items) - 1
        await pilot.press("j")  # the list stops at its end
        assert papers.cursor == len(papers.items) - 1
        await pilot.press("g")
        assert papers.cursor == 0
        await pilot.press("k")
        assert papers.cursor == 0
        await pilot.press("enter")  # the abstract pane
        view = app.query_one(AbstractView)
        assert view.has_focus and view.max_scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        sources = app.query_one(SourceList)
        sources.focus()
        await pilot.pause()
        last = sources.option_count - 1
        await pilot.press("G")
        assert sources.highlighted == last
        await pilot.press("j")  # the sources pane stops at its end too
        assert sources.highlighted == last
        await pilot.press("g")
        assert sources.highlighted == 0
        await pilot.press("k")
        assert sources.highlighted == 0


@pytest.mark.parametrize(("mode", "marked"), [("auto", True), ("manual", False)])
async def test_mark_read_auto_marks_what_the_reader_moved_to_and_manual_only_m(
    mode: str, marked: bool
) -> None:
    app = open_app(demo_home(ui=f'mark_read_delay = 0\nmark_read = "{mode}"'))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await ready(pilot)
        second = current(app)
        assert app.stores.library.is_read(second) is marked
        await pilot.press("right_square_bracket")
        await ready(pilot)
        assert app.stores.library.is_read(current(app)) is marked
        if not marked:
            await pilot.press("m")
            await ready(pilot)
            assert app.stores.library.is_read(current(app))


def test_mark_read_must_be_auto_or_manual(tmp_path: Path) -> None:
    assert parse_config("", tmp_path / "c.toml").ui.mark_read == "auto"
    assert parse_config('[ui]\nmark_read = "manual"', tmp_path / "c.toml").ui.mark_read == "manual"
    with pytest.raises(ConfigError) as info:
        parse_config('[ui]\nmark_read = "sometimes"', tmp_path / "c.toml")
    assert '[ui].mark_read must be "auto" or "manual", got \'sometimes\'' in str(info.value)
    with pytest.raises(ConfigError) as info:
        parse_config("[ui]\nmark_read = 1", tmp_path / "c.toml")
    assert "[ui].mark_read" in str(info.value)


def test_a_bad_mark_read_stops_a_command_with_status_2(
    isolated_home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_home.config_file.parent.mkdir(parents=True, exist_ok=True)
    isolated_home.config_file.write_text('[ui]\nmark_read = "never"\n')
    assert main(["sources", "list"]) == 2
    assert "[ui].mark_read must be" in capsys.readouterr().err
