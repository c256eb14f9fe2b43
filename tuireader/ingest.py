"""Turn one source's response body into cached papers: parse, merge, record.

Shared by the network refresh and the offline demo, so both go through exactly the same
parsing and storage path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tuireader.sources import FeedError, parse_feed
from tuireader.store.cache import CacheStore, StoreStats
from tuireader.store.config import SourceConfig


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one body did to the cache; ``skipped`` when it was byte-identical to the last."""

    stats: StoreStats
    parsed: int
    skipped: bool = False


def body_hash(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def ingest_body(cache: CacheStore, source: SourceConfig, body: bytes, *,
                etag: str | None = None, last_modified: str | None = None) -> IngestResult:
    """Parse ``body`` for ``source`` and store its papers in one transaction.

    A body identical to the last stored one is not parsed again. On a parse error the
    source keeps its old papers and the error is recorded; the ``FeedError`` propagates.
    """
    digest = body_hash(body)
    if cache.source_state(source.name).body_hash == digest:
        cache.record_success(source.name, etag=etag, last_modified=last_modified,
                             body_hash=digest)
        return IngestResult(StoreStats(), 0, skipped=True)
    try:
        papers = parse_feed(source.kind, body, source.name)
    except FeedError as exc:
        cache.record_error(source.name, str(exc))
        raise
    stats = cache.store_papers(source.name, papers)
    cache.record_success(source.name, etag=etag, last_modified=last_modified, body_hash=digest)
    return IngestResult(stats, len(papers))
