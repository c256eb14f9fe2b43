"""Which papers an export takes: starred by default, or any combination of filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from tuireader.model import Paper
from tuireader.storage.cache import CacheStore
from tuireader.storage.library import LibraryStore
from tuireader.storage.paper_filter import PaperFilter


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
        return not (
            self.starred
            or self.tags
            or self.sources
            or self.unread
            or self.since
            or self.search
            or self.everything
            or self.keys
        )


def _library_keys(library: LibraryStore, selection: Selection) -> set[str] | None:
    """The keys the library's marks allow (stars, tags), or None when they allow all."""
    keys: set[str] | None = None
    if selection.is_default or selection.starred:
        keys = library.starred_keys()
    if selection.tags:
        tagged = set().union(*(library.keys_with_tag(tag) for tag in selection.tags))
        keys = tagged if keys is None else keys & tagged
    return keys


def _purged_starred(
    cache: CacheStore,
    library: LibraryStore,
    selection: Selection,
    allowed: set[str] | None,
    start: datetime | None,
) -> list[Paper]:
    """Starred papers the cache no longer holds (the library keeps a full copy) that the
    selection takes. They are few, so the filters run on them here."""
    if selection.search:  # only cached papers are in the full-text index
        return []
    starred = library.starred_keys()
    if allowed is not None:
        starred &= allowed
    missing = starred - cache.cached_keys(starred)
    papers = library.starred_papers(only=missing)
    if selection.sources:
        wanted = set(selection.sources)
        papers = [p for p in papers if wanted & set(p.sources)]
    if selection.unread:
        papers = [p for p in papers if not library.is_read(p.key)]
    if start is not None:
        papers = [p for p in papers if p.date and p.date >= start]
    return papers


def select_papers(cache: CacheStore, library: LibraryStore, selection: Selection) -> list[Paper]:
    """The selected papers, newest first (or in the given key order).

    The cache selects in SQL and decodes only what it selects; the library's marks come
    in as key sets.
    """
    if selection.keys:  # read only these, not the whole cache
        by_key = cache.papers_by_keys(selection.keys)
        for paper in library.starred_papers(only=set(selection.keys) - by_key.keys()):
            by_key[paper.key] = paper
        return [by_key[k] for k in selection.keys if k in by_key]
    allowed = _library_keys(library, selection)
    start = datetime.combine(selection.since, datetime.min.time(), UTC) if selection.since else None
    cached = cache.papers_where(
        PaperFilter(
            keys=allowed,
            not_keys=library.read_keys() if selection.unread else (),
            sources=selection.sources,
            since=start,
            search=selection.search,
        )
    )
    papers = cached + _purged_starred(cache, library, selection, allowed, start)
    return sorted(papers, key=lambda p: p.date or datetime.min.replace(tzinfo=UTC), reverse=True)
