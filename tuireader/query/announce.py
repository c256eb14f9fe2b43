"""The announce-type filter: arXiv's ``arxiv:announce_type`` (new, cross-list, replacement)
narrowing any view of the reader.

A replacement of a cross-list (``replace-cross``) is a replacement. Papers with no announce
type (every non-arXiv source's) are hidden while a type is chosen: they are none of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from tuireader.storage.list_rows import ListItem

ANNOUNCE_FILTERS = ("all", "new", "cross", "replace")
# How a title, the palette and the empty list name each filter.
ANNOUNCE_LABELS = {"new": "new", "cross": "cross-lists", "replace": "replacements"}
_TYPES = {"new": {"new"}, "cross": {"cross"}, "replace": {"replace", "replace-cross"}}


def next_filter(current: str) -> str:
    """``f``: all → new → cross → replace → all."""
    return ANNOUNCE_FILTERS[(ANNOUNCE_FILTERS.index(current) + 1) % len(ANNOUNCE_FILTERS)]


def by_announce_type(items: Sequence[ListItem], wanted: str) -> tuple[list[ListItem], int]:
    """The items of type ``wanted`` ("all": every one) and how many the filter hid."""
    if wanted == "all":
        return list(items), 0
    types = _TYPES[wanted]
    kept = [i for i in items if i.announce_type in types]
    return kept, len(items) - len(kept)
