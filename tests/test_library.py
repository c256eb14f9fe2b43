from __future__ import annotations

import json
from pathlib import Path

import pytest

from tuireader.model import Paper
from tuireader.storage.library import LibraryError, LibraryStore

PAPER = Paper(
    key="arxiv:2611.00001",
    title="A paper",
    authors=("Ann Lee",),
    arxiv_id="2611.00001",
    sources=("s",),
)


def test_round_trip_of_every_kind_of_state(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    lib = LibraryStore(path)
    lib.star(PAPER)
    lib.set_tags(PAPER.key, ["to-read", "llm", " "])
    lib.mark_read([PAPER.key, "doi:10.1/x"])
    lib.set_note(PAPER.key, "check the appendix")
    assert lib.flush()
    data = json.loads(path.read_text())
    assert data["version"] == 1
    assert data["stars"][PAPER.key]["paper"]["title"] == "A paper"

    again = LibraryStore(path)
    assert again.is_starred(PAPER.key)
    assert again.starred_papers() == [PAPER]  # a full copy survives any cache purge
    assert again.starred_paper(PAPER.key) == PAPER and again.starred_paper("x:none") is None
    assert again.tags(PAPER.key) == ("llm", "to-read")
    assert again.all_tags() == {"llm": 1, "to-read": 1}
    assert again.is_read("doi:10.1/x")
    assert again.note(PAPER.key) == "check the appendix"
    again.unstar(PAPER.key)
    again.toggle_read(PAPER.key)
    again.set_tags(PAPER.key, [])
    again.set_note(PAPER.key, "")
    again.flush()
    final = LibraryStore(path)
    assert not final.is_starred(PAPER.key) and not final.is_read(PAPER.key)
    assert final.tags(PAPER.key) == () and final.note(PAPER.key) == ""


def starred_then_read(path: Path) -> LibraryStore:
    """A library saved twice: once with PAPER starred, then with it also read."""
    lib = LibraryStore(path)
    lib.star(PAPER)
    lib.flush()
    lib.mark_read([PAPER.key])
    lib.flush()
    return lib


def test_every_flush_keeps_a_backup(tmp_path: Path) -> None:
    starred_then_read(tmp_path / "library.json")
    backup = json.loads((tmp_path / "library.json.bak").read_text())
    assert PAPER.key in backup["stars"] and backup["read"] == {}


def test_corrupt_file_is_moved_aside_and_backup_restored(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    starred_then_read(path)
    path.write_text('{"version": 1, "stars": ')  # a hand edit gone wrong
    reopened = LibraryStore(path)
    assert reopened.is_starred(PAPER.key)  # from the backup
    assert len(reopened.problems) == 1
    assert "moved aside" in reopened.problems[0] and "Restored" in reopened.problems[0]
    aside = list(tmp_path.glob("library.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == '{"version": 1, "stars": '
    assert json.loads(path.read_text())["stars"]  # the restored state is on disk again


def test_corrupt_file_without_backup_starts_empty_with_message(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    path.write_text("not json at all")
    lib = LibraryStore(path)
    assert lib.starred_keys() == set()
    assert "No usable backup" in lib.problems[0]
    (aside,) = tmp_path.glob("library.json.corrupt-*")
    assert aside.read_text() == "not json at all"


def test_record_of_the_wrong_shape_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    path.write_text(json.dumps({"version": 1, "tags": {"k": "not-a-list"}}))
    lib = LibraryStore(path)
    assert "not a list of strings" in lib.problems[0]


def test_newer_library_is_refused_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    path.write_text(json.dumps({"version": 99}))
    with pytest.raises(LibraryError, match="newer hubread"):
        LibraryStore(path)
    assert json.loads(path.read_text()) == {"version": 99}


def test_two_processes_merge_instead_of_clobbering(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    first, second = LibraryStore(path), LibraryStore(path)
    first.star(PAPER)
    first.flush()
    second.set_tags("doi:10.1/x", ["bio"])
    second.flush()  # re-reads the file under the lock, so first's star survives
    merged = LibraryStore(path)
    assert merged.is_starred(PAPER.key) and merged.tags("doi:10.1/x") == ("bio",)
    assert first.reload_if_changed()
    assert first.tags("doi:10.1/x") == ("bio",)
    assert not first.reload_if_changed()


def test_failed_save_keeps_changes_queued(tmp_path: Path) -> None:
    # A data "dir" that is really a file fails for every user, root included.
    blocker = tmp_path / "data"
    lib = LibraryStore(blocker / "library.json")
    lib.star(PAPER)
    blocker.write_text("not a directory")
    assert not lib.flush()
    assert lib.write_error and "cannot save" in lib.write_error
    assert lib.dirty and lib.is_starred(PAPER.key)
    assert blocker.read_text() == "not a directory"
    blocker.unlink()
    assert lib.flush() and not lib.dirty
    assert LibraryStore(blocker / "library.json").is_starred(PAPER.key)


def test_unreadable_library_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    with pytest.raises(LibraryError, match="cannot read"):
        LibraryStore(blocker / "library.json")


def test_symlinked_library_keeps_its_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "library.json"
    real.parent.mkdir()
    link = tmp_path / "data" / "library.json"
    link.parent.mkdir()
    first = LibraryStore(real)
    first.set_note(PAPER.key, "v1")
    assert first.flush()
    link.symlink_to(real)
    lib = LibraryStore(link)
    lib.star(PAPER)
    assert lib.flush() and lib.flush()
    assert link.is_symlink()
    assert LibraryStore(real).is_starred(PAPER.key)
    assert (real.parent / "library.json.bak").exists()
    assert sorted(p.name for p in link.parent.iterdir()) == ["library.json"]
