"""The undo history on a real library.json: several steps, only the fields an action
changed, and nothing another hubread merged in between is overwritten."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from tuireader.config.key_names import current_names, renamed_notice
from tuireader.model import Paper
from tuireader.storage.library import LibraryStore
from tuireader.ui.undo import UndoHistory


def paper(key: str) -> Paper:
    return Paper(key=key, title=f"Title {key}")


def on_disk(path: Path) -> dict:
    return json.loads(path.read_text())


def test_each_step_is_undone_latest_first_and_an_empty_history_says_so(tmp_path: Path) -> None:
    library = LibraryStore(tmp_path / "library.json")
    history = UndoHistory()
    history.record(library, "starred a", [("stars", "a")], lambda: library.star(paper("a")))
    history.record(
        library, "read a b", [("read", "a"), ("read", "b")], lambda: library.mark_read(["a", "b"])
    )
    history.record(library, "tags a", [("tags", "a")], lambda: library.set_tags("a", ["x"]))
    history.record(library, "note a", [("notes", "a")], lambda: library.set_note("a", "hi"))
    history.record(library, "dismiss c", [("dismissed", "c")], lambda: library.dismiss(paper("c")))
    assert len(history) == 5
    labels = []
    while (undone := history.undo(library)) is not None:
        labels.append(undone.step.label)
        assert undone.superseded == 0
    assert labels == ["dismiss c", "note a", "tags a", "read a b", "starred a"]
    assert library.flush()
    data = on_disk(library.path)
    assert all(data[s] == {} for s in ("stars", "read", "tags", "notes", "dismissed"))


def test_an_action_that_changed_nothing_adds_no_step(tmp_path: Path) -> None:
    library = LibraryStore(tmp_path / "library.json")
    library.mark_read(["a"])
    history = UndoHistory()
    history.record(library, "read a", [("read", "a")], lambda: library.mark_read(["a"]))
    assert len(history) == 0
    assert history.undo(library) is None


def test_undo_restores_an_unstar_with_the_papers_copy(tmp_path: Path) -> None:
    library = LibraryStore(tmp_path / "library.json")
    library.star(paper("a"))
    history = UndoHistory()
    history.record(library, "unstarred a", [("stars", "a")], lambda: library.unstar("a"))
    assert not library.is_starred("a")
    history.undo(library)
    assert library.starred_paper("a") == paper("a")


def test_the_history_keeps_its_depth(tmp_path: Path) -> None:
    library = LibraryStore(tmp_path / "library.json")
    history = UndoHistory(depth=3)
    for key in "abcde":
        history.record(library, key, [("read", key)], partial(library.mark_read, [key]))
    labels = [undone.step.label for _ in range(4) if (undone := history.undo(library))]
    assert labels == ["e", "d", "c"]
    assert library.read_keys() == {"a", "b"}


def test_undo_after_another_hubread_merged_keeps_its_changes(tmp_path: Path) -> None:
    """Another process changed other fields (and one of ours) in between: the undo puts
    back only what its own action wrote and still holds, and the file keeps the rest."""
    path = tmp_path / "library.json"
    here, there = LibraryStore(path), LibraryStore(path)
    history = UndoHistory()
    keys = ["a", "b", "c"]
    history.record(here, "read 3", [("read", k) for k in keys], lambda: here.mark_read(keys))
    assert here.flush()
    there.reload_if_changed()
    there.star(paper("a"))  # another field of the same paper
    there.mark_unread("b")  # one of our fields, changed again since
    there.mark_read(["z"])
    assert there.flush()
    assert here.reload_if_changed()
    undone = history.undo(here)
    assert undone is not None
    assert [c.key for c in undone.restored] == ["a", "c"]
    assert undone.superseded == 1
    assert here.flush()
    data = on_disk(path)
    assert set(data["read"]) == {"z"}
    assert set(data["stars"]) == {"a"}


def test_the_old_undo_dismiss_name_still_works_and_is_reported() -> None:
    assert current_names({"undo_dismiss": "u"}) == {"undo": "u"}
    assert current_names({"undo_dismiss": "u", "undo": "U"}) == {"undo": "U"}
    assert "undo_dismiss is now undo" in renamed_notice({"undo_dismiss": "u"})
    assert renamed_notice({"star": "s"}) == ""
