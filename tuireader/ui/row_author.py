"""The first author ("Marchetti et al.") at the end of a paper list row, where the list is
wide enough: arXiv readers scan by who wrote a paper as much as by its title.

At 80 columns the title needs every cell, so narrower lists show no author at all; a wide
list cuts the title to leave the author a column of its own at the row's right edge.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from tuireader.names import parse_person
from tuireader.sanitize import clean
from tuireader.storage.list_rows import ListItem

AUTHOR_LIST_WIDTH = 100  # the narrowest list (in columns) that shows the first author
AUTHOR_CELLS = 24  # at most this many columns for "Surname et al."


def first_author_label(item: ListItem, shown: Callable[[str], str] = str) -> str:
    """``Marchetti`` (the only author) or ``Marchetti et al.``; '' without authors."""
    name = clean(shown(item.first_author)).strip()
    if not name:
        return ""
    person = parse_person(name)
    surname = person.full_family or person.literal or name
    label = f"{surname} et al." if item.author_count > 1 else surname
    return label if len(label) <= AUTHOR_CELLS else label[: AUTHOR_CELLS - 1] + "…"


def with_first_author(
    row: Content, item: ListItem, width: int, shown: Callable[[str], str] = str
) -> Content:
    """``row`` with the first author right-aligned in a list ``width`` columns wide."""
    if width < AUTHOR_LIST_WIDTH:
        return row
    label = first_author_label(item, shown)
    if not label:
        return row
    author = Content(label)
    room = width - author.cell_length - 2
    return Content.assemble(
        row.truncate(room, ellipsis=True, pad=True), ("  ", ""), author.stylize("$text-muted")
    )
