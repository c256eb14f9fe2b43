"""Saved searches from the command line: `sources add NAME --search`, `sources list` and
`remove`, `digest --source` taking one, and `fetch` refusing one (it is never fetched)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.tui import filled_home
from tuireader.cli import main
from tuireader.config.settings import load_config
from tuireader.storage.home_paths import AppPaths


def run(home: AppPaths, *args: str) -> int:
    return main([*args, "--config", str(home.config_file), "--data-dir", str(home.data_dir)])


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    paths = filled_home(tmp_path)
    text = paths.config_file.read_text()
    paths.config_file.write_text("# my own comment, kept\n" + text)
    return paths


def test_a_saved_search_is_added_listed_and_removed_keeping_comments(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "sources", "add", "Diffusion", "--search", "diffusion policies") == 0
    out = capsys.readouterr()
    assert "Added the saved search 'Diffusion'" in out.out
    assert "1 cached paper now" in out.out
    text = home.config_file.read_text()
    assert text.startswith("# my own comment, kept\n")
    assert tomllib.loads(text)["searches"] == [{"name": "Diffusion", "query": "diffusion policies"}]
    config = load_config(home.config_file)
    assert [(s.name, s.query) for s in config.searches] == [("Diffusion", "diffusion policies")]
    assert "Diffusion" not in [s.name for s in config.sources]  # never fetched

    assert run(home, "sources", "list") == 0
    listed = capsys.readouterr().out
    assert "Saved searches (never fetched):" in listed
    assert "Diffusion  search  diffusion policies  (1 cached paper)" in listed

    assert run(home, "sources", "remove", "Diffusion") == 0
    assert "Removed the saved search 'Diffusion'" in capsys.readouterr().out
    text = home.config_file.read_text()
    assert "searches" not in tomllib.loads(text)
    assert text.startswith("# my own comment, kept\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad", "--search", "*** ..."], "--search: the query '*** ...' has no word to search"),
        (["Bad", "--search", "  "], "--search: the query is empty"),
        (["Nature", "--search", "ocean"], "a source named 'Nature' already exists"),
        (["X", "--search", "ocean", "--kind", "arxiv"], "takes no --kind"),
        (["X", "--search", "ocean", "--tag", "t", "--disabled"], "takes no --tag, --disabled"),
    ],
)
def test_a_bad_saved_search_is_refused_with_exit_2(
    home: AppPaths, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = home.config_file.read_text()
    assert run(home, "sources", "add", *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert home.config_file.read_text() == before


def test_a_second_search_of_the_same_name_is_refused(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "sources", "add", "Ocean", "--search", "ocean") == 0
    assert run(home, "sources", "add", "Ocean", "--search", "warming") == 2
    assert "a saved search named 'Ocean' already exists" in capsys.readouterr().err
    assert run(home, "sources", "add", "Ocean", "--kind", "arxiv", "--categories", "cs.AI") == 2
    assert "a saved search named 'Ocean' exists" in capsys.readouterr().err


def test_a_hand_written_search_with_a_bad_table_names_it(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    with home.config_file.open("a") as file:
        file.write('\n[[searches]]\nname = "Q"\nqeury = "typo"\n')
    assert run(home, "sources", "list") == 2
    assert "unknown key 'qeury' in [[searches]] #1" in capsys.readouterr().err


def test_fetch_says_a_saved_search_is_never_fetched(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "sources", "add", "Ocean", "--search", "ocean") == 0
    capsys.readouterr()
    assert run(home, "fetch", "--source", "Ocean") == 2
    err = capsys.readouterr().err
    assert "'Ocean' is a saved search, not a source" in err
    assert "never fetched" in err


def test_the_digest_takes_a_saved_search_as_a_source(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "sources", "add", "Ocean", "--search", "ocean warming") == 0
    capsys.readouterr()
    assert run(home, "digest", "--date", "2026-11-18", "--source", "Ocean") == 0
    digest = capsys.readouterr().out
    assert "Ocean warming shifts the timing of the North Atlantic spring bloom" in digest
    assert "Protein language model" not in digest  # bioRxiv's paper of that day
    # With a source too: the union of both, each paper once.
    assert (
        run(
            home,
            "digest",
            "--date",
            "2026-11-18",
            "--source",
            "Ocean",
            "--source",
            "bioRxiv Bioinformatics",
        )
        == 0
    )
    both = capsys.readouterr().out
    assert both.count("[Ocean warming shifts") == 1  # once in the contents
    assert "Protein language model" in both
    assert run(home, "digest", "--date", "2026-11-18", "--source", "Nope") == 2
    assert "configured: " in capsys.readouterr().err


def test_a_hand_written_search_that_cannot_search_is_said_not_silent(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """A query of punctuation alone passes config's shape check; the commands say it cannot
    search instead of printing "No new papers." or "0 cached papers"."""
    with home.config_file.open("a") as config:
        config.write('\n[[searches]]\nname = "Bang"\nquery = "!!!"\n')
    assert run(home, "sources", "list") == 0
    assert "Bang  search  !!!  (cannot search: " in capsys.readouterr().out
    assert run(home, "digest", "--source", "Bang") == 2
    assert "the saved search 'Bang' cannot search: " in capsys.readouterr().err


def test_a_saved_search_name_with_control_characters_is_refused(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "sources", "add", "Esc\x1b[31m", "--search", "graph") == 2
    assert "control characters" in capsys.readouterr().err
    with home.config_file.open("a") as config:
        config.write('\n[[searches]]\nname = "Bell\\u0007"\nquery = "graph"\n')
    assert run(home, "sources", "list") == 2
    assert "must not contain control characters" in capsys.readouterr().err
