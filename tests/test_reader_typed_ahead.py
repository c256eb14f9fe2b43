"""Keys act in the order they were typed, even when one terminal read brings several: a key
typed right before ``/``, ``t`` or ``n`` is not lost when the field or the dialog opens
(``s/`` stars, then searches), and the keys typed right after it still go into the field.

Pilot's ``press`` waits for the app between keys, which hides this; the keys are queued
at once here, as a terminal (or ``tmux send-keys 's/'``) delivers them."""

from __future__ import annotations

from textual import events

from tests.tui import demo_home, open_app, ready
from tuireader.ui.app import HubreadApp
from tuireader.ui.screens.note import NoteEditor
from tuireader.ui.screens.tags import TagEditor
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.search_bar import SearchBar

SIZE = (120, 36)
NAMES = {"/": "slash", " ": "space"}


def burst(app: HubreadApp, text: str) -> None:
    """Queue ``text`` as one terminal read: every key at once, no waiting in between."""
    for char in text:
        app.post_message(events.Key(NAMES.get(char, char), char))


def current(app: HubreadApp) -> str:
    item = app.query_one(PaperList).current
    assert item is not None
    return item.key


async def test_a_star_typed_right_before_slash_is_kept() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        key = current(app)
        burst(app, "s/")
        await ready(pilot)
        assert app.stores.library.is_starred(key)
        assert isinstance(app.focused, SearchBar) and app.focused.value == ""


async def test_a_move_before_slash_and_the_text_after_it_both_count() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first, second = (i.key for i in app.query_one(PaperList).items[:2])
        burst(app, "j/")
        await ready(pilot)
        assert isinstance(app.focused, SearchBar) and current(app) == second
        await pilot.press("escape")
        await ready(pilot)

        burst(app, "km/policy")  # up, mark read, then a search for "policy"
        await ready(pilot)
        assert isinstance(app.focused, SearchBar) and app.focused.value == "policy"
        assert app.stores.library.read_keys() == {first}  # "p", "o", "l"... fired nothing


async def test_keys_before_t_and_n_act_on_the_paper_before_the_dialog_opens() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        key = current(app)
        burst(app, "stgroup")
        await ready(pilot)
        assert isinstance(app.screen, TagEditor)
        assert app.stores.library.is_starred(key)
        await pilot.press("enter")
        await ready(pilot)
        assert app.stores.library.tags(key) == ("group",)

        burst(app, "mnseen")
        await ready(pilot)
        assert isinstance(app.screen, NoteEditor)
        assert app.stores.library.is_read(key)
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.stores.library.note(key) == "seen"
