"""``library.json``: the user's own state (stars, tags, read marks, notes).

Every change is an operation applied in memory and queued. ``flush`` takes a file lock,
re-reads the file, replays this process's queued operations on top and writes the result
atomically: two hubread processes on one data dir merge their changes instead of
clobbering each other, and each picks up the other's. A star keeps a full copy of the
paper, so it survives any cache purge. A corrupt file is moved aside, never overwritten.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tuireader.atomic_files import atomic_write, backup_path, file_lock, quarantine
from tuireader.model import Paper

LIBRARY_VERSION = 1
_SECTIONS = ("stars", "tags", "read", "notes")


class LibraryError(Exception):
    """library.json cannot be used at all (for instance, written by a newer hubread)."""


@dataclass(frozen=True, slots=True)
class _Op:
    section: str
    key: str
    value: Any  # None deletes


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _empty() -> dict[str, dict[str, Any]]:
    return {section: {} for section in _SECTIONS}


def _validate(data: Any) -> dict[str, dict[str, Any]]:
    """The sections of a parsed library, or ValueError saying what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("the top level is not a JSON object")
    version = data.get("version")
    if not isinstance(version, int):
        raise ValueError('missing "version"')
    if version > LIBRARY_VERSION:
        raise LibraryError(f"written by a newer hubread (version {version}); please upgrade")
    sections = _empty()
    for section in _SECTIONS:
        value = data.get(section, {})
        if not isinstance(value, dict):
            raise ValueError(f'"{section}" is not an object')
        sections[section] = value
    for key, star in sections["stars"].items():
        if not isinstance(star, dict) or not isinstance(star.get("paper"), dict):
            raise ValueError(f'star {key!r} has no "paper" object')
    for key, tags in sections["tags"].items():
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ValueError(f"tags of {key!r} are not a list of strings")
    for section in ("read", "notes"):
        for key, value in sections[section].items():
            if not isinstance(value, str):
                raise ValueError(f'"{section}" entry {key!r} is not a string')
    return sections


class LibraryStore:
    """Thread-safe access to library.json; see the module docstring for the write model."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.write_error: str | None = None
        self._lock = threading.RLock()
        self._pending: list[_Op] = []
        self._data = _empty()
        self._stamp: tuple[int, int] | None = None
        with self._lock:
            try:
                self._data = self._read_disk()
            except OSError as exc:
                raise LibraryError(f"{path}: cannot read: {exc.strerror or exc}") from None
        if self._pending:
            self.flush()  # persist a restored backup now, not on the next change

    # ----------------------------------------------------------------- reading the file
    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_mtime_ns, st.st_size

    def _parse_file(self, path: Path) -> dict[str, dict[str, Any]]:
        return _validate(json.loads(path.read_text("utf-8")))

    def _read_disk(self) -> dict[str, dict[str, Any]]:
        """Current file content; a corrupt file is quarantined and the backup tried."""
        self._stamp = self._file_stamp()
        if self._stamp is None:
            return _empty()
        try:
            return self._parse_file(self.path)
        except (ValueError, UnicodeDecodeError) as exc:
            moved = quarantine(self.path)
            message = f"{self.path} was unreadable ({exc}); moved aside to {moved.name}"
            bak = backup_path(self.path)
            try:
                data = self._parse_file(bak)
            except (OSError, ValueError, UnicodeDecodeError):
                self.problems.append(f"{message}. No usable backup: starting empty.")
                self._stamp = None
                return _empty()
            self.problems.append(f"{message}. Restored the previous version from {bak.name}.")
            self._stamp = None
            # Queued first, so the restored state is written on the next flush and any
            # later change of this process still wins over it.
            self._pending.insert(0, _Op("__restore__", "", data))
            return data

    def reload_if_changed(self) -> bool:
        """Pick up another process's writes; True when the state changed."""
        with self._lock:
            try:
                if self._file_stamp() == self._stamp:
                    return False
                data = self._read_disk()
            except OSError:
                return False  # unreadable right now; keep what we have and try later
            for op in self._pending:
                self._apply(data, op)
            self._data = data
            return True

    # ----------------------------------------------------------------- writing
    @staticmethod
    def _apply(data: dict[str, dict[str, Any]], op: _Op) -> None:
        if op.section == "__restore__":  # fill in the backup's state; the file's wins
            for section in _SECTIONS:
                for key, value in op.value[section].items():
                    data[section].setdefault(key, value)
            return
        if op.value is None:
            data[op.section].pop(op.key, None)
        else:
            data[op.section][op.key] = op.value

    def _change(self, section: str, key: str, value: Any) -> None:
        with self._lock:
            op = _Op(section, key, value)
            self._apply(self._data, op)
            self._pending.append(op)

    @property
    def dirty(self) -> bool:
        return bool(self._pending)

    def flush(self) -> bool:
        """Merge queued changes into the file under a lock; False (and ``write_error``) on
        failure, in which case the changes stay queued for the next try."""
        with self._lock:
            if not self._pending:
                return True
            try:
                with file_lock(self.path):
                    # Under the lock no other hubread is mid-write: any temp file left here
                    # is from a process that was killed, and can go.
                    for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
                        stale.unlink(missing_ok=True)
                    data = self._read_disk()
                    for op in self._pending:
                        self._apply(data, op)
                    payload = {"version": LIBRARY_VERSION, **data}
                    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
                    atomic_write(self.path, text.encode("utf-8"))
                    self._stamp = self._file_stamp()
            except OSError as exc:
                self.write_error = f"cannot save {self.path}: {exc.strerror or exc}"
                return False
            self._data = data
            self._pending.clear()
            self.write_error = None
            return True

    # ----------------------------------------------------------------- stars
    def is_starred(self, key: str) -> bool:
        return key in self._data["stars"]

    def starred_keys(self) -> set[str]:
        with self._lock:
            return set(self._data["stars"])

    def starred_papers(self, only: Collection[str] | None = None) -> list[Paper]:
        """The starred papers' copies, in the library's order; only those whose
        keys are in ``only`` when given (the rest are not decoded)."""
        with self._lock:
            stars = [star for key, star in self._data["stars"].items()
                     if only is None or key in only]
        return [Paper.from_dict(s["paper"]) for s in stars]

    def starred_paper(self, key: str) -> Paper | None:
        """The copy of a starred paper kept here (the cache may have purged it)."""
        with self._lock:
            star = self._data["stars"].get(key)
        return Paper.from_dict(star["paper"]) if star else None

    def star(self, paper: Paper) -> None:
        self._change("stars", paper.key, {"starred_at": _now(), "paper": paper.to_dict()})

    def unstar(self, key: str) -> None:
        self._change("stars", key, None)

    def toggle_star(self, paper: Paper) -> bool:
        """Star or unstar; returns the new state."""
        if self.is_starred(paper.key):
            self.unstar(paper.key)
            return False
        self.star(paper)
        return True

    # ----------------------------------------------------------------- tags
    def tags(self, key: str) -> tuple[str, ...]:
        return tuple(self._data["tags"].get(key, ()))

    def set_tags(self, key: str, tags: Iterable[str]) -> None:
        clean = sorted({t.strip() for t in tags if t.strip()})
        self._change("tags", key, clean or None)

    def all_tags(self) -> dict[str, int]:
        """Every tag in use and how many papers carry it."""
        counts: dict[str, int] = {}
        with self._lock:
            for tags in self._data["tags"].values():
                for tag in tags:
                    counts[tag] = counts.get(tag, 0) + 1
        return dict(sorted(counts.items()))

    def keys_with_tag(self, tag: str) -> set[str]:
        with self._lock:
            return {k for k, tags in self._data["tags"].items() if tag in tags}

    # ----------------------------------------------------------------- read marks
    def is_read(self, key: str) -> bool:
        return key in self._data["read"]

    def read_keys(self) -> set[str]:
        with self._lock:
            return set(self._data["read"])

    def mark_read(self, keys: Iterable[str]) -> None:
        stamp = _now()
        with self._lock:
            for key in keys:
                if key not in self._data["read"]:
                    self._change("read", key, stamp)

    def mark_unread(self, key: str) -> None:
        self._change("read", key, None)

    def toggle_read(self, key: str) -> bool:
        """Flip the read mark; returns the new state."""
        if self.is_read(key):
            self.mark_unread(key)
            return False
        self.mark_read([key])
        return True

    # ----------------------------------------------------------------- notes
    def note(self, key: str) -> str:
        return self._data["notes"].get(key, "")

    def set_note(self, key: str, text: str) -> None:
        self._change("notes", key, text.strip() or None)
