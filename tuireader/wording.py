"""Counted nouns for messages: "1 paper", "6 papers", never "1 papers"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and ``noun``, in the plural (``many``, else noun + "s") unless it is one."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
