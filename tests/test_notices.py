"""notices.json: messages kept for the reader until acknowledged, bounded, never a crash."""

from __future__ import annotations

from pathlib import Path

from tuireader.storage.notices import MAX_NOTICES, acknowledge, add_notices, pending_notices


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
