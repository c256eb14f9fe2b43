"""Every kind of source, by name: the one place that lists them.

Adding a kind is one module declaring its ``SourceKind`` and one line in ``KINDS``. The
order matters for ``recognise``: each kind is asked in turn, ``feed`` (which takes any
address) last.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from tuireader.feeds.errors import FeedError
from tuireader.kinds.arxiv import ARXIV
from tuireader.kinds.arxiv_query import ARXIV_QUERY
from tuireader.kinds.base import Address, Settings, SourceKind, UnusableURL
from tuireader.kinds.biorxiv import BIORXIV, MEDRXIV
from tuireader.kinds.feed import FEED
from tuireader.kinds.huggingface import HUGGINGFACE
from tuireader.kinds.source import SourceConfig
from tuireader.links import http_url_problem

if TYPE_CHECKING:
    from tuireader.feeds.items import Parsed
    from tuireader.model import Paper

KINDS: dict[str, SourceKind] = {
    kind.name: kind for kind in (ARXIV, ARXIV_QUERY, BIORXIV, MEDRXIV, HUGGINGFACE, FEED)
}
SOURCE_KINDS = tuple(KINDS)
# Keys some kind takes: a [[sources]] table of an unknown kind may use any of them.
ALL_KIND_KEYS = frozenset(key for kind in KINDS.values() for key in kind.keys)


def kind_of(name: str) -> SourceKind:
    """The kind called ``name``; ``FeedError`` naming the known ones when there is none
    (config validation refuses unknown kinds first, so this is for callers' bugs)."""
    try:
        return KINDS[name]
    except KeyError:
        raise FeedError(f"unknown source kind {name!r}") from None


def source_url(source: SourceConfig, today: datetime | None = None) -> str:
    """The first (often only) URL to fetch for ``source``."""
    return kind_of(source.kind).url(source, today)


def recognise(url: str) -> tuple[str, Settings]:
    """(kind, kind-specific settings) for an address a user copied or an OPML file holds.

    arXiv listings (RSS, Atom, the /list/ pages), API queries, bioRxiv/medRxiv subject
    feeds and Hugging Face Daily Papers (the page, a day's page, the API) become those
    kinds, so hubread reads them with the right parser instead of fetching HTML as a
    feed; anything else is a ``feed``. ``UnusableURL`` for an address that is not a clean
    http(s) URL, or whose categories, query or date cannot be right.
    """
    if problem := http_url_problem(url):
        raise UnusableURL(problem)
    address = Address.of(url)
    for kind in KINDS.values():
        settings = kind.recognise(address)
        if settings is not None:
            return kind.name, settings
    raise AssertionError("the feed kind recognises every address")  # pragma: no cover


def searched_sources(sources: Iterable[SourceConfig]) -> set[str]:
    """The names of the sources that are searches rather than dated listings."""
    return {s.name for s in sources if KINDS.get(s.kind, FEED).searches}


def badge(kind: str | None, category: str | None, journal: str | None, name: str) -> str:
    """The list badge of a paper seen in source ``name``; a source no longer configured
    (``kind`` None) shows as a feed does: its journal, else its name."""
    return KINDS.get(kind or "", FEED).badge(category, journal, name)


def parse_items(kind: str, body: bytes, source: str) -> Parsed:
    """Parse ``body`` as a feed of ``kind``: its papers and how many items were unreadable.
    Raises ``FeedError`` on a body that is unusable as a whole."""
    return kind_of(kind).parse(body, source)


def parse_feed(kind: str, body: bytes, source: str) -> list[Paper]:
    """The papers of ``parse_items`` (for callers that need not know what was dropped)."""
    return parse_items(kind, body, source).papers
