"""Export and digest selections run in SQL and take exactly the papers the Python filters took.

A generated cache with the awkward cases (papers on two sources, undated papers, dates on
the stroke of midnight, in other time zones, with microseconds; starred papers the cache
purged; a starred copy older than the cached paper) is selected every way the CLI allows and
compared with ``tests/fixtures/python_selection.py``, the straightforward filters.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.fixtures.golden_home import make_home
from tests.fixtures.python_selection import python_digest, python_select
from tuireader.cli import main
from tuireader.commands.digest import day_papers
from tuireader.model import Paper
from tuireader.query.selection import Selection, select_papers
from tuireader.storage.cache import CacheStore
from tuireader.storage.home_paths import AppPaths
from tuireader.storage.library import LibraryStore

SOURCES = ("A", "B", "C", "D")
WORDS = ("quantum", "protein", "graph", "Müller", "diffusion", "kernel")
NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
PLUS5, MINUS3 = timezone(timedelta(hours=5)), timezone(timedelta(hours=-3))
MOMENTS: tuple[datetime | None, ...] = (
    None,
    datetime(2026, 11, 20, 0, 0, tzinfo=UTC),  # the first moment of the day
    datetime(2026, 11, 19, 23, 59, 59, 999999, tzinfo=UTC),  # the last of the day before
    datetime(2026, 11, 20, 3, 30, tzinfo=PLUS5),  # 22:30 UTC the day before
    datetime(2026, 11, 19, 22, 0, tzinfo=MINUS3),  # 01:00 UTC on the 20th
    datetime(2026, 11, 20, 12, 0, 0, 500000, tzinfo=UTC),
    datetime(2026, 11, 21, 9, 15, tzinfo=UTC),
    datetime(2026, 11, 18, 9, 15, tzinfo=UTC),
    datetime(2026, 11, 20, 12, 0, tzinfo=UTC),  # the same moment as another paper's
)


def _paper(i: int, source: str) -> Paper:
    moment = MOMENTS[i % len(MOMENTS)]
    words = [WORDS[i % len(WORDS)], WORDS[(i * 7 + 3) % len(WORDS)]]
    return Paper(
        key=f"gen:{i:03d}",
        title=f"{words[0].capitalize()} study {i}",
        authors=(f"Author {i % 5}", "Ana Müller" if i % 4 == 0 else "Bo Chen"),
        abstract=f"We study {' and '.join(words)} at length.",
        # Some papers have only an update date (their date falls back to it).
        published=moment if i % 6 else None,
        updated=None if i % 6 else moment,
        sources=(source,),
        journal="Gen" if i % 2 else None,
    )


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[CacheStore, LibraryStore]:
    root = tmp_path_factory.mktemp("generated")
    cache, library = CacheStore(root / "cache.sqlite3"), LibraryStore(root / "library.json")
    papers = [_paper(i, SOURCES[i % 4]) for i in range(120)]
    for source in SOURCES:
        cache.store_papers(source, [p for p in papers if p.sources == (source,)], now=NOW)
    # Every fifth paper is listed by a second source too.
    for source in SOURCES:
        cache.store_papers(
            source,
            [replace(p, sources=(source,)) for p in papers[::5] if p.sources != (source,)][:8],
            now=NOW,
        )
    # Starred papers the cache no longer holds: seen long ago, then purged.
    gone = [_paper(i, SOURCES[i % 4]) for i in range(200, 212)]
    cache.store_papers("A", gone, now=NOW - timedelta(days=400))
    assert cache.purge(30, now=NOW) == len(gone)
    for paper in gone:
        library.star(paper)
    for i in range(0, 120, 3):
        cached = cache.paper(f"gen:{i:03d}")
        assert cached is not None
        # An older copy in the library: the cached paper is the one exported.
        library.star(replace(cached, title="Old title") if i % 2 else cached)
    for i in [*range(0, 120, 4), *range(200, 212, 2)]:
        library.set_tags(f"gen:{i:03d}", ["ml"] if i % 8 else ["ml", "bio"])
    for i in [*range(1, 120, 7), 201]:
        library.set_tags(f"gen:{i:03d}", ["bio"])
    library.mark_read([f"gen:{i:03d}" for i in [*range(0, 120, 2), *range(200, 212, 3)]])
    library.flush()
    return cache, library


TABLE = {
    "starred": (False, True),
    "tags": ((), ("ml",), ("ml", "bio")),
    "sources": ((), ("A",), ("B", "D")),
    "unread": (False, True),
    "since": (None, date(2026, 11, 20), date(2030, 1, 1)),
    "search": ("", "protein", "mül", "!!!"),
    "everything": (False, True),
}


def _records(papers: list[Paper]) -> list[dict[str, object]]:
    return [p.to_dict() for p in papers]


def test_every_combination_selects_what_the_python_filters_select(
    stores: tuple[CacheStore, LibraryStore],
) -> None:
    cache, library = stores
    nonempty = 0
    for values in itertools.product(*TABLE.values()):
        selection = Selection(**dict(zip(TABLE, values, strict=True)))
        expected = python_select(cache, library, selection)
        assert _records(select_papers(cache, library, selection)) == _records(expected), selection
        nonempty += bool(expected)
    # The table is not vacuous: most combinations select something.
    assert nonempty > len(list(itertools.product(*TABLE.values()))) // 3


def test_a_views_keys_select_what_the_python_filter_selects(
    stores: tuple[CacheStore, LibraryStore],
) -> None:
    cache, library = stores
    keys = ("gen:201", "gen:003", "unknown", "gen:004", "gen:200", "gen:119")
    selection = Selection(keys=keys)
    papers = select_papers(cache, library, selection)
    assert _records(papers) == _records(python_select(cache, library, selection))
    assert [p.key for p in papers] == ["gen:201", "gen:003", "gen:004", "gen:200", "gen:119"]


def test_the_selections_take_the_awkward_cases(stores: tuple[CacheStore, LibraryStore]) -> None:
    cache, library = stores
    starred = select_papers(cache, library, Selection())
    keys = [p.key for p in starred]
    assert "gen:201" in keys and "gen:211" in keys  # purged from the cache, still starred
    assert next(p for p in starred if p.key == "gen:003").title == "Müller study 3"
    since = select_papers(cache, library, Selection(everything=True, since=date(2026, 11, 20)))
    dates = {p.date.astimezone(UTC) for p in since if p.date}
    assert datetime(2026, 11, 20, tzinfo=UTC) in dates
    assert datetime(2026, 11, 20, 1, 0, tzinfo=UTC) in dates  # 22:00 at UTC-3
    assert min(dates) == datetime(2026, 11, 20, tzinfo=UTC)
    both = select_papers(cache, library, Selection(sources=("B", "D")))
    # First listed by A or C, taken because B or D lists it too.
    assert any(p.sources[0] not in ("B", "D") for p in both)


@pytest.mark.parametrize("day", [date(2026, 11, d) for d in range(17, 23)])
def test_digest_days_select_what_the_python_filter_selects(
    stores: tuple[CacheStore, LibraryStore], day: date
) -> None:
    cache, _ = stores
    for sources in ((), ("A",), ("B", "D"), ("nobody",)):
        assert _records(day_papers(cache, day, sources)) == _records(
            python_digest(cache, day, sources)
        ), (day, sources)
    if day in (date(2026, 11, 19), date(2026, 11, 20)):
        assert day_papers(cache, day)


def _spoil_rows_except(home: AppPaths, keep: set[str]) -> int:
    """Make every other cached paper's record undecodable: reading one would fail."""
    with sqlite3.connect(home.data_dir / "cache.sqlite3") as db:
        marks = ",".join("?" * len(keep))
        return db.execute(
            f"UPDATE papers SET data = '{{' WHERE key NOT IN ({marks})", sorted(keep)
        ).rowcount


def test_export_and_digest_decode_only_the_papers_they_select(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = make_home(tmp_path)
    stars = {"arxiv:2611.14301", "doi:10.1038/s41586-026-09912-4"}
    args = ["--config", str(home.config_file), "--data-dir", str(home.data_dir)]
    assert main(["digest", "--date", "2026-11-20", "--source", "Nature", *args]) == 0
    digest = capsys.readouterr().out
    with sqlite3.connect(home.data_dir / "cache.sqlite3") as db:
        nature_day = {
            key
            for (key,) in db.execute(
                "SELECT key FROM papers WHERE date LIKE '2026-11-20%' AND key IN "
                "(SELECT key FROM paper_sources WHERE source = 'Nature')"
            )
        }
    assert nature_day
    library = LibraryStore(home.library_file)
    cache = CacheStore(home.data_dir / "cache.sqlite3")
    for key in stars:
        paper = cache.paper(key)
        assert paper is not None
        library.star(paper)
    library.flush()
    cache.close()
    assert _spoil_rows_except(home, stars | nature_day) > 10
    assert main(["export", "--format", "json", *args]) == 0
    assert {r["key"] for r in json.loads(capsys.readouterr().out)} == stars
    assert main(["digest", "--date", "2026-11-20", "--source", "Nature", *args]) == 0
    assert capsys.readouterr().out == digest
