"""Turn one source's response into cached papers: parse, merge, record.

Shared by the network refresh and the offline demo, so both go through exactly the same
parsing and storage path. Runs in a worker thread: parsing and SQLite writes never happen on
the event loop.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from tuireader.fetch.staleness import listing_mark
from tuireader.kinds import FeedError
from tuireader.kinds.source import SourceConfig
from tuireader.model import Paper
from tuireader.storage.cache import CacheStore
from tuireader.storage.paper_merge import StoreStats
from tuireader.storage.paper_rows import PaperRow, paper_rows


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one response did to the cache; ``skipped`` when it was byte-identical to the
    last one and so was not parsed again; ``unreadable``: items of the feed that could not
    be read and were dropped (the others were stored); ``warning``: what is wrong with a
    listing that was stored all the same (a stale one)."""

    stats: StoreStats
    parsed: int
    skipped: bool = False
    unreadable: int = 0
    warning: str | None = None


class ParsedRows(NamedTuple):
    """One body's cache rows, and how many of its items could not be read."""

    rows: list[PaperRow]
    unreadable: int = 0


def body_hash(*bodies: bytes) -> str:
    """What identifies a response's content (SHA-256: hardware-accelerated on most CPUs,
    so hashing 80 MB of feeds takes about 40 ms)."""
    return chunked_body_hash(*((body,) for body in bodies))


def chunked_body_hash(*bodies: Sequence[bytes]) -> str:
    """``body_hash`` of bodies given as the chunks they arrived in, without joining them.
    hashlib lets other threads run while it hashes chunks this big, so the refresh calls
    this in a thread and keeps downloading meanwhile."""
    digest = hashlib.sha256()
    for chunks in bodies:
        digest.update(sum(map(len, chunks)).to_bytes(8, "big"))
        for chunk in chunks:
            digest.update(chunk)
    return digest.hexdigest()


def ingest_body(
    cache: CacheStore,
    source: SourceConfig,
    body: bytes,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> IngestResult:
    """Parse ``body`` for ``source`` and store its papers and validators in one transaction.

    On a parse error the source keeps its old papers, the error is recorded, and the
    ``FeedError`` propagates.
    """
    digest = body_hash(body)
    if cache.source_state(source.name).body_hash == digest:
        return record_unchanged(cache, source, etag=etag, last_modified=last_modified)
    try:
        rows, unreadable = parse_to_rows(source.kind, body, source.name)
    except FeedError as exc:
        cache.record_error(source.name, str(exc))
        raise
    return store_rows(
        cache,
        source,
        rows,
        digest=digest,
        etag=etag,
        last_modified=last_modified,
        unreadable=unreadable,
    )


def record_unchanged(
    cache: CacheStore,
    source: SourceConfig,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> IngestResult:
    """A body byte-identical to the last one (same ``body_hash``) is not parsed again:
    record the fetch and return the skipped result."""
    cache.record_success(source.name, etag=etag, last_modified=last_modified)
    return IngestResult(StoreStats(), 0, skipped=True)


def parse_to_rows(kind: str, body: bytes, source_name: str) -> ParsedRows:
    """Parse and encode one body into cache rows. Top-level and free of open resources, so
    the refresh engine can run it in a worker process for large bodies."""
    from tuireader.kinds.registry import parse_items  # the parsers load when first needed

    parsed = parse_items(kind, body, source_name)
    return ParsedRows(paper_rows(parsed.papers), parsed.unreadable)


def store_rows(
    cache: CacheStore,
    source: SourceConfig,
    rows: list[PaperRow],
    *,
    digest: str,
    etag: str | None = None,
    last_modified: str | None = None,
    unreadable: int = 0,
) -> IngestResult:
    """Store one fetch's rows with its validators and listing mark, in one transaction."""
    mark = listing_mark(source, rows, cache.source_state(source.name))
    stats = cache.store_fetch(
        source.name, rows, etag=etag, last_modified=last_modified, body_hash=digest, listing=mark
    )
    return IngestResult(stats, len(rows), unreadable=unreadable, warning=mark.warning)


def ingest_papers(
    cache: CacheStore,
    source: SourceConfig,
    papers: Iterable[Paper],
    *,
    digest: str,
    unreadable: int = 0,
) -> IngestResult:
    """Store already parsed papers (the arXiv API's pages)."""
    return store_rows(cache, source, paper_rows(papers), digest=digest, unreadable=unreadable)
