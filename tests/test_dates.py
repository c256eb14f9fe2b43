"""Feed dates and the limit on how far in the future one may be."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tuireader.feeds.dates import FUTURE_TOLERANCE, FutureLimit, parse_date


def test_the_future_limit_is_right_in_a_process_started_just_after_boot() -> None:
    """The monotonic clock counts from boot: a fresh VM's first test run (the golden
    digest found no papers) read about 5.0 here, and every date was taken as future."""
    limit = FutureLimit(clock=lambda: 5.0)
    assert limit() > datetime.now(UTC) + FUTURE_TOLERANCE - timedelta(minutes=1)


def test_the_future_limit_is_recomputed_once_a_minute() -> None:
    readings = iter([1000.0, 1030.0, 1061.0])
    limit = FutureLimit(clock=lambda: next(readings))
    first = limit()
    assert limit() == first  # within the minute: not recomputed
    assert limit() >= first


def test_dates_far_in_the_future_are_unknown() -> None:
    assert parse_date("2026-11-20") == datetime(2026, 11, 20, tzinfo=UTC)
    soon = datetime.now(UTC) + timedelta(days=1)
    assert parse_date(soon.isoformat()) == soon
    assert parse_date((datetime.now(UTC) + timedelta(days=30)).isoformat()) is None
