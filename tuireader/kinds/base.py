"""What a kind of source is: everything the app needs to know about one, in one object.

A ``SourceKind`` says which ``[[sources]]`` keys it takes, where it lives on the web, how
it recognises its own addresses, how it reads its bodies, the badge the reader shows, the
table ``config.toml`` gets and how ``hubread sources list`` describes it. Code outside
``tuireader.kinds`` asks the registry for the kind and never tests a kind's name.

Parsers are named, not imported: ``SourceKind.parse`` loads the parser module on first use,
so a refresh that only sees 304s, or a command that only reads the cache, never loads the
parsers or lxml.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit

from tuireader.kinds.source import SourceConfig

if TYPE_CHECKING:
    from tuireader.feeds.items import Parsed

Settings = dict[str, object]  # the kind's own SourceConfig fields, e.g. {"categories": (...)}


class UnusableURL(ValueError):
    """A feed address hubread will not take as a source; the message says why."""


@dataclass(frozen=True, slots=True)
class Address:
    """A URL taken apart once, for every kind to look at in turn."""

    url: str
    host: str
    path: str
    segments: tuple[str, ...]
    query: dict[str, list[str]]

    @classmethod
    def of(cls, url: str) -> Address:
        parts = urlsplit(url)
        return cls(
            url,
            (parts.hostname or "").lower(),
            parts.path,
            tuple(unquote(s) for s in parts.path.split("/") if s),
            parse_qs(parts.query),
        )

    def param(self, name: str) -> str:
        """The first value of the query parameter ``name``; empty when absent."""
        return self.query.get(name, [""])[0]


def with_query(url: str, params: Mapping[str, str | int]) -> str:
    """``url`` with ``params`` added to whatever query it already has (a mirror's)."""
    parts = urlsplit(url)
    query = "&".join(filter(None, (parts.query, urlencode(params, safe=":"))))
    return urlunsplit(parts._replace(query=query))


def printable(value: str, what: str) -> str:
    """``value`` stripped; ``UnusableURL`` when it holds control characters."""
    if not value.isprintable():
        raise UnusableURL(f"{what} {value!r} contains control characters")
    return value.strip()


def load(target: str) -> Any:
    """The object a ``"module:name"`` string names, its module imported now."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True, slots=True)
class Paging:
    """A kind read in pages (the arXiv API): one URL per page, one parse per page."""

    url: Callable[[SourceConfig, int], str]  # (source, first result) -> that page's URL
    parser: str  # "module:function", (body, source name) -> (Parsed, total results or None)

    def parse(self, body: bytes, source: str) -> tuple[Parsed, int | None]:
        result: tuple[Parsed, int | None] = load(self.parser)(body, source)
        return result


@dataclass(frozen=True, slots=True)
class IdOrder:
    """A kind whose ids grow with every announcement (arXiv's): a listing whose newest id is
    older than the last fetch's is stale (a mirror or a cache behind), which the fetch layer
    reports as a warning on the source."""

    # (paper key, announce type) of a listing's papers -> its newest id; None when none of
    # them can say (only replacements, say: those are old papers announced again)
    newest: Callable[[Iterable[tuple[str, str | None]]], str | None]
    older: Callable[[str, str], bool]  # (a, b) -> whether id a is older than id b
    hint: str  # why a listing may be behind, for the warning: "arXiv mirror or cache behind?"


def _no_problems(source: SourceConfig) -> list[str]:
    return []


def _nothing_recognised(address: Address) -> Settings | None:
    return None


def _no_settings(source: SourceConfig) -> Settings:
    return {}


@dataclass(frozen=True, slots=True)
class SourceKind:
    """One kind of source (``kind = "..."`` in ``[[sources]]``) and all it knows."""

    name: str
    summary: str  # for help texts: "arXiv category listings"
    # Keys of [[sources]] beyond name/kind/url/enabled/tags: key -> required?
    keys: Mapping[str, bool]
    parser: str  # "module:function", (body, source name) -> Parsed; imported on first parse
    url: Callable[[SourceConfig, datetime | None], str]  # the first URL to fetch
    badge: Callable[[str | None, str | None, str], str]  # (category, journal, source name)
    describe: Callable[[SourceConfig], str]  # the detail `hubread sources list` shows
    # Why a source's settings cannot work, each "key problem" (after the keys' types).
    problems: Callable[[SourceConfig], list[str]] = _no_problems
    # Settings for an address this kind serves; None when it is not one of its addresses.
    recognise: Callable[[Address], Settings | None] = _nothing_recognised
    table: Callable[[SourceConfig], Settings] = _no_settings  # its keys in config.toml
    # What the source reads, without today's date: duplicates and OPML export compare it.
    address: Callable[[SourceConfig], str] | None = None
    paging: Paging | None = None  # read in pages, each parsed where it is fetched
    empty_note: str = "the feed has no items"  # a valid body without items
    examples: tuple[tuple[str, Settings], ...] = field(default=())  # addresses it recognises
    order: IdOrder | None = None  # ids ordered in time: a listing can be seen to be stale
    # A search (the arXiv API), not a dated listing: its newest result is not a day's
    # announcement, so Today and This week take its papers by their submission dates.
    searches: bool = False

    @property
    def url_is_address(self) -> bool:
        """Whether ``url`` is what the source reads (a feed) rather than a mirror of the
        kind's own host; a recognised address is kept only then."""
        return bool(self.keys.get("url"))

    @property
    def parses_in_pool(self) -> bool:
        """Whether its bodies go to the parse pool (paged kinds parse each page inline)."""
        return self.paging is None

    def parse(self, body: bytes, source: str) -> Parsed:
        """The papers of one body; loads the parser (and lxml) on first use."""
        parsed: Parsed = load(self.parser)(body, source)
        return parsed

    def stable_address(self, source: SourceConfig) -> str:
        return self.address(source) if self.address else self.url(source, None)

    def detail(self, source: SourceConfig) -> str:
        """``describe`` plus the mirror it is read through, if any."""
        text = self.describe(source)
        if source.url and not self.url_is_address:
            text += f" via {source.url}"
        return text
