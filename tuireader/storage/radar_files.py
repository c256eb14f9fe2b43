"""The radar's files in the data dir: the seeded positives and the last scores.

``radar-seed.json`` holds papers read from the reader's own library file (``hubread radar
seed FILE``): the user's choice, written atomically with a backup, and a corrupt one is
moved aside and reported, never silently replaced. ``radar.json`` holds the last scores so a
view paints at once; it is only a cache, so a corrupt or missing one is simply rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tuireader.atomic_files import atomic_write, quarantine
from tuireader.model import Paper, PaperDataError

SEED_VERSION = 1


class SeedFileError(Exception):
    """radar-seed.json could not be used; the message names the file and what happened."""


def seed_path(data_dir: Path) -> Path:
    return data_dir / "radar-seed.json"


def scores_path(data_dir: Path) -> Path:
    return data_dir / "radar.json"


def load_seeds(path: Path) -> list[Paper]:
    """The seeded papers; none when there is no file. A file that is not a seed list is
    moved aside and ``SeedFileError`` says where (the caller reports it and goes on)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("papers"), list):
            raise ValueError("not a seed list")
        return [Paper.from_dict(p) for p in data["papers"]]
    except FileNotFoundError:
        return []
    except (ValueError, UnicodeDecodeError, PaperDataError, RecursionError) as exc:
        moved = quarantine(path)
        raise SeedFileError(
            f"{path} was unreadable ({exc}); moved aside to {moved.name}; "
            "seed the radar again with `hubread radar seed FILE`"
        ) from None


def save_seeds(path: Path, papers: Sequence[Paper]) -> None:
    """Replace the seeded papers (atomically, keeping the previous file as a backup)."""
    payload = {"version": SEED_VERSION, "papers": [p.to_dict() for p in papers]}
    atomic_write(path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))


def clear_seeds(path: Path) -> int:
    """Remove the seeded papers; how many there were."""
    try:
        count = len(load_seeds(path))
    except SeedFileError:
        count = 0
    path.unlink(missing_ok=True)
    return count


def load_scores(path: Path) -> dict[str, Any] | None:
    """The last saved scores, or None when missing or unusable (they are rebuilt)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def save_scores(path: Path, data: dict[str, Any]) -> None:
    atomic_write(
        path,
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        backup=False,
    )
