"""How a Paper is stored in the cache: a row of plain columns plus a small JSON record."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields

from tuireader.model import Paper, PaperDataError, utc_iso

# (key, JSON record, title, authors, abstract, date (``Paper.listed``), upvotes, sources,
# announce type, primary category, journal): a paper as the cache stores it. Plain strings
# and ints, so a worker process can build rows and send them cheaply. The big text fields
# live only in their columns (which FTS indexes), not in the record; the list's fields have
# columns of their own so 35,000 list rows load without decoding any JSON.
PaperRow = tuple[
    str, str, str, str, str, str | None, int | None, str, str | None, str | None, str | None
]
SOURCE_SEPARATOR = "\x1f"
_TEXT_FIELDS = ("key", "title", "authors", "abstract")
AUTHOR_SEPARATOR = "\n"  # never inside a cleaned name; a token separator for FTS
_RECORD_FIELDS = tuple(f.name for f in fields(Paper) if f.name not in _TEXT_FIELDS)
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def paper_row(paper: Paper) -> PaperRow:
    """The stored JSON record and the columns the list and the search read."""
    record = paper.fields_dict(_RECORD_FIELDS)
    return (
        paper.key,
        _encode(record),
        paper.title,
        AUTHOR_SEPARATOR.join(paper.authors),
        paper.abstract,
        utc_iso(paper.listed),
        paper.upvotes,
        SOURCE_SEPARATOR.join(paper.sources),
        paper.announce_type,
        paper.categories[0] if paper.categories else None,
        paper.journal,
    )


class PaperRowError(ValueError):
    """A cached row that cannot be decoded into a Paper: damage of that row alone (another
    program, or a newer hubread, wrote it), never of the whole cache."""


def paper_from_row(key: str, data: str, title: str, authors: str, abstract: str) -> Paper:
    """The inverse of ``paper_row``; ``PaperRowError`` for any row it cannot decode."""
    try:
        record = json.loads(data)
        if not isinstance(record, dict):
            raise PaperDataError("the record is not a JSON object")
        record.update(
            key=key,
            title=title,
            abstract=abstract,
            authors=authors.split(AUTHOR_SEPARATOR) if authors else [],
        )
        return Paper.from_dict(record)
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        # json's and from_dict's errors are ValueErrors; a NULL or non-text column gives
        # TypeError or AttributeError.
        raise PaperRowError(f"the cached paper {key!r:.80} cannot be decoded ({exc})") from None


def paper_rows(papers: Iterable[Paper]) -> list[PaperRow]:
    """Rows of one feed's papers. An id that comes twice in one feed is one item, whole:
    the one with the newer version, or the later one. Merging them field by field made
    records no item had (one's title with the other's abstract); sightings from different
    feeds or fetches are still merged, by the cache."""
    chosen: dict[str, Paper] = {}
    for paper in papers:
        old = chosen.get(paper.key)
        if old is None or (paper.version or 0) >= (old.version or 0):
            chosen[paper.key] = paper
    return [paper_row(p) for p in chosen.values()]
