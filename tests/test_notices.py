"""notices.json: messages kept for the reader until acknowledged, bounded, never a crash."""

from __future__ import annotations

from pathlib import Path

from tests.tui import filled_home, open_app, ready
from tuireader.storage.home import open_stores
from tuireader.storage.notices import MAX_NOTICES, acknowledge, add_notices, pending_notices
from tuireader.ui.screens.notices import NoticeScreen


def test_notices_are_kept_until_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "notices.json"
    first = add_notices(path, ["library.json was moved aside"])
    second = add_notices(path, ["cache.sqlite3 was damaged"])
    assert [n.message for n in pending_notices(path)] == [
        "library.json was moved aside",
        "cache.sqlite3 was damaged",
    ]
    acknowledge(path, {first[0].id})  # one added meanwhile stays
    assert pending_notices(path) == second
    acknowledge(path, {second[0].id})
    assert pending_notices(path) == [] and not path.exists()


def test_notices_are_bounded_and_a_broken_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "notices.json"
    for i in range(MAX_NOTICES + 5):
        add_notices(path, [f"message {i}"])
    kept = pending_notices(path)
    assert len(kept) == MAX_NOTICES and kept[-1].message == f"message {MAX_NOTICES + 4}"
    path.write_text("[" * 5000)
    (broken,) = pending_notices(path)
    assert "unreadable" in broken.message
    add_notices(path, ["new"])
    assert [n.message for n in pending_notices(path)][-1] == "new"


class _GrowsWhileRead(list[str]):
    """A problems list another thread appends to while ``take_problems`` slices it."""

    def __getitem__(self, index):  # type: ignore[no-untyped-def,override]
        taken = super().__getitem__(index)
        if isinstance(index, slice) and "late" not in self:
            self.append("late")
        return taken


def test_a_problem_added_while_taking_is_taken_next_time(tmp_path: Path) -> None:
    stores = open_stores(filled_home(tmp_path))
    stores.library.problems = _GrowsWhileRead(["early"])
    assert [n.message for n in stores.take_problems()] == ["early"]
    assert [n.message for n in stores.take_problems()] == ["late"]
    assert stores.take_problems() == []
    stores.close()


async def test_later_notices_show_only_the_new_ones(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    add_notices(paths.notices_file, ["from a cron job"])
    app = open_app(paths, demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        first = app.screen
        assert isinstance(first, NoticeScreen)
        assert [n.message for n in first.notices] == ["from a cron job"]
        app.stores.library.problems.append("found later")
        app.show_notices(at_start=False)  # the sync tick's call
        await ready(pilot)
        later = app.screen
        assert isinstance(later, NoticeScreen) and later is not first
        assert [n.message for n in later.notices] == ["found later"]
