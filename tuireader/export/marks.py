"""The user's own marks on exported papers (star, tags, note), and their cached TL;DRs,
as plain data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tuireader.storage.library import LibraryStore


@dataclass(frozen=True)
class ExportMarks:
    starred: frozenset[str] = frozenset()
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    dismissed: frozenset[str] = frozenset()  # "not interested" (the radar's negatives)
    opened: frozenset[str] = frozenset()
    tldrs: dict[str, str] = field(default_factory=dict)  # from the TL;DR cache, not the user

    @classmethod
    def from_library(
        cls, library: LibraryStore, keys: Iterable[str], tldrs: Mapping[str, str] | None = None
    ) -> ExportMarks:
        keys = list(keys)
        return cls(
            starred=frozenset(k for k in keys if library.is_starred(k)),
            tags={k: t for k in keys if (t := library.tags(k))},
            notes={k: n for k in keys if (n := library.note(k))},
            dismissed=frozenset(k for k in keys if library.is_dismissed(k)),
            opened=frozenset(k for k in keys if library.is_opened(k)),
            tldrs={k: tl for k in keys if (tl := (tldrs or {}).get(k))},
        )


NO_MARKS = ExportMarks()
