"""The undo history of the reader's marks: star, tags, read, mark-all-read, dismiss, notes.

Each step keeps, per library field it touched (a section and a paper key), the value before
and the value after the action. Undoing puts back the "before" of each field that still
holds the action's "after"; a field that changed since (another hubread merged its own
change, or a later action here) is left alone, so an undo never overwrites anything but
what its own action wrote. No Textual here: the reader's keys drive it (undo_actions.py).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

DEPTH = 50  # steps kept; the oldest go first

T = TypeVar("T")
Field = tuple[str, str]  # (library section, paper key)


class Fields(Protocol):
    """What the history needs of the library (LibraryStore is one)."""

    def field(self, section: str, key: str) -> Any: ...

    def restore(self, section: str, key: str, value: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class Change:
    section: str
    key: str
    before: Any  # None: absent
    after: Any


@dataclass(frozen=True, slots=True)
class Step:
    """One action as the reader named it ("marked 42 papers read") and what it changed."""

    label: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo did: the step, the changes put back, and those changed since."""

    step: Step
    restored: tuple[Change, ...]
    superseded: int


class UndoHistory:
    """The last ``depth`` marking actions of this session, the latest last."""

    def __init__(self, depth: int = DEPTH) -> None:
        self._steps: deque[Step] = deque(maxlen=depth)

    def __len__(self) -> int:
        return len(self._steps)

    def record(
        self, library: Fields, label: str, fields: Iterable[Field], action: Callable[[], T]
    ) -> T:
        """Run ``action`` (which changes some of ``fields``) and keep what it changed as
        one step; an action that changed nothing adds no step."""
        before = {f: library.field(*f) for f in fields}
        result = action()
        changes = tuple(
            Change(section, key, old, new)
            for (section, key), old in before.items()
            if (new := library.field(section, key)) != old
        )
        if changes:
            self._steps.append(Step(label, changes))
        return result

    def undo(self, library: Fields) -> Undone | None:
        """Take back the latest step (None: nothing to undo)."""
        if not self._steps:
            return None
        step = self._steps.pop()
        restored = tuple(c for c in step.changes if library.field(c.section, c.key) == c.after)
        for change in restored:
            library.restore(change.section, change.key, change.before)
        return Undone(step, restored, len(step.changes) - len(restored))
