"""What the paper list shows: light list items, and the filters, counts and sorts over them.

A ``ListItem`` is what one row needs, read from SQLite without decoding each paper's JSON,
so 35,000 of them load in a fraction of a second; the full ``Paper`` is read only for the
paper on screen. Nothing here imports textual, so the view logic is tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tuireader.storage.list_rows import ListItem, item_from_paper

if TYPE_CHECKING:  # annotations only: the cache imports this module
    from tuireader.kinds.source import SourceConfig
    from tuireader.storage.library import LibraryStore


@dataclass(frozen=True, slots=True)
class ViewEntry:
    """One row of the sources pane: ``id`` is all, unread, starred, tag:<t>, src:<name>,
    a date view (day:...) or a saved search (search:<name>)."""

    id: str
    label: str
    unread: int
    total: int
    failing: bool = False
    warned: bool = False  # its last listing was stored with a warning (a stale one)
    heading: bool = False  # a heading over the entries after it, not a view


class Marks:
    """The library questions a view asks, as plain callables (easy to fake in tests)."""

    def __init__(
        self,
        is_read: Callable[[str], bool],
        is_starred: Callable[[str], bool],
        tagged: Callable[[str], set[str]],
    ) -> None:
        self.is_read = is_read
        self.is_starred = is_starred
        self.tagged = tagged

    @classmethod
    def of(cls, library: LibraryStore) -> Marks:
        return cls(library.is_read, library.is_starred, library.keys_with_tag)


def starred_items(library: LibraryStore) -> list[ListItem]:
    """Every starred paper as a list item (its copy in the library, cached or not)."""
    return [item_from_paper(p) for p in library.starred_papers()]


def source_folders(sources: Iterable[SourceConfig]) -> dict[str, set[str]]:
    """Source tags (folders, e.g. from an imported OPML file) -> the sources that carry them."""
    folders: dict[str, set[str]] = {}
    for source in sources:
        for tag in source.tags:
            folders.setdefault(tag, set()).add(source.name)
    return folders


def select(
    items: Sequence[ListItem],
    view_id: str,
    marks: Marks,
    *,
    starred_extra: Iterable[ListItem] = (),
    folders: dict[str, set[str]] | None = None,
) -> list[ListItem]:
    """The items of one sources-pane entry, in their current order.

    ``folders`` maps a source tag to the names of the sources that carry it.
    """
    if view_id == "unread":
        return [i for i in items if not marks.is_read(i.key)]
    if view_id == "starred":
        present = [i for i in items if marks.is_starred(i.key)]
        keys = {i.key for i in present}
        return present + [i for i in starred_extra if i.key not in keys]
    if view_id.startswith("tag:"):
        tagged = marks.tagged(view_id[4:])
        return [i for i in items if i.key in tagged]
    if view_id.startswith("src:"):
        name = view_id[4:]
        return [i for i in items if name in i.sources]
    if view_id.startswith("folder:"):
        names = (folders or {}).get(view_id[7:], set())
        return [i for i in items if names.intersection(i.sources)]
    return list(items)


def sort_items(items: list[ListItem], order: str) -> list[ListItem]:
    """Newest first; by source then newest; or by upvotes then newest."""
    by_date = sorted(items, key=lambda i: i.date, reverse=True)
    if order == "source":
        return sorted(by_date, key=lambda i: i.sources[0] if i.sources else "")
    if order == "upvotes":
        return sorted(by_date, key=lambda i: i.upvotes or 0, reverse=True)
    return by_date


def count_entries(
    items: Sequence[ListItem],
    marks: Marks,
    sources: Sequence[str],
    tags: Iterable[str],
    failing: set[str],
    starred_extra: Sequence[ListItem] = (),
    folders: dict[str, set[str]] | None = None,
    warned: Collection[str] = frozenset(),
) -> list[ViewEntry]:
    """Every sources-pane entry with its unread and total counts, in one pass over the items.

    It runs on every mark change. The pass counts the items per combination of sources
    (there are few), and the sources' and folders' counts add those up: a pass per folder
    took 10 ms at 35,000 papers (bench.export_bench).
    """
    is_read, is_starred = marks.is_read, marks.is_starred
    total_unread = 0
    starred = [0, 0]
    starred_seen: set[str] = set()
    by_sources: dict[tuple[str, ...], list[int]] = {}
    for item in items:
        unread = int(not is_read(item.key))
        total_unread += unread
        if is_starred(item.key):
            starred[0] += unread
            starred[1] += 1
            starred_seen.add(item.key)
        counts = by_sources.get(item.sources)
        if counts is None:
            counts = by_sources[item.sources] = [0, 0]
        counts[0] += unread
        counts[1] += 1
    per_source = {name: [0, 0] for name in sources}
    folders = folders or {}
    per_folder = {folder: [0, 0] for folder in folders}
    for combination, (unread, total) in by_sources.items():
        for name in combination:
            counts = per_source.get(name)
            if counts is not None:
                counts[0] += unread
                counts[1] += total
        for folder, names in folders.items():
            if names.intersection(combination):
                per_folder[folder][0] += unread
                per_folder[folder][1] += total
    for item in starred_extra:
        if item.key not in starred_seen:
            starred[0] += not marks.is_read(item.key)
            starred[1] += 1
    entries = [
        ViewEntry("all", "All", total_unread, len(items)),
        ViewEntry("unread", "Unread", total_unread, total_unread),
        ViewEntry("starred", "Starred", starred[0], starred[1]),
    ]
    present = {i.key for i in items} | {i.key for i in starred_extra}
    for tag in tags:
        keys = marks.tagged(tag) & present
        unread = sum(1 for k in keys if not marks.is_read(k))
        entries.append(ViewEntry(f"tag:{tag}", f"#{tag}", unread, len(keys)))
    for folder, names in sorted(folders.items()):
        unread, total = per_folder[folder]
        entries.append(
            ViewEntry(
                f"folder:{folder}",
                f"▸ {folder}",
                unread,
                total,
                bool(names & failing),
                any(n in warned for n in names),
            )
        )
    for name in sources:
        unread, total = per_source[name]
        entries.append(
            ViewEntry(f"src:{name}", name, unread, total, name in failing, name in warned)
        )
    return entries
