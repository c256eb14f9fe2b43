"""The neutral shape of one feed item, before a source kind turns it into a Paper.

Feed readers (the fast lxml path, the feedparser fallback, JSON Feed) produce ``RawEntry``
records; source kinds map them to Papers. Keeping the two steps apart is what lets both
readers give identical Papers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


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


def _as_entry(item: Any) -> RawEntry:
    if not isinstance(item, RawEntry):
        raise TypeError(f"not a feed entry: {type(item).__name__}")
    return item


@dataclass(slots=True)
class RawFeed:
    """A parsed feed: its title, its items as the reader found them with the function that
    reads one into a RawEntry, and feed-level extras (opensearch counts).

    Items are read one by one where they become Papers (``items.papers_of``), so that a
    bad item costs that item only, whichever step it fails in.
    """

    title: str = ""
    items: Sequence[Any] = ()
    read: Callable[[Any], RawEntry] = _as_entry
    ext: dict[str, str] = field(default_factory=dict)

    @property
    def entries(self) -> list[RawEntry]:
        """Every item read (for tests and tools; a bad item raises here)."""
        return [self.read(item) for item in self.items]
