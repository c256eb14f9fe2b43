"""Titles and abstracts with their LaTeX rendered (``α-stable``) or as written
(``$\\alpha$-stable``), switched by a key for the rest of the session.

Rendering is for the screen only: the cache, the library and every export keep the text
as the source gave it. Conversions are cached per string (``latex_text.render_latex``), so
a list scrolled back and forth converts each title once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content, Span

from tuireader.latex_text import render_latex, render_latex_styled
from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from tuireader.ui.screens.reader import ReaderScreen


class LatexMode:
    """Whether the reader shows LaTeX rendered (the default) or as written."""

    def __init__(self) -> None:
        self.rendered = True

    def shown(self, text: str) -> str:
        """``text`` as this mode shows it (plain text either way, never markup)."""
        return render_latex(text) if self.rendered else text

    def styled(self, text: str) -> Content:
        """``text`` as ``shown``, with ``\\emph``/``\\textit`` in italic and ``\\textbf`` in
        bold where rendered: plain Content, never markup."""
        if not self.rendered:
            return Content(text)
        styled = render_latex_styled(text)
        return Content(styled.text, [Span(start, end, style) for start, end, style in styled.spans])

    def label(self) -> Content:
        """The abstract pane's subtitle: which mode, so raw source is never a surprise."""
        return Content("LaTeX rendered" if self.rendered else "LaTeX as written")


def toggle_latex(screen: ReaderScreen) -> None:
    """Switch the mode and redraw the list's rows and the abstract in it."""
    mode = screen.latex
    mode.rendered = not mode.rendered
    screen.query_one(AbstractView).border_subtitle = mode.label()
    screen.query_one(PaperList).refresh_rows()
    screen.show_current(keep_scroll=True)
    screen.notify(
        "LaTeX in titles and abstracts rendered as text"
        if mode.rendered
        else "LaTeX in titles and abstracts shown as written",
        timeout=3,
    )
