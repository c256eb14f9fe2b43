"""``notices.json``: what hubread had to do to the user's files, kept until the user has seen it.

A cron job's ``hubread fetch`` that moves a torn library.json aside prints that on stderr,
which nobody may read. So every such message is also appended here (under the file lock,
written atomically) and the reader shows what is here when it starts, until the user
acknowledges it. A notices file that cannot be read is replaced: it only ever holds copies
of messages that were also printed or shown.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tuireader.atomic_files import atomic_write, file_lock

NOTICES_NAME = "notices.json"
MAX_NOTICES = 50  # a cron job failing every hour for weeks must not grow the file forever


@dataclass(frozen=True, slots=True)
class Notice:
    """One message; ``id`` is what acknowledging removes."""

    id: str
    at: str
    message: str


def _read(path: Path) -> list[Notice]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return []
    except (ValueError, UnicodeDecodeError, RecursionError):
        return [Notice("unreadable", "", f"{path} was unreadable and has been replaced.")]
    if not isinstance(data, list):
        return []
    return [
        Notice(str(n["id"]), str(n.get("at", "")), str(n["message"]))
        for n in data
        if isinstance(n, dict)
        and isinstance(n.get("id"), str)
        and isinstance(n.get("message"), str)
    ]


def _write(path: Path, notices: list[Notice]) -> None:
    if not notices:
        path.unlink(missing_ok=True)
        return
    text = json.dumps(
        [{"id": n.id, "at": n.at, "message": n.message} for n in notices],
        ensure_ascii=False,
        indent=1,
    )
    atomic_write(path, text.encode("utf-8"), backup=False)


def pending_notices(path: Path) -> list[Notice]:
    """What waits to be shown, oldest first; OSError when the file cannot be read."""
    return _read(path)


def add_notices(path: Path, messages: list[str]) -> list[Notice]:
    """Append ``messages``; returns them as notices. Raises OSError when it cannot save."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    added = [
        Notice(hashlib.blake2b(f"{at}\x1f{i}\x1f{m}".encode(), digest_size=8).hexdigest(), at, m)
        for i, m in enumerate(messages)
    ]
    if added:
        with file_lock(path):
            _write(path, (_read(path) + added)[-MAX_NOTICES:])
    return added


def acknowledge(path: Path, ids: set[str]) -> None:
    """Remove the notices the user has seen; ones added meanwhile stay."""
    with file_lock(path):
        _write(path, [n for n in _read(path) if n.id not in ids])
