"""The main screen as a user sees it, in a dark and a light theme, small and large."""

from __future__ import annotations

import pytest

from tests.tui import demo_home, open_app, ready


async def _settle(pilot) -> None:
    await ready(pilot)
    # From the first paper, whatever a busy machine let happen before (the whole cache
    # loading after the first page): two down is one with a cross-list badge and a longer
    # abstract.
    await pilot.press("g")
    await ready(pilot)
    await pilot.press("j", "j")
    await ready(pilot)


@pytest.mark.parametrize("theme", ["hubread-dark", "hubread-light"])
@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_main_screen(snap_compare, theme: str, size: tuple[int, int]) -> None:
    app = open_app(demo_home(ui=f'mark_read_delay = -1\ntheme = "{theme}"'))
    assert snap_compare(app, terminal_size=size, run_before=_settle)
