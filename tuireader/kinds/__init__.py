"""Kinds of paper sources: one module per kind (``arxiv``, ``biorxiv``, ...) declaring a
``SourceKind``, the registry that lists them, and their parsers under ``kinds.parsers``.

Nothing here imports textual or touches the network; fetching lives in the refresh engine.
The parsers (and lxml) load on the first parse: a refresh that gets nothing but 304s and
identical bodies, or a command that only reads the cache, never needs them.
"""

from __future__ import annotations

from typing import Any

from tuireader.feeds.errors import FeedError

_REGISTRY = ("KINDS", "SOURCE_KINDS", "kind_of", "parse_feed")


def __getattr__(name: str) -> Any:
    if name in _REGISTRY:
        from tuireader.kinds import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["KINDS", "SOURCE_KINDS", "FeedError", "kind_of", "parse_feed"]
