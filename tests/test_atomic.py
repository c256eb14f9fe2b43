from __future__ import annotations

import os
from pathlib import Path

import pytest

from tuireader.atomic_files import atomic_write, backup_path, quarantine


def test_atomic_write_keeps_previous_version_as_backup(tmp_path: Path) -> None:
    target = tmp_path / "library.json"
    atomic_write(target, b"one")
    assert not backup_path(target).exists()
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert backup_path(target).read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.json", "library.json.bak"]


def test_failed_write_leaves_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "library.json"
    atomic_write(target, b"original")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["library.json"]


def test_quarantine_moves_file_aside(tmp_path: Path) -> None:
    target = tmp_path / "library.json"
    target.write_text("{broken")
    moved = quarantine(target)
    assert not target.exists()
    assert moved.read_text() == "{broken"
    assert moved.name.startswith("library.json.corrupt-")


def test_symlinked_file_stays_a_link_and_its_target_gets_the_write(tmp_path: Path) -> None:
    real = tmp_path / "sync" / "library.json"
    real.parent.mkdir()
    real.write_bytes(b"one")
    link = tmp_path / "data" / "library.json"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(real, link.parent))
    atomic_write(link, b"two")
    assert link.is_symlink() and real.read_bytes() == b"two"
    assert backup_path(link) == real.with_name("library.json.bak")
    assert backup_path(link).read_bytes() == b"one"  # the backup sits next to the target
    assert sorted(p.name for p in link.parent.iterdir()) == ["library.json"]


def test_quarantine_of_a_symlink_moves_its_target_aside(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{broken")
    link = tmp_path / "library.json"
    link.symlink_to(real)
    moved = quarantine(link)
    assert link.is_symlink() and not real.exists()
    assert moved.parent == real.parent and moved.read_text() == "{broken"
    atomic_write(link, b"{}")  # a dangling link is followed too: the target is made again
    assert link.is_symlink() and real.read_bytes() == b"{}"
