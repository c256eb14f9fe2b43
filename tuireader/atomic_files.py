"""Crash-safe file replacement, backups, corrupt-file quarantine and an inter-process lock.

A save never leaves a half-written file: we write a temp file in the same directory, fsync
it, keep the previous version as ``<name>.bak`` (a hard link, so no copy), rename the temp
file over the target and fsync the directory.

A path that is a symbolic link is followed first: the write, the backup, the lock and the
quarantine all happen next to the file the link points at, so the link stays a link and its
target keeps receiving every change.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path


def real_path(path: Path) -> Path:
    """The file ``path`` names once every symbolic link is followed (itself if none)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def backup_path(path: Path) -> Path:
    path = real_path(path)
    return path.with_name(path.name + ".bak")


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer of ``path`` left behind; call under ``file_lock``,
    when no other writer can be mid-write."""
    path = real_path(path)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` point at the current content of ``path`` (if it exists)."""
    bak = backup_path(path)
    tmp_bak = path.with_name(f".{path.name}.bak.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp_bak.unlink()
    try:
        os.link(path, tmp_bak)
    except FileNotFoundError:
        return
    except OSError:  # file systems without hard links
        tmp_bak.write_bytes(path.read_bytes())
    os.replace(tmp_bak, bak)


def atomic_write(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically; raises OSError (disk full, read-only)."""
    path = real_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
            if backup:
                _keep_backup(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def quarantine(path: Path) -> Path:
    """Move a corrupt file aside as ``<name>.corrupt-<timestamp>`` and return the new path."""
    path = real_path(path)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    return target


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``<path>.lock`` for a read-modify-write."""
    path = real_path(path)
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
