"""Regenerate docs/screenshot.svg from the demo (run: python docs/make_screenshot.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tuireader.demo import DEMO_HOME, DemoRefresher, make_demo_home
from tuireader.storage.home import open_stores
from tuireader.ui.app import HubreadApp

OUT = Path(__file__).resolve().parent / "screenshot.svg"


async def main() -> None:
    stores = open_stores(make_demo_home(), home=DEMO_HOME)
    app = HubreadApp(stores, DemoRefresher.of(stores))
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("j", "j")
        await pilot.pause()
        app.save_screenshot(filename=OUT.name, path=str(OUT.parent))


if __name__ == "__main__":
    asyncio.run(main())
