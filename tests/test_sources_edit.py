"""`hubread sources add/remove` and `opml import` with what users and older versions
leave behind: an emptied source list, hostile OPML, the addresses users copy."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tuireader.cli import main
from tuireader.paths import AppPaths
from tuireader.store.config import default_config_text, load_config


def run(home: AppPaths, *args: str) -> int:
    return main([*args, "--config", str(home.config_file), "--data-dir", str(home.data_dir)])


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    """A home on the commented default config, as a first start writes it."""
    paths = AppPaths(config_file=tmp_path / "config.toml", data_dir=tmp_path / "data")
    paths.config_file.write_text(default_config_text())
    return paths


def test_removing_every_source_leaves_valid_toml_that_takes_new_sources(
        home: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    """Removing the last source wrote `sources = []` at the top of the file, and every
    `sources add` after it failed with 'invalid TOML' blaming the user."""
    for source in load_config(home.config_file).sources:
        assert run(home, "sources", "remove", source.name) == 0
    text = home.config_file.read_text()
    assert tomllib.loads(text).get("sources", []) == []
    assert "sources = []" not in text
    assert "# Every kind accepts url" in text  # the comments stay
    assert run(home, "sources", "add", "Robots", "--kind", "arxiv", "--categories",
               "cs.RO") == 0
    assert run(home, "sources", "add", "Cell", "--url",
               "https://www.cell.com/cell/inpress.rss") == 0
    config = load_config(home.config_file)
    assert [(s.name, s.kind) for s in config.sources] == [("Robots", "arxiv"),
                                                          ("Cell", "feed")]
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("old", [
    "sources = []\n",  # what an older hubread wrote after the last remove
    'sources = [{ name = "Old", kind = "huggingface" }]\n',  # written by hand
])
def test_adding_to_a_file_with_an_inline_sources_array(
        home: AppPaths, old: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = default_config_text()
    home.config_file.write_text(old + text[:text.index("[[sources]]")])
    assert run(home, "sources", "add", "Robots", "--kind", "arxiv", "--categories",
               "cs.RO") == 0, capsys.readouterr().err
    expected = ["Old", "Robots"] if "Old" in old else ["Robots"]
    assert [s.name for s in load_config(home.config_file).sources] == expected
    assert "# hubread configuration." in home.config_file.read_text()
