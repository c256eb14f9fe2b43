"""Where each kind of source lives on the web; ``url`` in config.toml overrides the host."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from tuireader.kinds.source import SourceConfig

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
