"""Paper sources: one module per kind of feed, each a pure ``bytes -> list[Paper]`` parser.

Nothing here imports textual or touches the network; fetching lives in the refresh engine.
The parsers (and lxml) load on first use of ``parse_feed`` or ``PARSERS``: a refresh that
gets nothing but 304s and identical bodies, or a command that only reads the cache, never
needs them.
"""

from __future__ import annotations

from typing import Any

from tuireader.feeds.errors import FeedError

_REGISTRY = ("PARSERS", "SOURCE_KINDS", "Parser", "parse_feed")


def __getattr__(name: str) -> Any:
    if name in _REGISTRY:
        from tuireader.kinds import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["PARSERS", "SOURCE_KINDS", "FeedError", "Parser", "parse_feed"]
