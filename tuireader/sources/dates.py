"""Dates as feeds write them (RFC 822, ISO 8601, bare days) -> timezone-aware datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@lru_cache(maxsize=4096)  # a listing repeats one pubDate for hundreds of items
def parse_date(text: str | None) -> datetime | None:
    """Parse any common feed date; naive values are taken as UTC; unparseable -> None."""
    if not text:
        return None
    text = text.strip()
    parsed: datetime | None = None
    try:
        if _DAY_RE.match(text):
            parsed = datetime.fromisoformat(text)
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
