"""The neutral shape of one feed item, before a source kind turns it into a Paper.

Feed readers (the fast ElementTree path and the feedparser fallback) produce ``RawEntry``
records; source kinds map them to Papers. Keeping the two steps apart is what lets both
readers give identical Papers.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RawEntry:
    """One item of an RSS/RDF/Atom feed with its fields still as the feed wrote them."""

    title: str = ""
    link: str = ""
    guid: str = ""
    summary: str = ""
    content: str = ""
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    published: str = ""
    updated: str = ""
    pdf_link: str = ""
    # Namespaced extras by "prefix:localname" (lower-case local name): "arxiv:announce_type",
    # "prism:doi", "dc:identifier", "dc:date", "arxiv:primary_category", ...
    ext: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class RawFeed:
    """A parsed feed: its title and entries, plus feed-level extras (opensearch counts)."""

    title: str = ""
    entries: list[RawEntry] = field(default_factory=list)
    ext: dict[str, str] = field(default_factory=dict)
