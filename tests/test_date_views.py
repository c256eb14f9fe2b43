"""The query views' selections in SQL (Today and This week per source, Since last visit),
the session record behind Since last visit, the announce-type filter and the check of a
saved search's query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tuireader.config.saved_searches import SavedSearch
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


def _paper(key: str, day: int, hour: int = 5, announce: str | None = "new") -> Paper:
    return Paper(
        key=key,
        title=f"Paper {key}",
        abstract=f"About {key} and transformers.",
        published=datetime(2026, 11, day, hour, tzinfo=UTC),
        announce_type=announce,
    )


@pytest.fixture
def cache(tmp_path: Path) -> CacheStore:
    store = CacheStore(tmp_path / "cache.sqlite3")
    # Source A lists on Friday the 20th (its newest day), the 18th and the 10th; source B
    # last listed on the 15th. Today's calendar date is neither's.
    store.store_papers(
        "A", [_paper("a1", 20), _paper("a2", 20, 23), _paper("a3", 18), _paper("a4", 10)]
    )
    store.store_papers("B", [_paper("b1", 15, 0), _paper("b2", 14), _paper("b3", 8)])
    # Listed by both: in Today for B's sake (the 15th is B's day), though not A's.
    store.store_papers("A", [_paper("ab", 15, 2)])
    store.store_papers("B", [_paper("ab", 15, 2)])
    yield store
    store.close()


def _keys(items: list[ListItem]) -> list[str]:
    return [i.key for i in items]


def test_today_is_each_sources_newest_day_and_this_week_its_last_seven(
    cache: CacheStore,
) -> None:
    views = load_query_views(cache, None, (), cache.list_items())
    assert _keys(views.items[TODAY]) == ["a2", "a1", "ab", "b1"]
    # A: the 14th to the 20th; B: the 9th to the 15th. Newest first.
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
