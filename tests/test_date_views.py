"""The query views' selections in SQL (Today and This week per source, Since last visit),
the session record behind Since last visit, the announce-type filter and the check of a
saved search's query."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixtures import feedwriter as fw
from tests.fixtures.server import FeedServer, Route
from tuireader.cli import main
from tuireader.config.saved_searches import SavedSearch
from tuireader.config.settings import load_config
from tuireader.kinds.source import SourceConfig
from tuireader.model import Paper
from tuireader.query.announce import by_announce_type, next_filter
from tuireader.query.date_views import (
    SINCE_LAST_VISIT,
    THIS_WEEK,
    TODAY,
    load_query_views,
    query_problem,
    search_view_id,
)
from tuireader.storage.cache import CacheStore
from tuireader.storage.list_rows import ListItem
from tuireader.storage.visits import Session
from tuireader.ui.render import abstract_content, paper_row


def _paper(key: str, day: int, hour: int = 5, announce: str | None = "new") -> Paper:
    return Paper(
        key=key,
        title=f"Paper {key}",
        abstract=f"About {key} and transformers.",
        published=datetime(2026, 11, day, hour, tzinfo=UTC),
        announce_type=announce,
    )


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[CacheStore]:
    store = CacheStore(tmp_path / "cache.sqlite3")
    # Source A lists on Friday the 20th (its newest day), the 18th and the 10th; source B
    # last listed on the 17th (three days before: a weekend). Today's calendar date is
    # neither's.
    store.store_papers(
        "A", [_paper("a1", 20), _paper("a2", 20, 23), _paper("a3", 18), _paper("a4", 10)]
    )
    store.store_papers("B", [_paper("b1", 17, 0), _paper("b2", 16), _paper("b3", 10)])
    # Listed by both: in Today for B's sake (the 17th is B's day), though not A's.
    store.store_papers("A", [_paper("ab", 17, 2)])
    store.store_papers("B", [_paper("ab", 17, 2)])
    yield store
    store.close()


def _keys(items: list[ListItem]) -> list[str]:
    return [i.key for i in items]


def test_today_is_each_sources_newest_day_and_this_week_its_last_seven(
    cache: CacheStore,
) -> None:
    views = load_query_views(cache, None, (), cache.list_items())
    assert _keys(views.items[TODAY]) == ["a2", "a1", "ab", "b1"]
    # A: the 14th to the 20th; B: the 11th to the 17th. Newest first.
    assert _keys(views.items[THIS_WEEK]) == ["a2", "a1", "a3", "ab", "b1", "b2"]
    assert views.items[SINCE_LAST_VISIT] == []  # a first visit: nothing is "since"


def test_since_last_visit_takes_the_papers_first_seen_after_it(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    visit = datetime(2026, 11, 21, 12, tzinfo=UTC)
    cache.store_papers("A", [_paper("old", 20)], now=visit - timedelta(hours=1))
    cache.store_papers("A", [_paper("new", 19)], now=visit + timedelta(minutes=1))
    # Seen again after the visit, first seen before it: not new.
    cache.store_papers("A", [_paper("old", 20)], now=visit + timedelta(minutes=2))
    assert _keys(
        load_query_views(cache, visit, (), cache.list_items()).items[SINCE_LAST_VISIT]
    ) == ["new"]
    cache.close()


def test_a_saved_search_is_its_query_over_the_cache(cache: CacheStore) -> None:
    searches = [SavedSearch("Mine", "a3 transformer"), SavedSearch("None", "***")]
    views = load_query_views(cache, None, searches, cache.list_items())
    assert _keys(views.items[search_view_id("Mine")]) == ["a3"]
    assert views.items[search_view_id("None")] == []


def test_the_session_record_gives_the_previous_visits_end(tmp_path: Path) -> None:
    path = tmp_path / "visits.json"
    t0 = datetime(2026, 11, 30, 8, tzinfo=UTC)
    first = Session.begin(path, t0)
    assert first.previous_end is None
    first.touch(t0 + timedelta(minutes=5))
    first.end(t0 + timedelta(minutes=30))
    second = Session.begin(path, t0 + timedelta(hours=2))
    assert second.previous_end == t0 + timedelta(minutes=30)
    # Killed (kill -9): no end recorded; its last activity ends the visit.
    second.touch(t0 + timedelta(hours=2, minutes=10))
    third = Session.begin(path, t0 + timedelta(hours=5))
    assert third.previous_end == t0 + timedelta(hours=2, minutes=10)


@pytest.mark.parametrize("text", ["{not json", "[]", '{"ended": "yesterday"}', ""])
def test_an_unreadable_session_record_means_no_previous_visit(tmp_path: Path, text: str) -> None:
    path = tmp_path / "visits.json"
    path.write_text(text)
    session = Session.begin(path, datetime(2026, 11, 30, tzinfo=UTC))
    assert session.previous_end is None
    # A file that is not JSON at all is said once (an empty Since last visit is explained).
    unparsable = text in ("{not json", "")
    assert ("could not be read" in session.error) == unparsable
    assert "cannot save" not in session.error
    assert Session.begin(path, datetime(2026, 12, 1, tzinfo=UTC)).previous_end is not None


def test_the_announce_filter_counts_replace_cross_as_a_replacement() -> None:
    items = [
        ListItem(k, k, "", (), announce)
        for k, announce in [
            ("n", "new"),
            ("c", "cross"),
            ("r", "replace"),
            ("rc", "replace-cross"),
            ("journal", None),
        ]
    ]
    assert by_announce_type(items, "all") == (items, 0)
    assert _keys(by_announce_type(items, "new")[0]) == ["n"]
    assert _keys(by_announce_type(items, "cross")[0]) == ["c"]
    kept, hidden = by_announce_type(items, "replace")
    assert (_keys(kept), hidden) == (["r", "rc"], 3)
    assert [next_filter(f) for f in ("all", "new", "cross", "replace")] == [
        "new",
        "cross",
        "replace",
        "all",
    ]


def test_a_query_without_words_cannot_be_saved() -> None:
    assert query_problem("diffusion model") is None
    assert query_problem("GPT-4") is None
    assert "empty" in (query_problem("   ") or "")
    assert "no word" in (query_problem("*** --") or "")


def test_a_session_that_cannot_be_recorded_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    session = Session.begin(blocker / "visits.json", datetime(2026, 11, 30, tzinfo=UTC))
    assert session.previous_end is None
    assert session.error.startswith(f"cannot save {blocker / 'visits.json'}: ")


def _listing(papers: list[fw.FakePaper], day: str) -> Route:
    return Route(body=fw.arxiv_rss(papers, ["cs.LG"], date=day).encode())


def _fake(arxiv_id: str, announce: str = "new", version: int = 1) -> fw.FakePaper:
    return fw.FakePaper(
        arxiv_id, f"Paper {arxiv_id}", ["A. Author"], "About it.", ["cs.LG"], announce, version
    )


def test_a_replacement_is_in_today_and_since_last_visit_on_its_listings_day(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """2612.01000v1 is new on the 27th; the 1st's listing replaces it with v2."""
    config = tmp_path / "config.toml"
    config.write_text(
        '[network]\ntimeout = 5\nretries = 0\n\n[[sources]]\nname = "cs.LG"\nkind = "arxiv"\n'
        f'categories = ["cs.LG"]\nurl = "{feed_server.url("/rss/cs.LG")}"\n'
    )
    home = ["--config", str(config), "--data-dir", str(tmp_path / "d")]
    feed_server.routes["/rss/cs.LG"] = _listing([_fake("2612.01000")], "2026-11-27")
    assert main(["fetch", *home]) == 0
    visit = datetime.now(UTC)  # the reader was open after the first fetch
    replaced = [_fake("2612.02000"), _fake("2612.01000", "replace", 2)]
    feed_server.routes["/rss/cs.LG"] = _listing(replaced, "2026-12-01")
    assert main(["fetch", *home]) == 0
    assert "1 new, 1 updated" in capsys.readouterr().out

    sources = load_config(config).sources
    cache = CacheStore(tmp_path / "d" / "cache.sqlite3")
    try:
        items = cache.list_items()
        views = load_query_views(cache, visit, (), items, sources)
        key = "arxiv:2612.01000"
        today = views.items[TODAY]
        assert sorted(_keys(today)) == [key, "arxiv:2612.02000"]
        assert _keys(by_announce_type(today, "replace")[0]) == [key]
        assert sorted(_keys(views.items[SINCE_LAST_VISIT])) == [key, "arxiv:2612.02000"]
        row = next(i for i in items if i.key == key)
        assert (row.date[:10], row.announce_type) == ("2026-12-01", "replace")
        shown = paper_row(row, read=False, starred=False, sources={s.name: s for s in sources})
        assert shown.plain.split()[1:4] == ["2026-12-01", "cs.LG", "repl"]
        paper = cache.paper(key)
        assert paper is not None and paper.version == 2
        # The abstract says both: first announced on the 27th, this version on the 1st.
        meta = abstract_content(
            paper, sources={}, starred=False, tags=(), note="", keywords=(), radar_authors=()
        ).plain
        assert "2026-11-27  ·  announced 2026-12-01  ·  replace" in meta
    finally:
        cache.close()


def test_seen_again_in_the_same_days_listing_is_not_announced_again(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    visit = datetime(2026, 12, 1, 12, tzinfo=UTC)
    day = datetime(2026, 12, 1, 5, tzinfo=UTC)
    first = Paper(key="k", title="T", published=day, announced=day, announce_type="new")
    cache.store_papers("A", [first], now=visit - timedelta(hours=1))
    # A cross-list of it in another listing of the same day, after the visit.
    cross = replace(first, announce_type="cross", sources=("B",))
    cache.store_papers("B", [cross], now=visit + timedelta(hours=1))
    assert load_query_views(cache, visit, (), cache.list_items()).items[SINCE_LAST_VISIT] == []
    cache.close()


def test_a_stale_source_has_no_today_and_a_search_counts_its_recent_submissions(
    tmp_path: Path,
) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    # Listing A's newest day is the 20th; journal J stopped on the 10th; the search Q's
    # results were submitted on the 20th, 18th, 16th and (25 days before) October 26th.
    cache.store_papers("A", [_paper("a1", 20), _paper("a2", 19)])
    cache.store_papers("J", [_paper("j1", 10, announce=None), _paper("j2", 9, announce=None)])
    old = replace(_paper("q4", 1, announce=None), published=datetime(2026, 10, 26, tzinfo=UTC))
    cache.store_papers(
        "Q", [_paper(k, d, announce=None) for k, d in [("q1", 20), ("q2", 18), ("q3", 16)]]
    )
    cache.store_papers("Q", [old])
    sources = [
        SourceConfig("A", "arxiv", categories=("cs.LG",)),
        SourceConfig("J", "feed", url="https://example.org/rss"),
        SourceConfig("Q", "arxiv-query", query="all:x"),
    ]
    views = load_query_views(cache, None, (), cache.list_items(), sources)
    assert _keys(views.items[TODAY]) == ["a1", "q1", "q2"]
    assert _keys(views.items[THIS_WEEK]) == ["a1", "q1", "a2", "q2", "q3"]
    # Without the kinds' word that Q is a search, its newest result is its "day".
    unknown = load_query_views(cache, None, (), cache.list_items())
    assert _keys(unknown.items[TODAY]) == ["a1", "q1"]
    cache.close()


def test_a_stale_source_alone_still_shows_its_last_listing(tmp_path: Path) -> None:
    """A cache not fetched for weeks: the newest day of all is its own, so it is recent."""
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("J", [_paper("j1", 10, announce=None), _paper("j2", 9, announce=None)])
    assert _keys(load_query_views(cache, None, (), cache.list_items()).items[TODAY]) == ["j1"]
    cache.close()


def test_a_cache_of_schema_7_is_migrated_its_papers_announced_when_first_seen(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite3"
    visit = datetime(2026, 11, 28, tzinfo=UTC)
    store = CacheStore(path)
    store.store_papers("A", [_paper("before", 27)], now=visit - timedelta(hours=1))
    store.store_papers("A", [_paper("after", 27)], now=visit + timedelta(hours=1))
    store.close()
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE papers DROP COLUMN announced_seen")
    db.execute("PRAGMA user_version=7")  # before v8, which added it
    db.commit()
    db.close()
    cache = CacheStore(path)
    assert _keys(
        load_query_views(cache, visit, (), cache.list_items()).items[SINCE_LAST_VISIT]
    ) == ["after"]
    cache.close()
