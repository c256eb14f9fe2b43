"""`hubread export`, `digest`, `sources` and `opml`, end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybtex.database import parse_string

from tests.fixtures.golden_home import make_home
from tuireader.cli import main
from tuireader.config.settings import load_config
from tuireader.interop.opml import parse_opml
from tuireader.storage.home_paths import AppPaths
from tuireader.storage.library import LibraryStore

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
# OPML as newsboat, Miniflux and Feedly write it (our own feeds list, in their formats).
OPML_FILES = Path(__file__).parent / "fixtures" / "opml"


def run(home: AppPaths, *args: str) -> int:
    return main([*args, "--config", str(home.config_file), "--data-dir", str(home.data_dir)])


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    return make_home(tmp_path)


def test_digest_matches_the_golden_files(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "digest", "--date", "2026-11-20") == 0
    assert capsys.readouterr().out == (GOLDEN / "digest-2026-11-20.md").read_text()
    assert run(home, "digest", "--date", "2026-11-19", "--group") == 0
    assert capsys.readouterr().out == (GOLDEN / "digest-2026-11-19-grouped.md").read_text()
    assert run(home, "digest", "--date", "2000-01-01") == 0
    assert "No new papers." in capsys.readouterr().out


def test_digest_to_a_file_and_by_source(
    home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "digest.md"
    assert run(home, "digest", "--date", "2026-11-20", "--source", "Nature", "-o", str(out)) == 0
    text = out.read_text()
    assert text.count("\n## ") == 1 and "How researchers are using AI" in text
    assert "written to" in capsys.readouterr().err


def test_export_takes_starred_papers_by_default(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "export", "--format", "bibtex") == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "No papers matched" in captured.err
    library = LibraryStore(home.library_file)
    from tuireader.storage.home import open_stores

    stores = open_stores(home)
    for key in ("arxiv:2611.14301", "doi:10.1038/s41586-026-09912-4"):
        library.star(stores.cache.paper(key))
    library.set_tags("arxiv:2611.14301", ["graphs"])
    library.flush()
    stores.close()
    assert run(home, "export", "--format", "bibtex") == 0
    bib = parse_string(capsys.readouterr().out, "bibtex")
    assert sorted(bib.entries) == ["demir2026conformal", "lindholm2026roomtemperature"]
    assert run(home, "export", "--format", "json", "--tag", "graphs") == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["key"] == "arxiv:2611.14301" and record["tags"] == ["graphs"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--all"], 18),
        (["--source", "Nature"], 3),
        (["--source", "Nature", "--source", "HF Daily Papers"], 6),
        # Listed by arXiv on the 20th, though Hugging Face dates two of them the 19th.
        (["--since", "2026-11-20"], 12),
        (["--search", "axolotl"], 1),
        (["--all", "--unread"], 18),
        (["--source", "arXiv cs.LG", "--since", "2026-11-20"], 6),
    ],
)
def test_export_selections(
    home: AppPaths, capsys: pytest.CaptureFixture[str], args: list[str], expected: int
) -> None:
    assert run(home, "export", "--format", "json", *args) == 0
    assert len(json.loads(capsys.readouterr().out)) == expected


def test_export_every_format_to_a_file(
    home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("bibtex", "ris", "csljson", "markdown", "csv", "json"):
        out = tmp_path / f"papers.{fmt}"
        assert run(home, "export", "--format", fmt, "--all", "-o", str(out)) == 0
        assert out.stat().st_size > 1000
        assert f"Exported 18 papers to {out}" in capsys.readouterr().err


def test_export_errors_are_clear(home: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "export", "--format", "ris", "--source", "Natur") == 2
    assert "unknown source 'Natur'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        run(home, "export", "--format", "ris", "--since", "yesterday")
    assert info.value.code == 2


def test_sources_add_and_remove_keep_the_rest_of_the_file(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    before = home.config_file.read_text()
    assert (
        run(
            home,
            "sources",
            "add",
            "Robots",
            "--kind",
            "arxiv",
            "--categories",
            "cs.RO,cs.SY",
            "--tag",
            "robotics",
        )
        == 0
    )
    assert (
        run(
            home,
            "sources",
            "add",
            "Neuro",
            "--url",
            "https://connect.biorxiv.org/biorxiv_xml/neuroscience",
        )
        == 0
    )
    config = load_config(home.config_file)
    robots, neuro = config.source("Robots"), config.source("Neuro")
    assert robots.categories == ("cs.RO", "cs.SY") and robots.tags == ("robotics",)
    assert neuro.kind == "biorxiv" and neuro.subject == "neuroscience" and not neuro.url
    after = home.config_file.read_text()
    assert after.startswith(before)  # comments and layout of the rest untouched
    assert run(home, "sources", "add", "Robots", "--kind", "huggingface") == 2
    assert "already" in capsys.readouterr().err
    assert run(home, "sources", "remove", "Robots") == 0
    assert run(home, "sources", "remove", "Neuro") == 0
    assert home.config_file.read_text().strip() == before.strip()
    assert run(home, "sources", "remove", "Nope") == 2
    assert "no source named 'Nope'" in capsys.readouterr().err
    capsys.readouterr()
    assert run(home, "sources", "list") == 0
    listing = capsys.readouterr().out
    assert "arXiv cs.LG" in listing and "cs.LG+stat.ML" in listing and "6 papers" in listing


def test_opml_import_from_other_readers(
    home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("newsboat.opml", "miniflux.opml", "feedly.opml"):
        (tmp_path / name).write_bytes((OPML_FILES / name).read_bytes())
    assert run(home, "opml", "import", str(tmp_path / "newsboat.opml")) == 0
    out = capsys.readouterr().out
    # cs.AI duplicates the configured "arXiv cs.AI"; the file:// feed is not taken.
    assert "added    Robotics (arxiv)" in out and "skipped  cs.AI updates on arXiv.org" in out
    assert "1 added, 1 skipped, from 2 feeds" in out
    assert run(home, "opml", "import", str(tmp_path / "miniflux.opml")) == 0
    assert run(home, "opml", "import", str(tmp_path / "feedly.opml")) == 0
    capsys.readouterr()
    config = load_config(home.config_file)
    assert config.source("Robotics").categories == ("cs.RO", "cs.SY")
    neuro = config.source("bioRxiv Neuroscience")
    assert (neuro.kind, neuro.subject, neuro.tags) == ("biorxiv", "neuroscience", ("Biology",))
    assert config.source("medRxiv Epidemiology").kind == "medrxiv"
    assert config.source("PLOS Biology").tags == ("Journals",)
    assert config.source("PLOS Biology").url.endswith("/feed/atom")
    assert "skipped  Nature (already a source)" in (
        run(home, "opml", "import", str(tmp_path / "feedly.opml")) == 0 and capsys.readouterr().out
    )
    (tmp_path / "not.opml").write_text("<rss><channel/></rss>")
    assert run(home, "opml", "import", str(tmp_path / "not.opml")) == 2
    assert "not an OPML file" in capsys.readouterr().err


def test_opml_export_round_trips(
    home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sources.opml"
    assert (
        run(
            home,
            "sources",
            "add",
            "Robots",
            "--kind",
            "arxiv",
            "--categories",
            "cs.RO",
            "--tag",
            "robotics",
        )
        == 0
    )
    assert run(home, "opml", "export", "-o", str(out)) == 0
    imported = parse_opml(out.read_bytes())
    config = load_config(home.config_file)
    assert [(s.name, s.kind) for s in imported] == [(s.name, s.kind) for s in config.sources]
    assert next(s for s in imported if s.name == "Robots").tags == ("robotics",)
    assert next(s for s in imported if s.kind == "arxiv").categories == ("cs.AI",)
    fresh = make_home(tmp_path / "fresh", sources=False)
    assert run(fresh, "opml", "import", str(out)) == 0
    assert [s.name for s in load_config(fresh.config_file).sources] == [
        s.name for s in config.sources
    ]
