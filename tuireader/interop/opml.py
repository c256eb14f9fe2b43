"""OPML 2.0 of the sources, and reading the OPML that newsboat, Miniflux and Feedly write.

On import, each feed URL is recognised for what it is (an rss.arxiv.org listing, an arXiv
API query, a bioRxiv or medRxiv subject, Hugging Face Daily Papers) so it becomes the right
kind of source; anything else is a plain feed. Nested outlines (folders) become the source's
tags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from tuireader.cleantext import collapse_whitespace
from tuireader.feeds.errors import FeedError
from tuireader.feeds.safe_xml import parse_xml
from tuireader.kinds.base import UnusableURL
from tuireader.kinds.registry import kind_of, recognise
from tuireader.kinds.source import SourceConfig
from tuireader.sanitize import clean


@dataclass(frozen=True)
class ImportedSource:
    """A source read from OPML, before it is added to config.toml."""

    name: str
    kind: str
    url: str
    categories: tuple[str, ...] = ()
    query: str = ""
    max_results: int = 100
    subject: str = ""
    date: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    def as_config(self) -> SourceConfig:
        keep_url = kind_of(self.kind).url_is_address  # else the kind's own host
        return SourceConfig(
            self.name,
            self.kind,
            categories=self.categories,
            query=self.query,
            max_results=self.max_results,
            subject=self.subject,
            date=self.date,
            url=self.url if keep_url else "",
            tags=self.tags,
        )


@dataclass(frozen=True)
class RejectedFeed:
    """An outline whose address hubread will not take, and why."""

    name: str
    reason: str


def _title(outline: Element) -> str:
    """An outline's title or text, as one clean line (it names a source or a tag)."""
    return collapse_whitespace(clean(outline.get("title") or outline.get("text") or ""))


def _walk(
    outline: Element,
    folders: tuple[str, ...],
    found: list[ImportedSource],
    rejected: list[RejectedFeed],
) -> None:
    for child in outline:
        if not isinstance(child.tag, str) or not child.tag.endswith("outline"):
            continue
        title = _title(child)
        url = (child.get("xmlUrl") or "").strip()
        if url:
            try:
                kind, settings = recognise(url)
            except UnusableURL as exc:
                rejected.append(RejectedFeed(title or repr(url), str(exc)))
                continue
            imported = ImportedSource(
                name=title or url,
                kind=kind,
                url=url,
                tags=folders,
                **settings,  # type: ignore[arg-type]
            )
            found.append(imported)
        else:
            _walk(child, (*folders, title) if title else folders, found, rejected)


def read_opml(body: bytes) -> tuple[list[ImportedSource], list[RejectedFeed]]:
    """The feeds of an OPML document, and the outlines whose address is not usable;
    ``FeedError`` when it is not OPML."""
    root = parse_xml(body)
    if root.tag.lower() != "opml":
        raise FeedError(f"not an OPML file: the root element is <{root.tag}>")
    body_element = next((c for c in root if c.tag.lower() == "body"), None)
    if body_element is None:
        raise FeedError("OPML file without a <body>")
    found: list[ImportedSource] = []
    rejected: list[RejectedFeed] = []
    _walk(body_element, (), found, rejected)
    return found, rejected


def parse_opml(body: bytes) -> list[ImportedSource]:
    """Every usable feed in an OPML document; ``FeedError`` when it is not OPML."""
    return read_opml(body)[0]


def to_opml(sources: Iterable[SourceConfig], title: str = "hubread sources") -> str:
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = SubElement(root, "body")
    folders: dict[str, Element] = {}
    for source in sources:
        parent = body
        if source.tags:
            tag = source.tags[0]
            if tag not in folders:
                folders[tag] = SubElement(body, "outline", text=tag, title=tag)
            parent = folders[tag]
        # What it reads without today's date (Daily Papers: the feed, not one day of it).
        url = kind_of(source.kind).stable_address(source)
        attrs = {"type": "rss", "text": source.name, "title": source.name, "xmlUrl": url}
        SubElement(parent, "outline", attrs)
    indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"
