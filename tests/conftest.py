"""Shared fixtures: every test gets its own config and data dir, and no cursor blinks."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tuireader.storage.home_paths import AppPaths

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
DEMO_FEEDS = Path(__file__).resolve().parents[1] / "tuireader" / "demo" / "feeds"
# The captured samples' shapes (same file names) with invented papers: the tests that read
# SAMPLES run on these too, so a checkout without ../shared loses no coverage.
SHAPES = Path(__file__).resolve().parent / "fixtures" / "feeds"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> AppPaths:
    """Point config and data discovery at tmp_path so no test touches the real ones."""
    config = tmp_path / "config" / "config.toml"
    data = tmp_path / "data"
    monkeypatch.setenv("HUBREAD_CONFIG", str(config))
    monkeypatch.setenv("HUBREAD_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # Temporary folders (the demo homes tests make) go where pytest cleans up.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("tmp")))
    return AppPaths(config_file=config, data_dir=data)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blinking cursors make screenshots and timing nondeterministic."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def feed_server():
    """A real HTTP server on 127.0.0.1 for the duration of one test."""
    from tests.fixtures.server import FeedServer

    server = FeedServer().start()
    yield server
    server.stop()
