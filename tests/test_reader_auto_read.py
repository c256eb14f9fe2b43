"""Only a paper the reader chose in the paper list is marked read for them.

With ``mark_read_delay = 0`` a wrong mark would happen at once, so the cases that must not
mark anything use it; the cases that must mark use a long delay and ``AutoRead.fire()`` (what
the timer calls) to skip the wait, or a tiny one and wait on ``AutoRead.settled``.
"""

from __future__ import annotations

import asyncio

from tests.tui import demo_home, open_app, ready
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)
NOW = "mark_read_delay = 0"
LATER = "mark_read_delay = 600"


def read(app) -> set[str]:
    return app.stores.library.read_keys()


async def test_the_top_paper_at_start_up_is_not_marked() -> None:
    app = open_app(demo_home(ui=NOW))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.query_one(PaperList).current is not None
        assert read(app) == set()
        assert app.reader.auto_read.pending is None


async def test_moving_in_the_sources_pane_marks_nothing() -> None:
    app = open_app(demo_home(ui=NOW))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("h", *(["down"] * 8))  # past the date views to bioRxiv
        await ready(pilot)
        assert app.query_one(PaperList).border_title.startswith("bioRxiv")
        assert read(app) == set()


async def test_typing_a_search_marks_nothing_even_after_enter() -> None:
    app = open_app(demo_home(ui=NOW))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"axolo")
        await ready(pilot)
        assert len(app.query_one(PaperList).items) == 1
        await pilot.press("enter")  # back to the list: the result is shown, not chosen
        await ready(pilot)
        assert read(app) == set()


async def test_a_key_in_the_list_marks_after_the_delay_and_moving_on_cancels() -> None:
    app = open_app(demo_home(ui=LATER))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers, auto = app.query_one(PaperList), app.reader.auto_read
        await pilot.press("j")
        second = papers.current.key
        assert auto.pending == second
        await pilot.press("j")  # moved on before the delay: the second stays unread
        third = papers.current.key
        assert auto.pending == third
        auto.fire()
        await ready(pilot)
        assert read(app) == {third}


async def test_the_timer_itself_marks_the_paper() -> None:
    app = open_app(demo_home(ui="mark_read_delay = 0.01"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j")
        key = app.query_one(PaperList).current.key
        await asyncio.wait_for(app.reader.auto_read.settled.wait(), timeout=60)
        await ready(pilot)
        assert read(app) == {key}


async def test_a_click_and_enter_choose_a_paper() -> None:
    app = open_app(demo_home(ui=LATER))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers, auto = app.query_one(PaperList), app.reader.auto_read
        await pilot.press("enter")  # the top paper, read on purpose
        assert auto.pending == papers.items[0].key
        await pilot.press("l", "l")  # abstract -> sources -> papers: cancelled on the way
        assert papers.has_focus and auto.pending is None
        await pilot.click(PaperList, offset=(4, 3))
        assert papers.cursor == 2
        assert auto.pending == papers.items[2].key


async def test_leaving_the_list_or_reloading_it_cancels() -> None:
    app = open_app(demo_home(ui=LATER))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        auto = app.reader.auto_read
        await pilot.press("j", "tab")  # to its abstract: still being read
        assert auto.pending is not None
        await pilot.press("tab")  # to the sources pane
        assert auto.pending is None
        await pilot.press("tab", "j")
        assert auto.pending is not None
        await pilot.press("R")  # a refresh reloads the list
        await ready(pilot)
        assert auto.pending is None
        await pilot.press("j", "u")  # so does the unread-only filter
        assert auto.pending is None
        await pilot.press("j", "slash")
        assert auto.pending is None
        assert read(app) == set()


async def test_a_paper_marked_unread_by_hand_stays_unread() -> None:
    app = open_app(demo_home(ui=NOW))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        await pilot.press("j")
        key = papers.current.key
        assert read(app) == {key}  # chosen, delay 0: read at once
        await pilot.press("m")
        assert read(app) == set()
        await pilot.press("u")  # the filter keeps it in view, and must not mark it
        await ready(pilot)
        assert papers.current.key == key and read(app) == set()
        await pilot.press("u", "k", "j")  # moving away and back to it
        await ready(pilot)
        assert papers.current.key == key and read(app) == {papers.items[0].key}
        await pilot.press("m")  # by hand, it is read at once
        assert key in read(app)
