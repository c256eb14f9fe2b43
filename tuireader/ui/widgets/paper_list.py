"""The paper list: one line per paper of the current view."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tuireader.model import Paper
from tuireader.store.config import SourceConfig
from tuireader.store.library import LibraryStore
from tuireader.ui.render import paper_row


class PaperList(OptionList):
    """Papers of the selected source; the highlighted one is shown in the abstract view."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.papers: list[Paper] = []

    def show_papers(self, papers: list[Paper], library: LibraryStore,
                    sources: dict[str, SourceConfig]) -> None:
        """Replace the rows, keeping the highlighted paper when it is still listed."""
        current = self.current_paper.key if self.current_paper else None
        self.papers = papers
        self.clear_options()
        self.add_options(
            Option(paper_row(p, read=library.is_read(p.key), starred=library.is_starred(p.key),
                             sources=sources), id=p.key)
            for p in papers
        )
        keys = [p.key for p in papers]
        if papers:
            self.highlighted = keys.index(current) if current in keys else 0

    @property
    def current_paper(self) -> Paper | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.papers):
            return None
        return self.papers[index]
