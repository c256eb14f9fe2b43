"""``library.json``: the user's own state (stars, tags, read marks, notes).

Every change is an operation (``library_ops``) applied in memory and queued. ``flush``
takes a file lock, re-reads the file, replays this process's queued operations on top and
writes the result atomically: two hubread processes on one data dir merge their changes
instead of clobbering each other, and each picks up the other's. A star (and a dismissal, which the
radar learns from) keeps a full copy of the paper, so it survives any cache purge. A
corrupt file is moved aside, never overwritten.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tuireader.atomic_files import (
    atomic_write,
    backup_path,
    file_lock,
    quarantine,
    remove_stale_temps,
)
from tuireader.model import Paper
from tuireader.storage.library_ops import RESTORE, LibraryOp, apply_op, describe_ops
from tuireader.storage.library_schema import (
    LIBRARY_VERSION,
    REJECTED,
    LibraryError,  # raised here too; callers import it from this module
    empty,
    parse_library,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class LibraryStore:
    """Thread-safe access to library.json; see the module docstring for the write model."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.write_error: str | None = None
        self._lock = threading.RLock()
        self._pending: list[LibraryOp] = []
        self._data = empty()
        self._stamp: tuple[int, int, int] | None = None
        self._reported: set[str] = set()  # ids of rejected records already reported
        self._had_file = False  # a file was read: if it vanishes, memory is the library
        self._unusable_said = ""  # the LibraryError already reported (said once)
        with self._lock:
            try:
                self._data = self._read_disk()
            except OSError as exc:
                raise LibraryError(f"{path}: cannot read: {exc.strerror or exc}") from None
        if self._pending:
            self.flush()  # persist a restored backup now, not on the next change

    # ----------------------------------------------------------------- reading the file
    def _file_stamp(self) -> tuple[int, int, int] | None:
        """What tells a changed file: every write is a rename, so a new inode, even when
        size and mtime happen to match."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def _parse_file(self, path: Path) -> dict[str, dict[str, Any]]:
        """The usable sections of ``path``. Records that cannot be used are already moved to
        the rejected section; the first time this process sees one it says so, and queues a
        write, so the file on disk holds them there too."""
        validated = parse_library(path.read_text("utf-8"))
        new = {rid: r for rid, r in validated.rejected.items() if rid not in self._reported}
        if new:
            self._reported.update(new)
            reasons = "; ".join(r["reason"] for r in list(new.values())[:3])
            more = f" and {len(new) - 3} more" if len(new) > 3 else ""
            self.problems.append(
                f"{len(new)} record{'s' * (len(new) != 1)} of {self.path} could not be used "
                f"({reasons}{more}). The rest of the library is fine; the rejected records "
                f'are kept, unchanged, under "{REJECTED}" in {self.path.name}.'
            )
            for rid, record in new.items():
                self._pending.append(LibraryOp(REJECTED, rid, record))
        return validated.sections

    def _read_disk(self, *, locked: bool = False) -> dict[str, dict[str, Any]]:
        """Current file content. A corrupt file is quarantined and the backup tried, only
        under the file lock (``locked``): another process's flush may just have replaced
        it, so it is read again under the lock first. A file that vanished after we read
        one is restored from what this process holds."""
        self._stamp = self._file_stamp()
        if self._stamp is None:
            return self._vanished() if self._had_file else empty()
        try:
            data = self._parse_file(self.path)
        except (ValueError, UnicodeDecodeError) as exc:
            if not locked:
                with file_lock(self.path):
                    return self._read_disk(locked=True)
            return self._quarantined(exc)
        self._had_file = True
        return data

    def _vanished(self) -> dict[str, dict[str, Any]]:
        """library.json was deleted (by hand, a sync tool) while we run: writing only the
        queued changes would lose the rest of the library, so what this process holds
        (the last file it read, with its changes) is written back, and the user told."""
        data = {section: dict(records) for section, records in self._data.items()}
        self.problems.append(
            f"{self.path} had disappeared; written back from what this hubread had "
            "read of it (changes made meanwhile by another program may be missing)."
        )
        self._had_file = False  # said once per disappearance
        self._pending.insert(0, LibraryOp(RESTORE, "", data))
        return {section: dict(records) for section, records in data.items()}

    def _quarantined(self, exc: Exception) -> dict[str, dict[str, Any]]:
        """Move the corrupt file aside (the caller holds the file lock); the backup's
        state, queued to be written, or empty."""
        moved = quarantine(self.path)
        self._had_file = False  # moved aside by us, not vanished
        message = f"{self.path} was unreadable ({exc}); moved aside to {moved.name}"
        bak = backup_path(self.path)
        self._stamp = None
        try:
            data = self._parse_file(bak)
        except (OSError, ValueError, UnicodeDecodeError):
            self.problems.append(f"{message}. No usable backup: starting empty.")
            return empty()
        self.problems.append(f"{message}. Restored the previous version from {bak.name}.")
        # Queued first, so the restored state is written on the next flush and any
        # later change of this process still wins over it.
        self._pending.insert(0, LibraryOp(RESTORE, "", data))
        return data

    def _unusable(self, exc: LibraryError) -> None:
        """A newer hubread's file: never overwritten; said once, changes stay queued."""
        self.write_error = f"not saving {self.path}: {exc}"
        if str(exc) != self._unusable_said:
            self._unusable_said = str(exc)
            self.problems.append(
                f"{self.path} was {exc}. It is left as it is; this hubread keeps its "
                "changes in memory and saves them only if the file becomes readable again."
            )

    def reload_if_changed(self) -> bool:
        """Pick up another process's writes; True when the state changed."""
        with self._lock:
            try:
                if self._file_stamp() == self._stamp:
                    return False
                data = self._read_disk()
            except OSError:
                self._stamp = None  # unreadable right now: keep what we have, try later
                return False
            except LibraryError as exc:
                self._unusable(exc)
                return False
            for op in self._pending:
                apply_op(data, op)
            self._data = data
            return True

    # ----------------------------------------------------------------- writing
    def _change(self, section: str, key: str, value: Any, base: str | None = None) -> None:
        with self._lock:
            op = LibraryOp(section, key, value, base)
            apply_op(self._data, op)
            self._pending.append(op)

    def field(self, section: str, key: str) -> Any:
        """One stored value (None: absent): what an undo records before and after a mark."""
        with self._lock:
            return self._data[section].get(key)

    def restore(self, section: str, key: str, value: Any) -> None:
        """Put one value back as an undo found it (None removes it), queued like any change."""
        self._change(section, key, value)

    @property
    def dirty(self) -> bool:
        return bool(self._pending)

    def unsaved_changes(self) -> str:
        """The queued changes for a person ("1 star, 2 read marks"); "" when none."""
        with self._lock:
            return describe_ops(self._pending)

    def flush(self) -> bool:
        """Merge queued changes into the file under a lock; False (and ``write_error``) on
        failure, in which case the changes stay queued for the next try."""
        with self._lock:
            if not self._pending:
                return True
            data: dict[str, dict[str, Any]] | None = None
            try:
                with file_lock(self.path):
                    remove_stale_temps(self.path)
                    data = self._read_disk(locked=True)
                    for op in self._pending:
                        apply_op(data, op)
                    payload = {"version": LIBRARY_VERSION, **data}
                    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
                    atomic_write(self.path, text.encode("utf-8"))
                    self._stamp = self._file_stamp()
            except (OSError, LibraryError) as exc:
                if isinstance(exc, LibraryError):
                    self._unusable(exc)
                else:
                    self.write_error = f"cannot save {self.path}: {exc.strerror or exc}"
                if data is None:
                    self._stamp = None  # the file was not read: read it on the next check
                else:
                    # What was read is shown, with our changes: the stamp says we have it.
                    self._data = data
                return False
            self._data = data
            self._had_file = True
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
            stars = [
                star for key, star in self._data["stars"].items() if only is None or key in only
            ]
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

    def set_note(self, key: str, text: str, *, base: str | None = None) -> None:
        """Replace the note; with ``base`` (the note the editor started from), a note saved
        meanwhile by another hubread is merged with this one instead of overwritten."""
        self._change("notes", key, text.strip() or None, None if base is None else base.strip())

    # ----------------------------------------------------------------- radar signals
    # "Not interested" (a strong negative for the radar) and "opened" (a weak one while the
    # paper stays unstarred). A dismissal keeps the paper, as a star does, so the model
    # keeps learning from it after the cache has purged the paper.
    def is_dismissed(self, key: str) -> bool:
        return key in self._data["dismissed"]

    def dismissed_keys(self) -> set[str]:
        with self._lock:
            return set(self._data["dismissed"])

    def dismissed_papers(self) -> list[Paper]:
        with self._lock:
            records = list(self._data["dismissed"].values())
        return [Paper.from_dict(r["paper"]) for r in records]

    def dismiss(self, paper: Paper) -> None:
        self._change("dismissed", paper.key, {"dismissed_at": _now(), "paper": paper.to_dict()})

    def undismiss(self, key: str) -> None:
        self._change("dismissed", key, None)

    def is_opened(self, key: str) -> bool:
        return key in self._data["opened"]

    def opened_keys(self) -> set[str]:
        with self._lock:
            return set(self._data["opened"])

    def mark_opened(self, key: str) -> None:
        """The reader opened this paper's abstract (kept once: the first time)."""
        with self._lock:
            if key not in self._data["opened"]:
                self._change("opened", key, _now())
