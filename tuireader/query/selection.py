"""Which papers an export takes: starred by default, or any combination of filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from tuireader.model import Paper
from tuireader.storage.cache import CacheStore
from tuireader.storage.library import LibraryStore


@dataclass(frozen=True)
class Selection:
    """Filters combine with AND; with none given, the starred papers are taken."""

    starred: bool = False
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    unread: bool = False
    since: date | None = None
    search: str = ""
    everything: bool = False
    keys: tuple[str, ...] = field(default=())  # exactly these papers (the TUI's view)

    @property
    def is_default(self) -> bool:
        return not (self.starred or self.tags or self.sources or self.unread or self.since
                    or self.search or self.everything or self.keys)


def _all_papers(cache: CacheStore, library: LibraryStore) -> list[Paper]:
    papers = cache.papers()
    cached = {p.key for p in papers}
    return papers + [p for p in library.starred_papers() if p.key not in cached]


def select_papers(cache: CacheStore, library: LibraryStore, selection: Selection) -> list[Paper]:
    """The selected papers, newest first (or in the given key order)."""
    if selection.keys:  # read only these, not the whole cache
        by_key = cache.papers_by_keys(selection.keys)
        for paper in library.starred_papers():
            by_key.setdefault(paper.key, paper)
        return [by_key[k] for k in selection.keys if k in by_key]
    papers = _all_papers(cache, library)
    if selection.is_default or selection.starred:
        papers = [p for p in papers if library.is_starred(p.key)]
    if selection.tags:
        wanted = set(selection.tags)
        papers = [p for p in papers if wanted & set(library.tags(p.key))]
    if selection.sources:
        wanted = set(selection.sources)
        papers = [p for p in papers if wanted & set(p.sources)]
    if selection.unread:
        papers = [p for p in papers if not library.is_read(p.key)]
    if selection.since:
        start = datetime.combine(selection.since, datetime.min.time(), UTC)
        papers = [p for p in papers if p.date and p.date >= start]
    if selection.search:
        ids = cache.search(selection.search, limit=1_000_000)
        matched = set(ids)
        papers = [p for p in papers if p.key in matched]
    return sorted(papers, key=lambda p: (p.date or datetime.min.replace(tzinfo=UTC)),
                  reverse=True)
