"""Where Zotero can save: ``/connector/getSelectedCollection``'s libraries and collections,
and the one sentence a failure is (``ZoteroError``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

SEPARATOR = " › "
_SEPARATORS = re.compile(r"\s*[›>/]\s*")  # what a user may type between collection names


class ZoteroError(Exception):
    """Zotero could not take the papers; ``str()`` says why, for the user as it is.

    ``kind``: "not_running", "not_zotero", "too_old", "read_only", "refused", "timeout",
    "no_collection".
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Target:
    """A library ("L1") or collection ("C23") Zotero can save into; ``level`` is its depth."""

    id: str
    name: str
    level: int = 0


@dataclass(frozen=True, slots=True)
class SaveTarget:
    """``/connector/getSelectedCollection``: where Zotero would save now, and every target."""

    library_name: str
    library_editable: bool
    files_editable: bool
    selected: str  # a target id
    targets: tuple[Target, ...] = ()

    def path(self, target_id: str) -> str:
        """ "My Library › Reading › Theory": the target with the collections it is in."""
        trail: list[str] = []
        for target in self.targets:
            del trail[target.level :]
            trail.append(target.name)
            if target.id == target_id:
                return SEPARATOR.join(trail)
        return self.library_name

    def find(self, name: str) -> Target:
        """The target called ``name``, or with that path ("My Library › Reading", also
        with ">" or "/" between the names), or that id; ZoteroError if none, or if the
        name is two collections' (then their paths tell them apart)."""
        wanted = name.strip().casefold()
        as_path = _SEPARATORS.sub(SEPARATOR, wanted)
        by_id = [t for t in self.targets if t.id.casefold() == wanted]
        by_name = [t for t in self.targets if t.name.casefold() == wanted]
        by_path = [
            t
            for t in self.targets
            if _SEPARATORS.sub(SEPARATOR, self.path(t.id).casefold()) == as_path
        ]
        for found in (by_id, by_name, by_path):
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                paths = "; ".join(self.path(t.id) for t in found)
                raise ZoteroError(
                    "no_collection",
                    f"Zotero has more than one collection {name!r}: {paths} (give its path)",
                )
        known = ", ".join(self.path(t.id) for t in self.targets) or "none"
        raise ZoteroError("no_collection", f"Zotero has no collection {name!r}; it has: {known}")
