"""The radar's settings, library signals, seeds and service (tuireader/radar/service.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tests.fixtures.topic_corpus import KEYWORD, topic_papers
from tuireader.config.radar_settings import RadarTerm
from tuireader.config.settings import ConfigError, parse_config
from tuireader.export import render
from tuireader.export.marks import ExportMarks
from tuireader.interop.citations import read_citations
from tuireader.radar.service import RadarService
from tuireader.storage.cache import CacheStore
from tuireader.storage.library import LibraryStore
from tuireader.storage.radar_files import scores_path

CORPUS = topic_papers(1200, seed=5)
NOW = CORPUS[0].paper.published + timedelta(minutes=1)  # type: ignore[operator]


def test_radar_settings_take_weights_mutes_days_and_threshold(tmp_path: Path) -> None:
    config = parse_config(
        '[radar]\nkeywords = ["diffusion", {term = "protein design", '
        'weight = 2}]\nauthors = ["Lovelace, A."]\ndays = 0\n'
        'threshold = 2.5\nmute = {words = ["survey"], sources = ["x"]}\n',
        tmp_path / "c.toml",
    ).radar
    assert config.keyword_rules == (RadarTerm("diffusion"), RadarTerm("protein design", 2.0))
    assert config.keywords == ("diffusion", "protein design")  # what highlighting uses
    assert config.authors == ("Lovelace, A.",)
    assert (config.days, config.threshold) == (0, 2.5)
    assert config.mute.words == ("survey",) and config.mute.sources == ("x",)
    default = parse_config("", tmp_path / "c.toml").radar
    assert (default.days, default.threshold, default.keyword_rules) == (3, 1.0, ())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("keywords = [1]", "[radar].keywords[0] must be a string or a"),
        ('keywords = [{term = "a", weight = inf}]', "[radar].keywords[0].weight must be a number"),
        ('keywords = [{term = " "}]', "[radar].keywords[0] needs a non-empty term"),
        ('authors = [{name = "A"}]', "unknown key 'name' in [radar].authors[0]"),
        ("days = -1", "[radar].days must be a whole number from 0"),
        ("days = 1.5", "[radar].days must be a whole number"),
        ("threshold = nan", "[radar].threshold must be a number"),
        ("mute = {word = []}", "unknown key 'word' in [radar].mute (did you mean 'words'?)"),
        ('mute = "x"', "[radar].mute must be a table"),
    ],
)
def test_bad_radar_settings_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f"[radar]\n{text}\n", tmp_path / "c.toml")
    assert message in str(caught.value)


def test_dismissals_and_opened_marks_persist_merge_and_export(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    a, b = LibraryStore(path), LibraryStore(path)
    first, second = CORPUS[0].paper, CORPUS[1].paper
    a.dismiss(first)
    b.mark_opened(second.key)
    assert a.flush() and b.flush()
    merged = LibraryStore(path)
    assert merged.dismissed_keys() == {first.key} and merged.opened_keys() == {second.key}
    assert merged.dismissed_papers() == [first]  # a copy, as for stars
    merged.undismiss(first.key)  # the undo of `x`
    assert merged.flush() and not LibraryStore(path).is_dismissed(first.key)
    marks = ExportMarks.from_library(LibraryStore(path), [first.key, second.key])
    records = json.loads(render("json", [first, second], marks))
    assert [(r["dismissed"], r["opened"]) for r in records] == [(False, False), (False, True)]


def test_a_bad_dismissal_record_is_set_aside_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    good = CORPUS[0].paper
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "dismissed": {
                    good.key: {"dismissed_at": "2026-01-01", "paper": good.to_dict()},
                    "arxiv:bad": {"paper": {"key": "arxiv:other", "title": "t"}},
                },
                "opened": {"k": 3},
            }
        )
    )
    library = LibraryStore(path)
    assert library.dismissed_keys() == {good.key} and library.opened_keys() == set()
    assert "2 records" in library.problems[0]


BIBTEX = r"""@article{mine2024,
  title = {{Protein} design with d{\'e}noising \emph{diffusion}},
  author = {Lovelace, Ada and Babbage, Charles},
  abstract = {We design proteins.},
  eprint = {2401.12345v2}, archivePrefix = {arXiv}, year = {2024}}
@inproceedings{other, title = {Graph learning}, doi = {https://doi.org/10.1234/ABC}}
"""
RIS = (
    "TY  - JOUR\nTI  - Robot grasping\nAU  - Lovelace, Ada\nAB  - We grasp.\n"
    "DO  - 10.2222/x\nPY  - 2021\nER  - \n"
)
CSL = json.dumps(
    [
        {
            "id": "a",
            "title": "Quantum circuits",
            "abstract": "Qubits.",
            "author": [{"family": "Lovelace", "given": "Ada"}],
            "DOI": "10.3333/Q",
            "issued": {"date-parts": [[2020, 5]]},
        }
    ]
)


@pytest.mark.parametrize(
    ("name", "text", "keys", "title"),
    [
        (
            "lib.bib",
            BIBTEX,
            ["arxiv:2401.12345", "doi:10.1234/abc"],
            "Protein design with denoising diffusion",
        ),
        ("lib.ris", RIS, ["doi:10.2222/x"], "Robot grasping"),
        ("lib.json", CSL, ["doi:10.3333/q"], "Quantum circuits"),
    ],
)
def test_seed_files_become_papers_keyed_as_the_cache_keys_them(
    tmp_path: Path, name: str, text: str, keys: list[str], title: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    papers = read_citations(path)
    assert [p.key for p in papers] == keys
    assert papers[0].title == title and papers[0].authors[0].startswith("Lovelace")


# ----------------------------------------------------------------- the service
@pytest.fixture
def stores(tmp_path: Path) -> tuple[CacheStore, LibraryStore]:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("synthetic", [x.paper for x in CORPUS[1:]])  # CORPUS[0] comes later
    library = LibraryStore(tmp_path / "library.json")
    for x in [x for x in CORPUS if x.topic == "robotics"][60:70]:
        library.star(x.paper)
    yield cache, library
    cache.close()


def _service(
    tmp_path: Path, cache: CacheStore, library: LibraryStore, radar: str = ""
) -> RadarService:
    config = parse_config(f"[radar]\n{radar}\n", tmp_path / "c.toml").radar
    return RadarService(cache, library, config, tmp_path, now=lambda: NOW)


def test_refresh_ranks_the_recent_unread_papers_and_reuses_its_work(
    tmp_path: Path, stores: tuple[CacheStore, LibraryStore]
) -> None:
    cache, library = stores
    library.mark_read([CORPUS[1].paper.key])
    service = _service(tmp_path, cache, library, "days = 1")
    view = service.refresh()
    window = NOW - timedelta(days=1)
    expected = {
        x.paper.key
        for x in CORPUS[2:]
        if x.paper.published >= window  # type: ignore[operator]
        and not library.is_starred(x.paper.key)
    }
    assert {r.key for r in view.ranked} == expected and view.retrained
    assert view.status == "learned from 10 papers"
    topics = {x.paper.key: x.topic for x in CORPUS}
    assert sum(topics[r.key] == "robotics" for r in view.ranked[:10]) >= 8
    again = service.refresh()
    assert not again.retrained and again.ranked == view.ranked
    cache.store_papers("synthetic", [CORPUS[0].paper])  # a new paper arrives
    newer = service.refresh()
    assert not newer.retrained and CORPUS[0].paper.key in newer.papers
    # Another process paints from the saved scores without fitting anything.
    other = _service(tmp_path, cache, library, "days = 1")
    assert other.last_scores().keys() == {r.key for r in newer.ranked}
    assert other.status == "learned from 10 papers"
    assert not other.refresh().retrained


def test_new_signals_refit_and_a_corrupt_scores_file_is_rebuilt(
    tmp_path: Path, stores: tuple[CacheStore, LibraryStore]
) -> None:
    cache, library = stores
    service = _service(tmp_path, cache, library, "days = 1")
    before = service.refresh()
    library.dismiss(cache.paper(before.ranked[0].key))  # type: ignore[arg-type]
    after = service.refresh()
    assert after.retrained and before.ranked[0].key not in after.papers
    scores_path(tmp_path).write_text('{"fingerprint": 3, "scores": [')
    fresh = _service(tmp_path, cache, library, "days = 1")
    assert fresh.last_scores() == {}
    rebuilt = {r.key: r.score for r in fresh.refresh().ranked}
    assert rebuilt == pytest.approx({r.key: r.score for r in after.ranked}, abs=1e-3)
    assert fresh.problems == [] and fresh.last_scores().keys() == rebuilt.keys()


def test_why_and_missing_reasons_are_true(
    tmp_path: Path, stores: tuple[CacheStore, LibraryStore]
) -> None:
    cache, library = stores
    service = _service(
        tmp_path,
        cache,
        library,
        f'days = 1\nkeywords = [{{term = "{KEYWORD["quantum"]}", weight = 3}}]\n'
        f'mute = {{words = ["{KEYWORD["privacy"]}"]}}',
    )
    view = service.refresh()
    for ranked in view.visible[:50]:
        top = max(ranked.contributions, key=lambda c: c.value)
        assert ranked.reason == top.reason
        assert ranked.score == pytest.approx(sum(c.value for c in ranked.contributions))
    muted = next(r for r in view.ranked if r.muted)
    assert view.ranked[-1].muted and muted not in view.visible
    assert service.missing_reason(muted.key) == f"muted: word {KEYWORD['privacy']}"
    why = service.why(view.visible[0].key)
    assert why is not None and why.ranked.reason == view.visible[0].reason
    graphs = next(
        x.paper
        for x in CORPUS
        if x.topic == "graphs" and KEYWORD["privacy"] not in x.paper.abstract.lower()
    )
    cache.store_papers(
        "synthetic", [replace(graphs, key="arxiv:2001.00001", published=NOW - timedelta(days=2))]
    )
    assert service.missing_reason("arxiv:2001.00001") == "older than 1 day"
    assert "arxiv:2001.00001" not in service.refresh().papers
