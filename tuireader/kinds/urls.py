"""Where each kind of source lives on the web; ``url`` in config.toml overrides the host."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit, urlunsplit

from tuireader.kinds.source import SourceConfig, category_problem, url_problem

ARXIV_RSS = "https://rss.arxiv.org/rss/"
ARXIV_API = "https://export.arxiv.org/api/query"
BIORXIV_RSS = "https://connect.biorxiv.org/biorxiv_xml/"
MEDRXIV_RSS = "https://connect.medrxiv.org/medrxiv_xml/"
HF_DAILY = "https://huggingface.co/api/daily_papers"
API_PAGE_SIZE = 200


def _with_query(url: str, params: dict[str, str | int]) -> str:
    parts = urlsplit(url)
    query = "&".join(filter(None, (parts.query, urlencode(params, safe=":"))))
    return urlunsplit(parts._replace(query=query))


def source_url(source: SourceConfig, today: datetime | None = None) -> str:
    """The first (often only) URL to fetch for ``source``."""
    if source.kind == "arxiv":
        return source.url or ARXIV_RSS + "+".join(source.categories)
    if source.kind == "arxiv-query":
        return arxiv_api_page_url(source, 0)
    if source.kind in ("biorxiv", "medrxiv"):
        if source.url:
            return source.url
        base = BIORXIV_RSS if source.kind == "biorxiv" else MEDRXIV_RSS
        return base + quote(source.subject.strip().lower().replace(" ", "_"))
    if source.kind == "huggingface":
        day = source.date or (today or datetime.now(UTC)).strftime("%Y-%m-%d")
        return _with_query(source.url or HF_DAILY, {"date": day})
    return source.url


def arxiv_api_page_url(source: SourceConfig, start: int) -> str:
    """One page of an arXiv API query, newest submissions first."""
    size = min(API_PAGE_SIZE, source.max_results - start)
    return _with_query(source.url or ARXIV_API, {
        "search_query": source.query, "sortBy": "submittedDate", "sortOrder": "descending",
        "start": start, "max_results": size,
    })


ARXIV_HOSTS = ("arxiv.org", "www.arxiv.org", "export.arxiv.org", "rss.arxiv.org")
HF_HOSTS = ("huggingface.co", "www.huggingface.co")


class UnusableURL(ValueError):
    """A feed address hubread will not take as a source; the message says why."""


def recognise(url: str) -> tuple[str, dict[str, object]]:
    """(kind, kind-specific settings) for an address a user copied or an OPML file holds.

    arXiv listings (RSS, Atom, the /list/ pages), API queries, bioRxiv/medRxiv subject
    feeds and Hugging Face Daily Papers (the page, a day's page, the API) become those
    kinds, so hubread reads them with the right parser instead of fetching HTML as a
    feed; anything else is a ``feed``. ``UnusableURL`` for an address that is not a clean
    http(s) URL, or whose categories, query or date cannot be right.
    """
    if problem := url_problem(url):
        raise UnusableURL(problem)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    if host in ARXIV_HOSTS and len(segments) >= 2 and (
            segments[0] == "list" or (segments[0] in ("rss", "atom") and len(segments) == 2)):
        # /rss/cs.AI+cs.LG, /atom/cs.AI, /list/cs.AI/new (or /recent, /pastweek?skip=0)
        return "arxiv", {"categories": _categories(segments[1])}
    if host in ARXIV_HOSTS and segments == ["api", "query"]:
        search = _printable(query.get("search_query", [""])[0], "search_query")
        if search:
            settings: dict[str, object] = {"query": search}
            size = query.get("max_results", [""])[0]
            if size.isdigit() and 1 <= int(size) <= 30000:
                settings["max_results"] = int(size)
            return "arxiv-query", settings
    if host in ("connect.biorxiv.org", "connect.medrxiv.org") and "_xml/" in parts.path:
        subject = _printable(segments[-1].replace("_", " "), "the subject")
        return ("biorxiv" if "biorxiv" in host else "medrxiv"), {"subject": subject}
    if host in HF_HOSTS:
        if segments in (["papers"], ["api", "daily_papers"]):
            return "huggingface", _day(query.get("date", [""])[0])
        if len(segments) == 3 and segments[:2] == ["papers", "date"]:
            return "huggingface", _day(segments[2])
    return "feed", {}


def _categories(text: str) -> tuple[str, ...]:
    categories = tuple(c for c in re.split(r"[+ ]", text) if c)
    problems = [p for p in map(category_problem, categories) if p]
    if problems or not categories:
        raise UnusableURL(problems[0] if problems else "it names no arXiv category")
    return categories


def _printable(value: str, what: str) -> str:
    if not value.isprintable():
        raise UnusableURL(f"{what} {value!r} contains control characters")
    return value.strip()


def _day(text: str) -> dict[str, object]:
    """Hugging Face's ``date=``, kept (a day's papers, not today's); none: today."""
    if not text:
        return {}
    try:
        return {"date": date.fromisoformat(text).isoformat()}
    except ValueError:
        raise UnusableURL(f"{text!r} is not a date as YYYY-MM-DD") from None
