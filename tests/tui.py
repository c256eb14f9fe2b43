"""Helpers for Pilot tests: a demo home with tweakable config, and app construction."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from tuireader.demo import DEMO_HOME, DemoRefresher, load_demo_feeds, make_demo_home
from tuireader.fetch.refreshing import NetworkRefresher, Refresher
from tuireader.storage.home import USER_HOME, open_stores
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.app import HubreadApp
from tuireader.ui.widgets.abstract_view import AbstractView


def demo_home(ui: str = "mark_read_delay = -1", extra: str = "") -> AppPaths:
    """A demo home whose config gets ``ui`` lines in [ui] and ``extra`` appended."""
    paths = make_demo_home()
    text = paths.config_file.read_text()
    for line in ui.splitlines():  # a key given here replaces the demo's own
        key = line.split("=", 1)[0].strip()
        text = "\n".join(t for t in text.splitlines() if not t.startswith(f"{key} =")) + "\n"
    text = text.replace("[ui]\n", f"[ui]\n{ui}\n", 1) + extra
    paths.config_file.write_text(text)
    return paths


def open_app(
    paths: AppPaths,
    *,
    demo: bool = True,
    opened: list[str] | None = None,
    opened_files: list[Path] | None = None,
) -> HubreadApp:
    """The app on ``paths``; links and files it opens are recorded, never really opened."""

    def opener(url: str) -> bool:
        if opened is not None:
            opened.append(url)
        return True

    def file_opener(path: Path) -> bool:
        if opened_files is not None:
            opened_files.append(path)
        return True

    stores = open_stores(paths, home=DEMO_HOME if demo else USER_HOME)
    refresher: Refresher = DemoRefresher.of(stores) if demo else NetworkRefresher.of(stores)
    return HubreadApp(stores, refresher, opener=opener, file_opener=file_opener)


def filled_home(tmp_path: Path, ui: str = "mark_read_delay = -1", sources: str = "") -> AppPaths:
    """A non-demo home with the demo papers already in its cache and no network sources."""
    demo = demo_home(ui)
    paths = AppPaths(config_file=tmp_path / "home" / "config.toml", data_dir=tmp_path / "data")
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    # The demo sources keep their cached papers but are never fetched (no network in tests).
    text = demo.config_file.read_text().replace('kind = "', 'enabled = false\nkind = "')
    paths.config_file.write_text(text + sources)
    stores = open_stores(paths)
    load_demo_feeds(stores.config, stores.cache)
    stores.close()
    return paths


def abstract_text(app: HubreadApp) -> str:
    return str(app.query_one(AbstractView).query_one("#abstract-body").render())


def record_notices(app: HubreadApp) -> list[str]:
    """Collect what the app tells the user through its public ``notify``."""
    notices: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        notices.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return notices


# Seconds: a limit for a busy shared machine, so a hang fails the test; never a measure.
DEADLINE = 60.0


async def wait_for_workers(app: App[Any], timeout: float = DEADLINE) -> None:
    """Wait until no worker runs, failed ones included: ``workers.wait_for_complete()``
    raises ``WorkerFailed`` at the first failure, while the others still run."""
    try:
        async with asyncio.timeout(timeout):
            while running := [w for w in app.workers if not w.is_finished]:
                await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
    except TimeoutError:
        names = [w.name or repr(w) for w in app.workers if not w.is_finished]
        raise AssertionError(f"workers still running after {timeout:g} s: {names}") from None


async def ready(pilot: Pilot[Any]) -> None:
    """Every worker done (failed ones too) and the messages they posted handled."""
    await wait_for_workers(pilot.app)
    await pilot.pause()


async def until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, timeout: float = DEADLINE
) -> None:
    """Let the app run until ``condition()`` holds; fails naming ``what`` at the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, f"after {timeout:g} s, still not: {what}"
        await pilot.pause()


async def press_until(
    pilot: Pilot[Any], key: str, condition: Callable[[], bool], what: str, limit: int = 200
) -> None:
    """Press ``key`` until ``condition()`` holds (moving a cursor to a row, say), at most
    ``limit`` times: a row that is not there fails the test instead of pressing forever."""
    for _ in range(limit):
        if condition():
            return
        await pilot.press(key)
    assert condition(), f"after {limit} presses of {key!r}, still not: {what}"
