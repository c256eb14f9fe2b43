"""Bytes -> RawFeed: the fast ElementTree path first, feedparser for what it cannot read.

Only malformed XML falls back. Unsafe XML (entity tricks), empty bodies, HTML pages and
documents that are not feeds are errors on both paths, so the fallback never widens what
we accept from a hostile server.
"""

from __future__ import annotations

from tuireader.feeds.entries import RawFeed
from tuireader.feeds.errors import FeedError, MalformedXML
from tuireader.feeds.fallback import read_with_feedparser
from tuireader.feeds.xml_reader import read_xml_feed


def read_feed(body: bytes) -> RawFeed:
    try:
        return read_xml_feed(body)
    except MalformedXML as exc:
        try:
            feed = read_with_feedparser(body)
        except FeedError:
            raise FeedError(str(exc)) from None
        if not feed.items:
            raise FeedError(str(exc)) from None
        return feed
