"""Merging a note edited in two hubread windows at once: neither window's typing is lost."""

from __future__ import annotations

NOTE_MERGE_MARK = "── also saved in another hubread window ──"


def merged_note(mine: str, base: str, theirs: str) -> str:
    """A note edited from ``base`` to ``mine`` while another hubread saved ``theirs``:
    whichever side changed wins, and when both did, both texts are kept (neither window's
    typing may be lost)."""
    if theirs in (base, mine) or not theirs:
        return mine
    if mine == base or not mine:
        return theirs
    return f"{mine}\n\n{NOTE_MERGE_MARK}\n{theirs}"
