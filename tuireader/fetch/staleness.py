"""A stale listing: one whose newest paper is older than the last fetch's.

A mirror or a cache in front of arXiv can serve yesterday's listing after today's: its
papers are still good (and stored), but the source is behind, and saying so is the only
way a reader learns why today's papers are missing. Only kinds whose ids are ordered in
time (``SourceKind.order``) can tell; their kind module says how, and this module keeps the
generic rule: compare the listing's newest id with the mark the last listing left.
"""

from __future__ import annotations

from collections.abc import Sequence

from tuireader.kinds.registry import kind_of
from tuireader.kinds.source import SourceConfig
from tuireader.storage.paper_rows import PaperRow
from tuireader.storage.source_states import ListingMark, SourceState


def listing_mark(source: SourceConfig, rows: Sequence[PaperRow], last: SourceState) -> ListingMark:
    """The mark this listing leaves, with a warning when it is older than the last one.

    The mark kept is the newest id of a listing that was not stale, so a mirror that stays
    behind stays reported; a listing with the same newest id (no announcement since, as on
    weekends) is not stale. The last mark counts only for the same address: a source whose
    categories changed starts over. A listing whose papers cannot say (none ordered)
    keeps the last mark and clears the warning.
    """
    kind = kind_of(source.kind)
    order = kind.order
    if order is None:
        return ListingMark()
    address = kind.stable_address(source)
    previous = last.newest_id if last.newest_address == address else None
    newest = order.newest((row[0], row[8]) for row in rows)  # (key, announce type)
    if newest is None:
        return ListingMark(previous, address)
    if previous is not None and order.older(newest, previous):
        warning = (
            f"stale listing: newest {newest} is older than the last fetch's {previous} "
            f"({order.hint})"
        )
        return ListingMark(previous, address, warning)
    return ListingMark(newest, address)
