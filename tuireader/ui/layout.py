"""How the reader fits its terminal: the sources pane gives way on narrow terminals.

At 80 columns a 20-column sources pane leaves the paper list too little room for a title, so
below ``NARROW`` columns the pane starts collapsed; ``H`` shows or hides it, and once the
user has chosen, resizing the terminal no longer changes it. The list's border title names
the current view, so nothing is lost while the pane is hidden. Heights are CSS (app.tcss):
the list keeps at least 12 rows and the abstract the rest; below ``SHORT`` lines the panes
keep only their top border, so at 80x24 the abstract has 8 lines, not 6.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget

NARROW = 100  # columns: below this the sources pane starts collapsed
SHORT = 30  # lines: below this the panes keep only their top border (app.tcss, "-short")


def fit_height(screen: Screen[Any], height: int) -> None:
    """On a short terminal (80x24) the panes' side and bottom borders go: two more lines of
    abstract, while each pane keeps its title on its top edge."""
    screen.set_class(height < SHORT, "-short")


class SourcesPane:
    """Shows or hides ``screen``'s sources pane (``pane``); focus moves to ``fallback``
    when the pane it was in is hidden, and to the pane when the user opens it."""

    def __init__(self, screen: Screen[Any], pane: str, fallback: str) -> None:
        self.screen = screen
        self.pane = pane
        self.fallback = fallback
        self.chosen: bool | None = None  # the user's H, which wins over the width

    @property
    def shown(self) -> bool:
        return bool(self._pane().display)

    def fit(self, width: int) -> None:
        """The terminal is ``width`` columns wide: collapse or show, unless the user chose."""
        if self.chosen is None:
            self._show(width >= NARROW)

    def toggle(self) -> None:
        """``H``: the other state, kept from now on; opening it puts the focus there."""
        self.chosen = not self.shown
        self._show(self.chosen)
        if self.chosen:
            self.screen.set_focus(self._pane())

    def _show(self, shown: bool) -> None:
        pane = self._pane()
        if bool(pane.display) == shown:
            return
        if not shown and pane.has_focus:
            self.screen.set_focus(self.screen.query_one(self.fallback))
        pane.display = shown

    def _pane(self) -> Widget:
        return self.screen.query_one(self.pane)
