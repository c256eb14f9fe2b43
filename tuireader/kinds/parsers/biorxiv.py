"""bioRxiv and medRxiv subject feeds (RSS 1.0 / RDF) -> Papers keyed by DOI."""

from __future__ import annotations

import re

from tuireader.cleantext import clean_text, looks_like_html
from tuireader.feeds.authors import surname_initials_people
from tuireader.feeds.dates import parse_date
from tuireader.feeds.entries import RawEntry, RawFeed
from tuireader.feeds.items import Parsed, feed_papers
from tuireader.feeds.read_feed import read_feed
from tuireader.model import Paper, normalize_doi, paper_key

PREPRINT_DOI_PREFIXES = ("10.1101/", "10.64898/")
_VERSION_RE = re.compile(r"\d(?:v(\d+))(?:[?#.]|$)")


def _preprint_server(entry: RawEntry, default: str) -> str:
    text = f"{entry.link} {entry.ext.get('prism:publicationname', '')}".lower()
    if "medrxiv" in text:
        return "medRxiv"
    if "biorxiv" in text:
        return "bioRxiv"
    return default


def paper_from_preprint_entry(entry: RawEntry, source: str, server: str) -> Paper:
    doi = normalize_doi(entry.ext.get("dc:identifier")) or normalize_doi(entry.link)
    if doi and not doi.startswith(PREPRINT_DOI_PREFIXES):
        doi = None
    link = entry.link.strip()
    version_match = _VERSION_RE.search(link)
    title = entry.title.strip() or entry.ext.get("dc:title", "")
    abs_url = f"https://doi.org/{doi}" if doi else (link or None)
    if "?rss=" in link:
        abs_url = link.split("?", 1)[0]
    people = surname_initials_people(", ".join(entry.authors))
    return Paper(
        key=paper_key(None, doi, entry.guid or link, title, entry.summary, entry.published),
        title=clean_text(title, is_html=looks_like_html(title)),
        authors=people.authors,
        names=people.names,
        abstract=clean_text(entry.summary, is_html=looks_like_html(entry.summary), scripts=True),
        doi=doi,
        version=int(version_match.group(1)) if version_match else None,
        categories=tuple(filter(None, (clean_text(entry.ext.get("prism:section")),))),
        published=parse_date(entry.ext.get("dc:date") or entry.published),
        abs_url=abs_url,
        pdf_url=f"{abs_url}.full.pdf" if abs_url and "rxiv.org/" in abs_url else None,
        journal=_preprint_server(entry, server),
        sources=(source,),
    )


def preprint_papers(feed: RawFeed, source: str, server: str) -> Parsed:
    return feed_papers(feed, lambda entry: paper_from_preprint_entry(entry, source, server))


def parse_biorxiv(body: bytes, source: str) -> Parsed:
    """Parse a bioRxiv subject feed."""
    return preprint_papers(read_feed(body), source, "bioRxiv")


def parse_medrxiv(body: bytes, source: str) -> Parsed:
    """Parse a medRxiv subject feed."""
    return preprint_papers(read_feed(body), source, "medRxiv")
