"""`hubread radar`, `radar seed`, `star`/`unstar` and `digest --radar`, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fixtures.golden_home import make_home
from tuireader.cli import main
from tuireader.storage.home_paths import AppPaths
from tuireader.storage.library import LibraryStore

BENCHMARK_PAPER = "arxiv:2611.14102"  # "A Benchmark of Honest Uncertainty ...", by Okonkwo


def run(home: AppPaths, *args: str) -> int:
    return main([*args, "--config", str(home.config_file), "--data-dir", str(home.data_dir)])


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    return make_home(tmp_path)


def test_radar_text_lists_rank_score_title_author_and_the_true_reason(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "radar", "--days", "0", "--limit", "3") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Radar: rules only: star papers to teach the radar"
    assert len(lines) == 4
    assert lines[1].split()[:2] == ["1", "2.00"]
    assert "(Mariam Okonkwo)" in lines[1]
    assert "[keyword: benchmark; author: Mariam Okonkwo]" in lines[1]


def test_radar_json_is_the_export_records_with_score_and_reasons(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "radar", "--days", "0", "--format", "json") == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0]["key"] == BENCHMARK_PAPER
    assert records[0]["score"] == 2.0
    assert records[0]["reasons"] == ["keyword: benchmark", "author: Mariam Okonkwo"]
    assert {"starred", "tags", "note", "dismissed", "opened"} <= records[0].keys()
    scores = [r["score"] for r in records]
    assert scores == sorted(scores, reverse=True) and len(records) > 10


def test_radar_markdown_has_the_reasons_and_nothing_recent_says_so(
    home: AppPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "radar.md"
    assert run(home, "radar", "--days", "0", "-f", "markdown", "-o", str(out)) == 0
    assert ">Radar: 2.00, keyword: benchmark; author: Mariam Okonkwo" in out.read_text()
    assert "written to" in capsys.readouterr().err
    assert run(home, "radar", "--days", "1") == 0  # the golden papers are from 2026-11
    assert "No unread papers on the radar (1 day)" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--days", "-1"], ["--limit", "many"], ["-f", "xml"]])
def test_radar_bad_arguments_exit_2(
    home: AppPaths, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run(home, "radar", *args)
    assert exited.value.code == 2 and "hubread radar: error" in capsys.readouterr().err


def test_star_and_unstar_take_ids_in_any_form_and_change_nothing_on_a_typo(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "star", "arXiv:2611.14102v2", "https://arxiv.org/abs/2611.14150") == 0
    assert "Starred 2 papers." in capsys.readouterr().out
    library = LibraryStore(home.library_file)
    assert library.starred_keys() == {BENCHMARK_PAPER, "arxiv:2611.14150"}
    assert run(home, "star", "2611.14037", "9999.99999") == 2
    assert "'9999.99999'" in capsys.readouterr().err
    assert not LibraryStore(home.library_file).is_starred("arxiv:2611.14037")
    assert run(home, "unstar", "2611.14150") == 0
    assert LibraryStore(home.library_file).starred_keys() == {BENCHMARK_PAPER}
    capsys.readouterr()
    # The radar learns from the star, and a starred paper leaves the radar.
    assert run(home, "radar", "--days", "0", "-f", "json", "--limit", "0") == 0
    records = json.loads(capsys.readouterr().out)
    assert BENCHMARK_PAPER not in {r["key"] for r in records}
    assert any(
        reason.startswith("like: A Benchmark of Honest") for r in records for reason in r["reasons"]
    )


def test_seed_lists_and_clears_without_starring(
    home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@article{a, title = {Honest uncertainty in retrieval}, "
        "abstract = {Calibrated answers.}, author = {Okonkwo, Mariam}}\n"
    )
    assert run(home, "radar", "seed", str(bib)) == 0
    assert "Seeded the radar with 1 paper" in capsys.readouterr().out
    assert run(home, "radar", "seed") == 0
    assert "Honest uncertainty in retrieval" in capsys.readouterr().out
    assert LibraryStore(home.library_file).starred_keys() == set()
    assert run(home, "radar", "--days", "0", "-f", "json") == 0
    records = json.loads(capsys.readouterr().out)
    assert any("like: Honest uncertainty in retrieval" in r["reasons"] for r in records)
    assert run(home, "radar", "seed", "--clear") == 0
    assert "Cleared 1 seeded paper." in capsys.readouterr().out
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{a, title = {unclosed\n")
    assert run(home, "radar", "seed", str(bad)) == 2
    assert f"{bad}: not" in capsys.readouterr().err
    assert run(home, "radar", "seed", str(tmp_path / "none.ris")) == 2


def test_digest_radar_puts_the_ranked_papers_first_with_reasons(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "digest", "--date", "2026-11-20", "--radar") == 0
    text = capsys.readouterr().out
    assert run(home, "digest", "--date", "2026-11-20") == 0
    plain = capsys.readouterr().out
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert sorted(headings) == sorted(line for line in plain.splitlines() if line.startswith("## "))
    first = text.split("\n## ")[1]
    assert ">Radar: " in first and ">Radar: " not in plain
