"""Any RSS 0.9x/1.0/2.0, Atom or JSON Feed: journal tables of contents and the like.

Journals put the DOI in different places (``prism:doi``, ``dc:identifier``, a doi.org link,
the description); we look in all of them. Nature's ``content:encoded`` starts with a
citation paragraph we drop so the standfirst reads as the abstract.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from typing import Any

from tuireader.cleantext import clean_text, looks_like_html
from tuireader.feeds.authors import People, feed_people, people_of, split_arxiv_authors
from tuireader.feeds.dates import parse_date
from tuireader.feeds.entries import RawEntry, RawFeed
from tuireader.feeds.errors import FeedError
from tuireader.feeds.items import Parsed, feed_papers, json_list, json_text, read_json
from tuireader.feeds.read_feed import read_feed
from tuireader.kinds.parsers.arxiv import check_error_channel, paper_from_listing_entry
from tuireader.kinds.parsers.feed_meta import (
    Labelled,
    citation_only,
    container,
    entry_doi,
    labelled_lines,
    volume_issue_pages,
)
from tuireader.model import Paper, paper_key, parse_arxiv_id

_CITATION_PARAGRAPH_RE = re.compile(
    r"^\s*<p>[^<]*(?:Published online|doi:)[^<]*(?:<a [^>]*>[^<]*</a>)?[^<]*</p>", re.IGNORECASE
)


# Where an item of any feed says it is an arXiv e-print: arXiv's own guid, an arxiv.org
# abstract/PDF address, or the "arXiv:ID ... Announce Type:" start of a listing's abstract.
# A bare number in some other address ("/article/2401.12345") is not enough.
_ARXIV_MARK_RE = re.compile(
    r"^\s*(?:oai:arXiv\.org:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)",
    re.IGNORECASE,
)
_ARXIV_PREFIX_RE = re.compile(r"^\s*arXiv:\S+\s+Announce Type:", re.IGNORECASE)


def is_arxiv_entry(entry: RawEntry) -> bool:
    """An item of a mirror, an aggregator or an unrecognised address that is an arXiv
    e-print, to be read (and keyed) as arXiv's own listings are, so the two merge."""
    marked = any(_ARXIV_MARK_RE.match(text) for text in (entry.guid, entry.link))
    if not marked and not _ARXIV_PREFIX_RE.match(entry.summary):
        return False
    return any(parse_arxiv_id(text) for text in (entry.guid, entry.link, entry.summary[:80]))


def _authors(entry: RawEntry, labelled: Labelled) -> People:
    if not entry.authors and labelled.authors:
        return people_of(split_arxiv_authors(labelled.authors))
    return feed_people(entry.authors)


def _abstract(entry: RawEntry, labelled: Labelled) -> str:
    if labelled.abstract:
        return clean_text(labelled.abstract, is_html=True, scripts=True)
    content = _CITATION_PARAGRAPH_RE.sub("", entry.content)
    text = content if len(content.strip()) > len(entry.summary.strip()) else entry.summary
    if citation_only(text):
        return ""  # the item has no abstract; its citation is read into the record's fields
    return clean_text(text, is_html=looks_like_html(text), scripts=True)


def paper_from_feed_entry(entry: RawEntry, source: str, journal: str) -> Paper:
    if is_arxiv_entry(entry):
        arxiv = paper_from_listing_entry(entry, source)
        if arxiv is not None:
            return arxiv
    labelled = labelled_lines(entry.summary or entry.content)
    doi = entry_doi(entry, labelled)
    guid_link = "" if entry.ext.get("rss:guid_is_not_a_link") else entry.guid
    link = entry.link or entry.ext.get("prism:url", "") or guid_link
    title = entry.title or entry.ext.get("dc:title", "")
    clean_title = clean_text(title, is_html=looks_like_html(title))
    volume, issue, pages = volume_issue_pages(entry)
    cited = citation_only(entry.summary) or Labelled()
    people = _authors(entry, labelled)
    return Paper(
        key=paper_key(
            None, doi, entry.guid or link, title, entry.summary, entry.content, entry.published
        ),
        title=clean_title,
        authors=people.authors,
        names=people.names,
        abstract=_abstract(entry, labelled),
        doi=doi,
        categories=tuple(filter(None, (clean_text(c) for c in entry.categories))),
        published=parse_date(entry.published or entry.ext.get("dc:date") or entry.updated),
        updated=parse_date(entry.updated),
        abs_url=link if link.startswith(("http://", "https://")) else None,
        pdf_url=entry.pdf_link or None,
        journal=labelled.journal or container(entry, clean_title, journal),
        volume=volume or labelled.volume or cited.volume or None,
        issue=issue or cited.issue or None,
        pages=pages or labelled.pages or cited.pages or None,
        sources=(source,),
    )


def _json_authors(value: object, single: object) -> list[str]:
    """JSON Feed 1.1's ``authors`` list, else 1.0's ``author`` object: their names."""
    authors = json_list(value) or [single]
    return [json_text(a.get("name")) for a in authors if isinstance(a, dict)]


def _json_entry(item: Any, feed_authors: Sequence[str] = ()) -> RawEntry:
    """One JSON Feed item; a field of the wrong type counts as missing. An item without
    authors has the feed's (the spec: they are inherited)."""
    if not isinstance(item, dict):
        raise TypeError(f"a JSON Feed item that is not an object: {type(item).__name__}")
    authors = [a for a in _json_authors(item.get("authors"), item.get("author")) if a]
    return RawEntry(
        title=json_text(item.get("title")),
        link=json_text(item.get("url")),
        guid=json_text(item.get("id")),
        summary=json_text(item.get("summary")) or json_text(item.get("content_text")),
        content=json_text(item.get("content_html")),
        authors=authors or list(feed_authors),
        categories=[json_text(t) for t in json_list(item.get("tags"))],
        published=json_text(item.get("date_published")),
        updated=json_text(item.get("date_modified")),
    )


def _read_json_feed(body: bytes) -> RawFeed:
    data = read_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedError("a JSON document that is not a JSON Feed")
    inherited = [a for a in _json_authors(data.get("authors"), data.get("author")) if a]
    return RawFeed(
        title=json_text(data.get("title")),
        items=data["items"],
        read=partial(_json_entry, feed_authors=tuple(inherited)),
    )


def read_any_feed(body: bytes) -> RawFeed:
    """JSON Feed or XML feed, by the first meaningful byte."""
    if body.lstrip()[:1] in (b"{", b"["):
        return _read_json_feed(body)
    return read_feed(body)


def journal_papers(feed: RawFeed, source: str) -> Parsed:
    check_error_channel(feed)  # an arXiv listing behind an address we do not recognise
    return feed_papers(feed, lambda entry: paper_from_feed_entry(entry, source, feed.title))


def parse_journal_feed(body: bytes, source: str) -> Parsed:
    """Parse a journal's (or any) feed."""
    return journal_papers(read_any_feed(body), source)
