"""library.json under hostile conditions: deleted while open, written by a newer hubread,
a write that fails while another window's changes are on disk, a torn file met without
the file lock."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.tui import filled_home
from tuireader.model import Paper
from tuireader.storage.home import open_stores
from tuireader.storage.library import LibraryStore


def paper(n: int) -> Paper:
    return Paper(key=f"arxiv:2611.0000{n}", title=f"Paper {n}", sources=("s",))


def stored_stars(path: Path) -> set[str]:
    return set(json.loads(path.read_text("utf-8"))["stars"])


def test_a_deleted_library_is_written_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    lib = LibraryStore(path)
    lib.star(paper(1))
    lib.set_note(paper(1).key, "keep me")
    assert lib.flush()
    path.unlink()
    backup = path.with_name("library.json.bak")
    backup.unlink(missing_ok=True)  # not even a backup left
    lib.star(paper(2))
    assert lib.flush()
    assert stored_stars(path) == {paper(1).key, paper(2).key}
    assert LibraryStore(path).note(paper(1).key) == "keep me"
    (problem,) = lib.problems
    assert "had disappeared" in problem


def test_a_library_deleted_then_reloaded_keeps_what_we_held(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    lib = LibraryStore(path)
    lib.star(paper(1))
    assert lib.flush()
    path.unlink()
    lib.reload_if_changed()
    assert lib.is_starred(paper(1).key)
    lib.mark_read(["x:1"])
    assert lib.flush()
    assert stored_stars(path) == {paper(1).key}
    assert len(lib.problems) == 1


def test_a_newer_hubreads_file_is_never_overwritten_and_said_once(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    lib = LibraryStore(path)
    lib.star(paper(1))
    assert lib.flush()
    newer = json.dumps({"version": 2, "stars": {}, "future": True})
    path.write_text(newer, "utf-8")
    assert lib.reload_if_changed() is False  # no exception
    lib.star(paper(2))
    assert lib.flush() is False and lib.flush() is False
    assert lib.write_error and "newer hubread" in lib.write_error
    assert lib.dirty and lib.is_starred(paper(2).key)  # kept, queued
    assert path.read_text("utf-8") == newer
    assert lib.reload_if_changed() is False
    assert len([p for p in lib.problems if "newer hubread" in p]) == 1


def test_closing_stores_over_a_newer_library_does_not_raise(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    stores = open_stores(paths)
    stores.library.star(paper(1))
    assert stores.library.flush()
    paths.library_file.write_text('{"version": 2}', "utf-8")
    stores.library.star(paper(2))
    stores.close()  # what q and SIGTERM end with
    assert paths.library_file.read_text("utf-8") == '{"version": 2}'
    assert any("newer hubread" in n.message for n in stores.take_problems())


def test_a_failed_flush_still_shows_the_other_windows_changes(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    mine, theirs = LibraryStore(path), LibraryStore(path)
    mine.star(paper(1))
    assert mine.flush()
    theirs.reload_if_changed()
    theirs.star(paper(2))
    assert theirs.flush()
    backup = path.with_name("library.json.bak")
    backup.unlink()
    (backup / "blocked").mkdir(parents=True)  # keeping the backup fails: a real OSError
    mine.mark_read(["x:1"])
    assert mine.flush() is False
    assert mine.is_starred(paper(2).key)  # the other window's star, read by that flush
    assert mine.reload_if_changed() is False  # and it is what the file holds
    (backup / "blocked").rmdir()
    backup.rmdir()
    assert mine.flush()
    assert stored_stars(path) == {paper(1).key, paper(2).key}


def test_the_file_stamp_tells_a_rename_of_the_same_size_and_time(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    lib = LibraryStore(path)
    lib.star(paper(1))
    assert lib.flush()
    before = path.stat()
    text = path.read_text("utf-8").replace(paper(1).key, paper(2).key)
    replacement = tmp_path / "new.json"
    replacement.write_text(text, "utf-8")
    assert replacement.stat().st_size == before.st_size
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)  # how every writer saves: a new inode
    assert lib.reload_if_changed() is True
    assert lib.is_starred(paper(2).key) and not lib.is_starred(paper(1).key)


def test_a_torn_file_is_quarantined_only_under_the_file_lock(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    lib = LibraryStore(path)
    lib.star(paper(1))
    assert lib.flush()
    lib.mark_read(["x:1"])
    assert lib.flush()  # library.json.bak now holds the star
    path.write_text('{"version": 1, "stars": {', "utf-8")  # torn
    lock = path.with_name("library.json.lock")
    lock.unlink()
    lock.mkdir()  # the lock cannot be taken: nothing may be moved
    assert lib.reload_if_changed() is False
    assert path.read_text("utf-8").endswith("{")
    assert not list(tmp_path.glob("library.json.corrupt-*"))
    lock.rmdir()
    assert lib.reload_if_changed() is True  # now under the lock: moved aside, backup used
    assert list(tmp_path.glob("library.json.corrupt-*"))
    assert lib.is_starred(paper(1).key)
