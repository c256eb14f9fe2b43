"""The ``huggingface`` kind: Hugging Face Daily Papers, today's or one ``date``'s."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tuireader.kinds.base import Address, Settings, SourceKind, UnusableURL, with_query
from tuireader.kinds.source import SourceConfig

HF_DAILY = "https://huggingface.co/api/daily_papers"
HF_HOSTS = ("huggingface.co", "www.huggingface.co")


def _url(source: SourceConfig, today: datetime | None) -> str:
    day = source.date or (today or datetime.now(UTC)).strftime("%Y-%m-%d")
    return with_query(source.url or HF_DAILY, {"date": day})


def _address(source: SourceConfig) -> str:
    """Without a date: the feed itself, not today's page of it."""
    return _url(source, None) if source.date else source.url or HF_DAILY


def _day(text: str) -> Settings:
    """Hugging Face's ``date=``, kept (a day's papers, not today's); none: today."""
    if not text:
        return {}
    try:
        return {"date": date.fromisoformat(text).isoformat()}
    except ValueError:
        raise UnusableURL(f"{text!r} is not a date as YYYY-MM-DD") from None


def _recognise(address: Address) -> Settings | None:
    """The page, a day's page (/papers/date/2026-11-20) and the API."""
    if address.host not in HF_HOSTS:
        return None
    if address.segments in (("papers",), ("api", "daily_papers")):
        return _day(address.param("date"))
    if len(address.segments) == 3 and address.segments[:2] == ("papers", "date"):
        return _day(address.segments[2])
    return None


HUGGINGFACE = SourceKind(
    name="huggingface",
    summary="Hugging Face Daily Papers (huggingface.co/papers)",
    keys={"date": False},
    parser="tuireader.kinds.parsers.huggingface:parse_huggingface",
    url=_url,
    badge=lambda category, journal, name: "HF",
    describe=lambda source: source.date or "today",
    recognise=_recognise,
    table=lambda source: {"date": source.date} if source.date else {},
    address=_address,
    examples=(("https://huggingface.co/papers/date/2026-11-20", {"date": "2026-11-20"}),),
)
