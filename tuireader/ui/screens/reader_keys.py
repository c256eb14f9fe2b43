"""The reader screen's keys: one row per action, in the order ``?`` lists them.

A table of its own so that the keys read as one list (the help, the command palette and the
``[keys]`` remapping all come from it): every binding has an ``id`` that ``[keys]`` names,
and only the few shown in the footer say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from tuireader.ui.key_conflicts import TEXT_FIELDS

if TYPE_CHECKING:
    from textual.widget import Widget

OPENS_A_FIELD = frozenset(("tags", "search", "note"))
LLM_ACTIONS = frozenset(("brief", "open_brief", "tldr"))  # absent without an [llm] table


def allowed(action: str, focused: Widget | None, *, llm: bool) -> bool:
    """Not while typing: in a text field, the keys that open one are text.
    No LLM keys without [llm]."""
    if action in LLM_ACTIONS:
        return llm
    if action in OPENS_A_FIELD:
        return focused is None or not any(
            cls.__name__ in TEXT_FIELDS for cls in type(focused).__mro__
        )
    return True


def _key(
    keys: str,
    action: str,
    description: str,
    id: str | None,
    *,
    show: bool = False,
    priority: bool = False,
) -> Binding:
    """A reader binding: hidden from the footer unless ``show``."""
    return Binding(keys, action, description, id=id, show=show, priority=priority)


READER_BINDINGS: list[BindingType] = [
    _key("tab,l", "app.focus_next", "Next pane", "next_pane"),
    _key("shift+tab,h", "app.focus_previous", "Previous pane", "prev_pane"),
    _key("s", "star", "Star", "star", show=True),
    _key("m", "toggle_read", "Read", "toggle_read", show=True),
    _key("A", "mark_all_read", "All read", "mark_all_read"),
    _key("u", "unread_only", "Unread only", "unread_only"),
    _key("o", "open_abstract", "Open", "open_abstract"),
    _key("p", "open_pdf", "PDF", "open_pdf"),
    _key("y", "copy_bibtex", "Copy BibTeX", "copy_bibtex"),
    _key("c", "copy_menu", "Copy id, DOI, link…", "copy_menu"),
    _key("P", "save_pdf", "Save the PDF", "save_pdf"),
    _key("e", "export_view", "Export", "export"),
    _key("z", "zotero_paper", "Save to Zotero", "zotero"),
    _key("Z", "zotero_view", "Save the view to Zotero", "zotero_view"),
    _key("r", "refresh_source", "Refresh this view", "refresh_source"),
    _key("S", "cycle_sort", "Sort", "sort"),
    _key("x", "not_interested", "Not interested", "dismiss"),
    _key("ctrl+z,U", "undo", "Undo the last mark", "undo"),
    _key("right_square_bracket", "next_unread", "Next unread", "next_unread"),
    _key("left_square_bracket", "prev_unread", "Previous unread", "prev_unread"),
    _key("space", "page_abstract", "Page the abstract, then next unread", "page_abstract"),
    _key("shift+space,minus", "page_abstract_back", "Page the abstract back", "page_abstract_back"),
    _key("w", "why", "Why? (radar)", "why"),
    _key("H", "toggle_sources", "Sources", "toggle_sources", show=True),
    _key("L", "toggle_latex", "LaTeX rendered/as written", "toggle_latex"),
    _key("escape", "clear_search", "Clear search", None),
    _key("b", "brief", "Brief", "brief", show=True),
    _key("ctrl+b", "open_brief", "Saved brief", "open_brief"),
    _key("B", "tldr", "TL;DR", "tldr"),
    # These open a text field; the keys typed right after them go into it (typed_ahead.py).
    _key("t", "tags", "Tags", "tags", show=True),
    _key("slash", "search", "Search", "search", show=True),
    _key("n", "note", "Note", "note"),
    _key("f", "announce_filter", "Announce type: all/new/cross/replace", "announce_filter"),
    _key("ctrl+t", "search_scope", "Search all / this view", "search_scope"),
]
