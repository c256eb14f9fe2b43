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
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from tuireader.feeds.errors import FeedError
from tuireader.feeds.safe_xml import parse_xml
from tuireader.kinds.source import SourceConfig
from tuireader.kinds.urls import HF_DAILY, source_url


@dataclass(frozen=True)
class ImportedSource:
    """A source read from OPML, before it is added to config.toml."""

    name: str
    kind: str
    url: str
    categories: tuple[str, ...] = ()
    query: str = ""
    subject: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    def as_config(self) -> SourceConfig:
        known_url = self.kind != "feed"
        return SourceConfig(self.name, self.kind, categories=self.categories, query=self.query,
                            subject=self.subject, url="" if known_url else self.url,
                            tags=self.tags)


def recognise(url: str) -> tuple[str, dict[str, object]]:
    """(kind, kind-specific settings) for a feed URL."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path
    if host in ("rss.arxiv.org", "export.arxiv.org", "arxiv.org") and (
            path.startswith(("/rss/", "/atom/"))):
        categories = unquote(path.split("/", 2)[2]).replace(" ", "+").split("+")
        return "arxiv", {"categories": tuple(c for c in categories if c)}
    if host == "export.arxiv.org" and path.startswith("/api/query"):
        query = parse_qs(parts.query).get("search_query", [""])[0]
        if query:
            return "arxiv-query", {"query": query}
    if host in ("connect.biorxiv.org", "connect.medrxiv.org") and "_xml/" in path:
        subject = unquote(path.rsplit("/", 1)[-1]).replace("_", " ")
        return ("biorxiv" if "biorxiv" in host else "medrxiv"), {"subject": subject}
    if host == "huggingface.co" and path.startswith("/api/daily_papers"):
        return "huggingface", {}
    return "feed", {}


def _walk(outline: Element, folders: tuple[str, ...], found: list[ImportedSource]) -> None:
    for child in outline:
        if not child.tag.endswith("outline"):
            continue
        title = (child.get("title") or child.get("text") or "").strip()
        url = (child.get("xmlUrl") or "").strip()
        if url:
            if not url.startswith(("http://", "https://")):
                continue
            kind, settings = recognise(url)
            found.append(ImportedSource(name=title or url, kind=kind, url=url,
                                        tags=folders, **settings))  # type: ignore[arg-type]
        else:
            _walk(child, (*folders, title) if title else folders, found)


def parse_opml(body: bytes) -> list[ImportedSource]:
    """Every feed in an OPML document; ``FeedError`` when it is not OPML."""
    root = parse_xml(body)
    if root.tag.lower() != "opml":
        raise FeedError(f"not an OPML file: the root element is <{root.tag}>")
    body_element = next((c for c in root if c.tag.lower() == "body"), None)
    if body_element is None:
        raise FeedError("OPML file without a <body>")
    found: list[ImportedSource] = []
    _walk(body_element, (), found)
    return found


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
        # Daily Papers without today's date: the feed, not one day of it.
        url = (source.url or HF_DAILY) if source.kind == "huggingface" else source_url(source)
        attrs = {"type": "rss", "text": source.name, "title": source.name, "xmlUrl": url}
        SubElement(parent, "outline", attrs)
    indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"
