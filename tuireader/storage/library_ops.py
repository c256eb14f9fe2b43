"""The changes ``LibraryStore`` queues, and how one replays on a freshly read library.

Apart from ``library`` because this is the merge model itself: each change is an operation
applied in memory, kept until it is written, and applied again on top of whatever the
file holds at ``flush`` time, so two processes' changes merge (a note by three-way merge).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tuireader.storage.library_schema import REJECTED, SECTIONS
from tuireader.storage.note_merge import merged_note

RESTORE = "__restore__"  # an operation that fills in a restored backup's whole state


@dataclass(frozen=True, slots=True)
class LibraryOp:
    section: str
    key: str
    value: Any  # None deletes
    base: str | None = None  # a note: the text the edit started from (see note_merge)


_CHANGE_NAMES = {
    "stars": ("star change", "star changes"),
    "tags": ("tag change", "tag changes"),
    "read": ("read mark", "read marks"),
    "notes": ("note", "notes"),
    "dismissed": ("dismissal", "dismissals"),
    "opened": ("opened mark", "opened marks"),
    RESTORE: ("restored backup", "restored backups"),
    REJECTED: ("set-aside record", "set-aside records"),
}


def apply_op(data: dict[str, dict[str, Any]], op: LibraryOp) -> None:
    """Apply ``op`` to ``data`` in place."""
    if op.section == RESTORE:  # fill in the backup's state; the file's wins
        for section in (*SECTIONS, REJECTED):
            for key, value in op.value[section].items():
                data[section].setdefault(key, value)
        return
    value = op.value
    if op.base is not None:
        value = merged_note(value or "", op.base, data[op.section].get(op.key, "")) or None
    if value is None:
        data[op.section].pop(op.key, None)
    else:
        data[op.section][op.key] = value


def describe_ops(ops: Iterable[LibraryOp]) -> str:
    """The changes for a person ("1 star change, 2 read marks"); "" when none."""
    keys: dict[str, set[str]] = {}
    for op in ops:
        keys.setdefault(op.section, set()).add(op.key)
    parts = []
    for section, (one, many) in _CHANGE_NAMES.items():
        if n := len(keys.get(section, ())):
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)
