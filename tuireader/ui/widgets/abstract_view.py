"""The abstract pane: everything about the highlighted paper, scrollable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class AbstractView(VerticalScroll):
    """Shows a ``Content`` built by ``render.abstract_content`` (never markup)."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content("Select a paper to read its abstract."), id="abstract-body")

    def show(self, content: Content, *, keep_scroll: bool = False) -> None:
        self.query_one("#abstract-body", Static).update(content)
        if not keep_scroll:
            self.scroll_home(animate=False)
