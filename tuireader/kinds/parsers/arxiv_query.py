"""The arXiv API (export.arxiv.org/api/query) -> Papers, legacy and 2026 Atom formats.

An ``Error`` entry (id under ``/api/errors``) is the API's way to reject a query: it becomes
a ``FeedError`` with the API's own message, never a paper.
"""

from __future__ import annotations

from tuireader.cleantext import clean_text
from tuireader.feeds.authors import clean_author
from tuireader.feeds.dates import parse_date
from tuireader.feeds.entries import RawEntry, RawFeed
from tuireader.feeds.errors import FeedError
from tuireader.feeds.items import Parsed, feed_papers
from tuireader.feeds.read_feed import read_feed
from tuireader.kinds.parsers.arxiv import arxiv_urls
from tuireader.model import Paper, normalize_doi, paper_key, parse_arxiv_id


def parse_arxiv_api_page(body: bytes, source: str) -> tuple[Parsed, int | None]:
    """One page of API results and the total number of results the query has."""
    return api_page_papers(read_feed(body), source)


def paper_from_api_entry(entry: RawEntry, source: str) -> Paper | None:
    """One API result -> Paper; the API's ``Error`` entry rejects the whole query."""
    if "/api/errors" in entry.guid or entry.title.strip() == "Error":
        raise FeedError(f"arXiv API error: {clean_text(entry.summary) or 'unknown error'}")
    found = parse_arxiv_id(entry.guid.rsplit("/abs/", 1)[-1])
    if found is None:
        return None
    arxiv_id, version = found
    abs_url, pdf_url = arxiv_urls(arxiv_id)
    categories = [c for c in entry.categories if c]
    primary = entry.ext.get("arxiv:primary_category")
    if primary:
        categories = [primary, *(c for c in categories if c != primary)]
    doi = normalize_doi(entry.ext.get("arxiv:doi"))
    return Paper(
        key=paper_key(arxiv_id, doi, entry.guid),
        title=clean_text(entry.title),
        authors=tuple(filter(None, (clean_author(a) for a in entry.authors))),
        abstract=clean_text(entry.summary),
        arxiv_id=arxiv_id,
        version=version,
        doi=doi,
        categories=tuple(categories),
        published=parse_date(entry.published),
        updated=parse_date(entry.updated),
        abs_url=abs_url,
        pdf_url=pdf_url,
        journal_ref=clean_text(entry.ext.get("arxiv:journal_ref")) or None,
        comment=clean_text(entry.ext.get("arxiv:comment")) or None,
        # The API's "published" is the first version's submission, "updated" this one's.
        submitted=parse_date(entry.published),
        sources=(source,),
    )


def api_page_papers(feed: RawFeed, source: str) -> tuple[Parsed, int | None]:
    parsed = feed_papers(feed, lambda entry: paper_from_api_entry(entry, source))
    total_text = feed.ext.get("opensearch:totalresults", "")
    total = int(total_text) if total_text.isascii() and total_text.isdigit() else None
    return parsed, total


def parse_arxiv_api(body: bytes, source: str) -> Parsed:
    """Papers of one API response page."""
    return parse_arxiv_api_page(body, source)[0]
