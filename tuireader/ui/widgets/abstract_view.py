"""The abstract pane: everything about the highlighted paper, scrollable."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class AbstractView(VerticalScroll):
    """Shows a ``Content`` built by ``render.abstract_content`` (never markup)."""

    def compose(self):
        yield Static(Content("Select a paper to read its abstract."), id="abstract-body")

    def show(self, content: Content) -> None:
        self.query_one("#abstract-body", Static).update(content)
        self.scroll_home(animate=False)
