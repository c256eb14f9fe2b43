"""Where each feed item becomes a Paper: one place, in which a bad item costs that item only.

Every parser hands its items (XML elements, feedparser's dicts, JSON values) to
``papers_of`` with the function that reads one. Whatever one item does there (a date out of
range, authors given as a number, a field of the wrong type) drops that item and counts
it; the feed's other items are kept. Problems with the whole body (not a feed, nesting too
deep, an unknown encoding) are a ``FeedError`` before any item is read, and so is a feed
of which no item could be read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tuireader.feeds.entries import RawEntry, RawFeed
from tuireader.feeds.errors import FeedError
from tuireader.model import Paper

_Item = TypeVar("_Item")


@dataclass(slots=True)
class Parsed:
    """A feed's papers, and how many of its items could not be read (and were dropped)."""

    papers: list[Paper] = field(default_factory=list)
    unreadable: int = 0


def papers_of(items: Iterable[_Item], to_paper: Callable[[_Item], Paper | None]) -> Parsed:
    """``to_paper`` of each item (None: an item that names no paper, left out silently).

    A ``FeedError`` from an item is a verdict on the whole feed (the arXiv API reports a
    rejected query as an entry) and propagates; any other exception costs only its item.
    """
    parsed = Parsed()
    count = 0
    for item in items:
        count += 1
        try:
            paper = to_paper(item)
        except FeedError:
            raise
        except Exception:  # hostile input: whatever one item does, it costs that item
            parsed.unreadable += 1
            continue
        if paper is not None:
            parsed.papers.append(paper)
    if parsed.unreadable and not parsed.papers:
        raise FeedError(f"none of the feed's {count} items could be read")
    return parsed


def feed_papers(feed: RawFeed, to_paper: Callable[[RawEntry], Paper | None]) -> Parsed:
    """``papers_of`` a feed's items, each read by the feed's reader and then ``to_paper``."""
    read = feed.read
    return papers_of(feed.items, lambda item: to_paper(read(item)))


def json_text(value: object) -> str:
    """A JSON value where text belongs: a string as it is, a number as written, anything
    else (true, null, an object) as missing."""
    if isinstance(value, str):
        if value.isprintable():  # nearly always: no lone surrogate, nothing to check
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # "\ud800" in JSON: SQLite would refuse the paper
            return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def json_list(value: object) -> list[object]:
    """A JSON value where a list belongs: anything else is an empty list."""
    return value if isinstance(value, list) else []


def read_json(body: bytes) -> Any:
    """A JSON body, or a ``FeedError`` that says what is wrong with it as a whole."""
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"not valid JSON: {exc}") from exc
    except RecursionError:
        raise FeedError("the JSON is nested too deeply to read") from None
