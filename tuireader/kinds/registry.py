"""Which parser reads which kind of source: ``PARSERS`` and ``parse_feed``."""

from __future__ import annotations

from collections.abc import Callable

from tuireader.feeds.errors import FeedError
from tuireader.feeds.items import Parsed
from tuireader.kinds.arxiv import parse_arxiv_listing
from tuireader.kinds.arxiv_query import parse_arxiv_api
from tuireader.kinds.biorxiv import parse_biorxiv, parse_medrxiv
from tuireader.kinds.feed import parse_journal_feed
from tuireader.kinds.huggingface import parse_huggingface
from tuireader.model import Paper

Parser = Callable[[bytes, str], Parsed]

PARSERS: dict[str, Parser] = {
    "arxiv": parse_arxiv_listing,
    "arxiv-query": parse_arxiv_api,
    "biorxiv": parse_biorxiv,
    "medrxiv": parse_medrxiv,
    "huggingface": parse_huggingface,
    "feed": parse_journal_feed,
}
SOURCE_KINDS = tuple(PARSERS)


def parse_items(kind: str, body: bytes, source: str) -> Parsed:
    """Parse ``body`` as a feed of ``kind``: its papers and how many items were unreadable.
    Raises ``FeedError`` on a body that is unusable as a whole."""
    try:
        parser = PARSERS[kind]
    except KeyError:
        raise FeedError(f"unknown source kind {kind!r}") from None
    return parser(body, source)


def parse_feed(kind: str, body: bytes, source: str) -> list[Paper]:
    """The papers of ``parse_items`` (for callers that need not know what was dropped)."""
    return parse_items(kind, body, source).papers
