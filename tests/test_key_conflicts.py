"""Two actions on one key in [keys] are reported at start, naming the key and both actions."""

from __future__ import annotations

from tests.tui import demo_home, open_app, ready, record_notices
from tuireader.ui.key_conflicts import conflicts, normalized_keys, screen_chains

SIZE = (120, 36)


def _keys(text: str) -> str:
    return "\n[keys]\n" + text + "\n"


def _conflict_notices(notices: list[str]) -> list[str]:
    return [n for n in notices if "gives one key to two actions" in n]


async def test_a_remap_onto_another_actions_default_key_is_reported() -> None:
    app = open_app(demo_home(extra=_keys('star = "x"')))
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        [notice] = _conflict_notices(notices)
        assert "x: star (Star) and dismiss (Not interested)" in notice


async def test_two_actions_remapped_onto_one_key_and_a_list_key_are_reported() -> None:
    app = open_app(demo_home(extra=_keys('star = "F"\nsort = "F"\ntoggle_read = "j"\nhelp = "?"')))
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        [notice] = _conflict_notices(notices)
        lines = notice.splitlines()[1:]
        assert "F: sort (Sort) and star (Star)" in lines
        # j moves the cursor in the list (its own key wins there): that is a conflict too.
        [j] = [line for line in lines if line.startswith("j: ")]
        assert j.startswith("j: toggle_read (Read), ")
        assert '"Down" in the paper list' in j
        assert len(lines) == 2  # help = "?" is its own key: nothing to say


async def test_swapped_keys_and_a_plain_remap_are_no_conflict() -> None:
    app = open_app(demo_home(extra=_keys('star = "m"\ntoggle_read = "s"\nquit = "ctrl+q,Q"')))
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert _conflict_notices(notices) == []
        key = app.reader.listed_current().key  # type: ignore[union-attr]
        await pilot.press("m")
        assert app.stores.library.is_starred(key)


async def test_a_key_written_as_a_character_is_compared_by_its_name() -> None:
    assert normalized_keys("?, ctrl+x,, /") == ["question_mark", "ctrl+x", "slash"]
    app = open_app(demo_home(extra=_keys('quit = "?"')))
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        [notice] = _conflict_notices(notices)
        assert "?: quit (Quit) and help (Help)" in notice  # the remapped one first


async def test_the_default_keys_have_no_conflict() -> None:
    """Every engineer adds keys: two of hubread's own actions on one key fails here."""
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        chains = screen_chains(app.reader, app, {})
        assert len(chains) >= 4  # the screen, the sources, the list, the abstract
        assert conflicts(chains, remapped_only=False) == []


async def test_an_unknown_action_name_is_said_briefly_with_the_closest_name() -> None:
    """The notice once listed every known action: at 80x24 its first lines, naming the
    mistake, scrolled off the screen."""
    app = open_app(demo_home(extra=_keys('starr = "F"\nbogus_action = "k"')))
    notices = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
    [notice] = [n for n in notices if "unknown actions" in n]
    assert "starr (did you mean star?)" in notice and "bogus_action" in notice
    assert "listed under Keys in README.md" in notice and len(notice) < 200
