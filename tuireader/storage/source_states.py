"""What the cache remembers about each source's fetches: validators for the next
conditional GET, the hash of the last body, the last success and error (shown on the
source's row), and the newest id of its last listing with the warning of a stale one. One
row per source in the ``source_state`` table; these functions take the connection (and run
inside the transaction) that ``CacheStore`` gives them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from tuireader.model import utc_iso
from tuireader.sanitize import clean


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the cache remembers about one source's last fetches."""

    name: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    newest_id: str | None = None  # of the last listing that was not stale (ordered kinds)
    newest_address: str | None = None  # what that listing was read from
    warning: str | None = None  # what was wrong with the last listing, though it was stored

    @property
    def failing(self) -> bool:
        """True when the most recent attempt ended in an error."""
        if not self.last_error or self.last_error_at is None:
            return False
        return self.last_success is None or self.last_error_at >= self.last_success

    @property
    def warned(self) -> str | None:
        """The warning of the last fetch when it succeeded (a failure is said instead)."""
        return None if self.failing else self.warning


@dataclass(frozen=True, slots=True)
class ListingMark:
    """What a fetch's listing leaves for the next one: the newest id to compare the next
    listing with, the address it was read from, and the warning if this one was stale."""

    newest_id: str | None = None
    address: str | None = None
    warning: str | None = None


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


_COLUMNS = (
    "name, etag, last_modified, body_hash, last_attempt, last_success, last_error, "
    "last_error_at, newest_id, newest_address, warning"
)


def _state(
    name: str,
    etag: str | None,
    modified: str | None,
    body_hash: str | None,
    attempt: str | None,
    success: str | None,
    error: str | None,
    error_at: str | None,
    newest_id: str | None,
    newest_address: str | None,
    warning: str | None,
) -> SourceState:
    return SourceState(
        name,
        etag,
        modified,
        body_hash,
        _dt(attempt),
        _dt(success),
        error,
        _dt(error_at),
        newest_id,
        newest_address,
        warning,
    )


def read_state(db: sqlite3.Connection, name: str) -> SourceState:
    """One source's state; an empty one for a source never fetched."""
    row = db.execute(f"SELECT {_COLUMNS} FROM source_state WHERE name = ?", (name,)).fetchone()
    return _state(*row) if row else SourceState(name)


def read_all(db: sqlite3.Connection) -> dict[str, SourceState]:
    """Every source's state, by name."""
    return {row[0]: _state(*row) for row in db.execute(f"SELECT {_COLUMNS} FROM source_state")}


def write_success(
    db: sqlite3.Connection,
    name: str,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None,
    moment: datetime,
    listing: ListingMark | None = None,
) -> None:
    """A successful fetch: new validators; the body hash only when there is a new one (a
    304 has no body); the listing's mark only for a parsed listing (a 304 or an identical
    body leaves the last one's, and its warning, as they were)."""
    stamp = utc_iso(moment)
    db.execute(
        "INSERT INTO source_state (name, etag, last_modified, body_hash, last_attempt, "
        "last_success) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
        "etag = excluded.etag, last_modified = excluded.last_modified, "
        "body_hash = coalesce(excluded.body_hash, body_hash), "
        "last_attempt = excluded.last_attempt, last_success = excluded.last_success",
        (name, etag, last_modified, body_hash, stamp, stamp),
    )
    if listing is not None:
        warning = clean(listing.warning).strip() if listing.warning else None
        db.execute(
            "UPDATE source_state SET newest_id = ?, newest_address = ?, warning = ? WHERE name = ?",
            (listing.newest_id, listing.address, warning, name),
        )


def write_error(db: sqlite3.Connection, name: str, message: str, moment: datetime) -> None:
    """A failed fetch: its message (cleaned: it quotes the server) and time; the
    validators and papers stay."""
    message = clean(message).strip()
    stamp = utc_iso(moment)
    db.execute(
        "INSERT INTO source_state (name, last_attempt, last_error, last_error_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
        "last_attempt = excluded.last_attempt, last_error = excluded.last_error, "
        "last_error_at = excluded.last_error_at",
        (name, stamp, message, stamp),
    )
