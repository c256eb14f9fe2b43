"""The reader's abstract pane: what it shows of a paper, what it says when there is none,
and the auto-read mark once a paper has been shown long enough.

Apart from the screen so that everything the pane shows is put together in one place: the
radar's "why" lines, the abstract, and a saved TL;DR.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from tuireader.ui.empty_view import empty_message
from tuireader.ui.render import abstract_content
from tuireader.ui.screens import brief_actions, query_views, radar_actions, undo_actions
from tuireader.ui.widgets.abstract_view import AbstractView

if TYPE_CHECKING:
    from tuireader.ui.screens.reader import ReaderScreen


def show_paper(screen: ReaderScreen, key: str | None, *, keep_scroll: bool = False) -> None:
    """Show paper ``key`` (None: the empty view's message) and remember it as shown."""
    view = screen.query_one(AbstractView)
    shown = screen.paper_for(key) if key else None
    screen.shown = shown
    if shown is None:
        view.show(
            _empty_message(screen)
            if key is None
            else Content("This paper is no longer in the cache.")
        )
        return
    library = screen.stores.library
    radar = screen.stores.config.radar
    why = radar_actions.why_lines(screen, shown.key)
    content = (
        Content("\n").join([why, Content(""), Content("")]) if why else Content("")
    ) + abstract_content(
        shown,
        sources=screen.host.sources_by_name,
        starred=library.is_starred(shown.key),
        tags=library.tags(shown.key),
        note=library.note(shown.key),
        keywords=radar.keywords,
        radar_authors=radar.authors,
        shown=screen.latex.shown,
        styled=screen.latex.styled,
    )
    view.show(brief_actions.with_tldr(screen, shown.key, content), keep_scroll=keep_scroll)


def _empty_message(screen: ReaderScreen) -> Content:
    if reason := query_views.empty_reason(screen) or query_views.empty_view_reason(screen):
        return reason
    view_id = screen.view_id
    name = view_id[4:] if view_id.startswith("src:") else ""
    return empty_message(
        view_id,
        screen.view_label,
        search=screen.search_query if screen.search_ids is not None else None,
        hidden_read=screen.hidden_read,
        source=screen.host.sources_by_name.get(name),
        state=screen.states.get(name),
        key_for=screen.host.key_for,
    )


def mark_read(screen: ReaderScreen, key: str) -> None:
    """The auto-read delay is up (see ``AutoRead``): mark ``key`` if still shown."""
    shown = screen.shown
    if shown is not None and shown.key == key:
        label = f"marked {undo_actions.quoted(screen.latex.shown(shown.title))} read"
        library = screen.stores.library
        undo_actions.record(screen, label, [("read", key)], lambda: library.mark_read([key]))
        library.mark_opened(key)  # the radar's weak negative, if unstarred
        screen.host.save_library(then=screen.refresh_marks)
