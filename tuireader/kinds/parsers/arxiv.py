"""arXiv category listings (rss.arxiv.org, RSS 2.0 and Atom) -> Papers.

A listing item's description starts with ``arXiv:ID vN Announce Type: T Abstract:``; we
take the id, version and type from the item's own fields where present and strip the
prefix from the abstract. Empty listings (weekends, holidays) are normal.
"""

from __future__ import annotations

import re

from tuireader.cleantext import clean_text
from tuireader.feeds.authors import split_arxiv_authors
from tuireader.feeds.dates import parse_date
from tuireader.feeds.entries import RawEntry, RawFeed
from tuireader.feeds.errors import FeedError
from tuireader.feeds.items import Parsed, feed_papers
from tuireader.feeds.read_feed import read_feed
from tuireader.model import ANNOUNCE_TYPES, Paper, doi_as_written, paper_key, parse_arxiv_id

_PREFIX_RE = re.compile(
    r"^\s*arXiv:(?P<id>\S+?)\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?",
    re.IGNORECASE,
)


def arxiv_urls(arxiv_id: str) -> tuple[str, str]:
    """The abstract page and PDF URLs of an arXiv id (no version: always the latest)."""
    return f"https://arxiv.org/abs/{arxiv_id}", f"https://arxiv.org/pdf/{arxiv_id}"


def paper_from_listing_entry(entry: RawEntry, source: str) -> Paper | None:
    """One listing item -> Paper; None for an item that names no arXiv paper."""
    summary = entry.summary
    announce = entry.ext.get("arxiv:announce_type", "").strip().lower() or None
    match = _PREFIX_RE.match(summary)
    found = None
    if match:
        summary = summary[match.end() :]
        found = parse_arxiv_id(match.group("id"))
        announce = announce or match.group("type").lower()
    found = found or parse_arxiv_id(entry.guid) or parse_arxiv_id(entry.link)
    if found is None:
        return None
    arxiv_id, version = found
    if announce not in ANNOUNCE_TYPES:
        announce = None
    abs_url, pdf_url = arxiv_urls(arxiv_id)
    categories = [c.strip() for c in entry.categories if c.strip()]
    primary = entry.ext.get("arxiv:primary_category")
    if primary and primary in categories:
        categories.remove(primary)
        categories.insert(0, primary)
    doi = doi_as_written(entry.ext.get("arxiv:doi"))
    published = parse_date(entry.published)
    return Paper(
        key=paper_key(arxiv_id, doi, entry.link),
        title=clean_text(entry.title),
        authors=split_arxiv_authors(", ".join(entry.authors)),
        abstract=clean_text(summary),
        arxiv_id=arxiv_id,
        version=version,
        doi=doi,
        categories=tuple(categories),
        announce_type=announce,
        published=published,
        updated=parse_date(entry.updated),
        # An item's pubDate is the day of the listing that announces this version.
        announced=published,
        abs_url=abs_url,
        pdf_url=pdf_url,
        journal_ref=clean_text(entry.ext.get("arxiv:journal_reference")) or None,
        sources=(source,),
    )


def check_error_channel(feed: RawFeed) -> None:
    """arXiv answers a bad category with an empty channel titled "Feed error for query"
    whose description says what is wrong: an error on the source, not a quiet day."""
    if feed.items or not feed.title.lower().startswith("feed error"):
        return
    reason = clean_text(feed.ext.get("rss:description", ""))[:300] or feed.title
    raise FeedError(f"arXiv refused the listing: {reason}")


def arxiv_listing_papers(feed: RawFeed, source: str) -> Parsed:
    check_error_channel(feed)
    return feed_papers(feed, lambda entry: paper_from_listing_entry(entry, source))


def parse_arxiv_listing(body: bytes, source: str) -> Parsed:
    """Parse an rss.arxiv.org listing (RSS 2.0 or Atom)."""
    return arxiv_listing_papers(read_feed(body), source)
