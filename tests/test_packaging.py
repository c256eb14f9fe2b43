"""The wheel carries the theme files and demo feeds, and an installed copy finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK_INSTALLED = """
import asyncio, sys
import tuireader
from tuireader.ui.themes import shipped_themes_dir, load_themes
from tuireader.storage.home import open_stores
from tuireader.demo import DEMO_HOME, DemoRefresher, make_demo_home
from tuireader.ui.app import HubreadApp
from tuireader.ui.widgets.paper_list import PaperList

target = sys.argv[1]
assert tuireader.__file__.startswith(target), tuireader.__file__
assert str(shipped_themes_dir()).startswith(target), shipped_themes_dir()
names = {t.name for t in load_themes(shipped_themes_dir()).themes}
assert {"hubread-dark", "hubread-light", "hubread-contrast"} <= names, names

async def run_demo():
    stores = open_stores(make_demo_home(), home=DEMO_HOME)
    app = HubreadApp(stores, DemoRefresher.of(stores))
    async with app.run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == "hubread-dark"
        assert len(app.query_one(PaperList).items) == 18
        await pilot.press("q")

asyncio.run(run_demo())
print("installed copy OK")
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("hubread-*.whl")
    return built


def test_wheel_contains_themes_and_demo_feeds(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for theme in ("hubread-dark", "hubread-light", "hubread-contrast"):
        assert f"tuireader/themes/{theme}.toml" in names
    assert "tuireader/demo/feeds/arxiv-cs.AI.xml" in names
    assert "tuireader/config/default_config.toml" in names
    assert "tuireader/ui/app.tcss" in names


def test_installed_wheel_runs_the_demo_with_its_themes(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    # The demo home it makes goes to this test's folder, not the machine's temp dir.
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "TMPDIR": str(temp)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK_INSTALLED, str(target)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "installed copy OK" in result.stdout
    assert len(list(temp.glob("hubread-demo-*"))) == 1
