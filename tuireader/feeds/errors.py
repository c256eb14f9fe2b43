"""The one exception type every parser raises for input it cannot turn into papers."""

from __future__ import annotations


class FeedError(Exception):
    """A feed could not be parsed; the message is shown to the user as the source's error."""


class MalformedXML(FeedError):
    """The fast path could not parse the XML; the feedparser fallback may still recover it."""
