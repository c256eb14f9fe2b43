"""The sources pane's counts (one pass over the list items) equal counting each entry alone."""

from __future__ import annotations

from tuireader.query.list_items import Marks, ViewEntry, count_entries
from tuireader.storage.list_rows import ListItem

SOURCES = [f"feed {i}" for i in range(12)]
FOLDERS = {
    "bio": {"feed 1", "feed 2", "feed 3"},
    "ml": {"feed 3", "feed 4"},
    "empty": {"gone"},
    "all": set(SOURCES),
}


def _items() -> list[ListItem]:
    items = []
    for i in range(600):
        sources: tuple[str, ...] = (SOURCES[i % 12],)
        if i % 5 == 0:  # cross-listed, sometimes within one folder (feeds 2 and 3)
            sources += (SOURCES[(i + 1) % 12],)
        if i % 11 == 0:
            sources += ("not configured",)
        items.append(ListItem(f"k{i}", f"Paper {i}", "2026-11-20", sources if i % 97 else ()))
    return items


def _reference(
    items: list[ListItem], marks: Marks, tags: list[str], failing: set[str], extra: list[ListItem]
) -> list[ViewEntry]:
    def entry(id_: str, label: str, keys: list[str], failing: bool = False) -> ViewEntry:
        return ViewEntry(id_, label, sum(not marks.is_read(k) for k in keys), len(keys), failing)

    keys = [i.key for i in items]
    unread = [k for k in keys if not marks.is_read(k)]
    starred = [k for k in keys if marks.is_starred(k)]
    starred += [i.key for i in extra if i.key not in keys]
    present = set(keys) | {i.key for i in extra}
    entries = [
        entry("all", "All", keys),
        entry("unread", "Unread", unread),
        entry("starred", "Starred", starred),
    ]
    entries += [entry(f"tag:{t}", f"#{t}", sorted(marks.tagged(t) & present)) for t in tags]
    entries += [
        entry(
            f"folder:{f}",
            f"▸ {f}",
            [i.key for i in items if names & set(i.sources)],
            bool(names & failing),
        )
        for f, names in sorted(FOLDERS.items())
    ]
    entries += [
        entry(f"src:{s}", s, [i.key for i in items if s in i.sources], s in failing)
        for s in SOURCES
    ]
    return entries


def test_counts_equal_counting_every_entry_on_its_own() -> None:
    items = _items()
    read = {f"k{i}" for i in range(0, 600, 3)}
    stars = {f"k{i}" for i in range(0, 600, 25)} | {"gone1"}
    tagged = {"x": {f"k{i}" for i in range(0, 600, 8)} | {"gone1"}, "y": set()}
    marks = Marks(read.__contains__, stars.__contains__, lambda t: tagged.get(t, set()))
    extra = [ListItem("gone1", "Purged", "", ("feed 1",)), items[0]]
    failing = {"feed 2", "feed 7"}
    counted = count_entries(items, marks, SOURCES, ["x", "y"], failing, extra, FOLDERS)
    assert counted == _reference(items, marks, ["x", "y"], failing, extra)
    by_id = {e.id: e for e in counted}
    assert by_id["folder:bio"].failing and by_id["folder:bio"].total > by_id["src:feed 1"].total
    assert by_id["folder:empty"].total == 0
    assert by_id["folder:all"].total == len([i for i in items if i.sources]) < len(items)
