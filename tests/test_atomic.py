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
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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
