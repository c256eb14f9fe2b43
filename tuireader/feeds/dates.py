"""Dates as feeds write them (RFC 822, ISO 8601, bare days) -> timezone-aware datetimes."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache

_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Formats seen in the wild beyond RFC 822 and ISO 8601.
_OTHER_FORMATS = (
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d.%m.%Y",
    "%Y%m%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
)
FUTURE_TOLERANCE = timedelta(days=2)


class FutureLimit:
    """Now plus the tolerance, recomputed once a minute rather than for every item.

    ``clock`` is a monotonic clock. The first call always computes the limit: the
    monotonic clock counts from boot, so "more than a minute since 0.0" is false in a
    process started in the first minute after boot (a fresh VM or container), and every
    date was then taken as in the future.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._computed_at: float | None = None
        self._limit = datetime.min.replace(tzinfo=UTC)

    def __call__(self) -> datetime:
        now = self._clock()
        if self._computed_at is None or now - self._computed_at > 60:
            self._computed_at, self._limit = now, datetime.now(UTC) + FUTURE_TOLERANCE
        return self._limit


latest_plausible = FutureLimit()


def parse_date(text: str | None) -> datetime | None:
    """Parse any common feed date; naive values are taken as UTC; unparseable -> None.

    A date more than two days in the future is a feed's mistake, not news: it is taken as
    unknown rather than pinning the paper to the top of the list for years. So is a date
    that has no UTC equivalent (``0001-01-01T00:00:00+00:01`` would be in year 0), which
    the cache, storing dates in UTC, could not hold.
    """
    parsed = _parse(text.strip()) if text else None
    if parsed is not None and parsed > latest_plausible():
        return None
    return parsed


@lru_cache(maxsize=4096)  # a listing repeats one pubDate for hundreds of items
def _parse(text: str) -> datetime | None:
    parsed: datetime | None = None
    try:
        if _DAY_RE.match(text):
            parsed = datetime.fromisoformat(text)
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            for fmt in _OTHER_FORMATS:
                try:
                    parsed = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    try:
        parsed.astimezone(UTC)
    except OverflowError:  # out of datetime's range once in UTC: as good as no date
        return None
    return parsed
