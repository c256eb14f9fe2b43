"""Counted nouns read right: one paper, two papers, no papers."""

from __future__ import annotations

from tuireader.wording import plural


def test_one_is_singular_and_everything_else_plural() -> None:
    assert plural(1, "paper") == "1 paper"
    assert plural(6, "paper") == "6 papers"
    assert plural(0, "new paper") == "0 new papers"
    assert plural(2, "entry", "entries") == "2 entries"
