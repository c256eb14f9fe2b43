"""The light row the paper list needs, read from SQLite without decoding each paper's JSON.

35,000 of them load in a fraction of a second; the full ``Paper`` is read only for the paper
on screen. The cache returns them; the views in ``tuireader.query`` filter and sort them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tuireader.model import Paper, utc_iso


@dataclass(frozen=True, slots=True)
class ListItem:
    """One row of the paper list."""

    key: str
    title: str
    date: str  # ISO 8601 in UTC, "" when unknown; sorts as text
    sources: tuple[str, ...]
    announce_type: str | None = None
    upvotes: int | None = None
    category: str | None = None  # primary category, for arXiv badges
    journal: str | None = None
    id: int = 0  # the cache's row id (what full-text search returns); 0 when not cached
    first_author: str = ""  # as the source wrote it; the list shows it when wide enough
    author_count: int = 0


def item_from_paper(paper: Paper) -> ListItem:
    date = utc_iso(paper.listed) or ""
    return ListItem(
        paper.key,
        paper.title,
        date,
        paper.sources,
        paper.announce_type,
        paper.upvotes,
        paper.categories[0] if paper.categories else None,
        paper.journal,
        first_author=paper.authors[0] if paper.authors else "",
        author_count=len(paper.authors),
    )
