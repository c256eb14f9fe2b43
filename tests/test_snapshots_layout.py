"""The reader at 80x24 (sources collapsed, then shown with H) and at 200x60, abstract shown."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.test_snapshots import _settle
from tests.tui import demo_home, open_app, ready


async def _abstract_focused(pilot: Pilot[Any]) -> None:
    await _settle(pilot)
    await pilot.press("enter")  # the abstract, as a reader opens it from the list
    await ready(pilot)


async def _sources_shown(pilot: Pilot[Any]) -> None:
    await _settle(pilot)
    await pilot.press("H")
    await ready(pilot)


def test_80x24_sources_collapsed(snap_compare: Any) -> None:
    app = open_app(demo_home())
    assert snap_compare(app, terminal_size=(80, 24), run_before=_abstract_focused)


def test_80x24_sources_shown(snap_compare: Any) -> None:
    app = open_app(demo_home())
    assert snap_compare(app, terminal_size=(80, 24), run_before=_sources_shown)


def test_200x60_readable_measure(snap_compare: Any) -> None:
    app = open_app(demo_home())
    assert snap_compare(app, terminal_size=(200, 60), run_before=_abstract_focused)
