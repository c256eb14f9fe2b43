"""The ``arxiv-query`` kind: a search of the arXiv API, read in pages up to max_results."""

from __future__ import annotations

from datetime import datetime

from tuireader.kinds.arxiv import ARXIV_HOSTS, arxiv_badge
from tuireader.kinds.base import Address, Paging, Settings, SourceKind, printable, with_query
from tuireader.kinds.source import SourceConfig

ARXIV_API = "https://export.arxiv.org/api/query"
API_PAGE_SIZE = 200
DEFAULT_MAX_RESULTS = 100
MAX_RESULTS_LIMIT = 30000


def arxiv_api_page_url(source: SourceConfig, start: int) -> str:
    """One page of an arXiv API query, newest submissions first."""
    size = min(API_PAGE_SIZE, source.max_results - start)
    return with_query(
        source.url or ARXIV_API,
        {
            "search_query": source.query,
            "sortBy": "submittedDate",
            "sortOrder": "descending",
            "start": start,
            "max_results": size,
        },
    )


def _recognise(address: Address) -> Settings | None:
    if address.host not in ARXIV_HOSTS or address.segments != ("api", "query"):
        return None
    search = printable(address.param("search_query"), "search_query")
    if not search:
        return None
    settings: Settings = {"query": search}
    size = address.param("max_results")
    if size.isdigit() and 1 <= int(size) <= MAX_RESULTS_LIMIT:
        settings["max_results"] = int(size)
    return settings


def _table(source: SourceConfig) -> Settings:
    table: Settings = {"query": source.query}
    if source.max_results != DEFAULT_MAX_RESULTS:
        table["max_results"] = source.max_results
    return table


def _url(source: SourceConfig, today: datetime | None) -> str:
    return arxiv_api_page_url(source, 0)


ARXIV_QUERY = SourceKind(
    name="arxiv-query",
    summary="a search of the arXiv API (export.arxiv.org/api/query)",
    keys={"query": True, "max_results": False},
    parser="tuireader.kinds.parsers.arxiv_query:parse_arxiv_api",
    url=_url,
    badge=arxiv_badge,
    describe=lambda source: f"{source.query!r}, up to {source.max_results}",
    recognise=_recognise,
    table=_table,
    paging=Paging(arxiv_api_page_url, "tuireader.kinds.parsers.arxiv_query:parse_arxiv_api_page"),
    searches=True,
    examples=(
        (
            "https://export.arxiv.org/api/query?search_query=all:x&max_results=50",
            {"query": "all:x", "max_results": 50},
        ),
    ),
)
