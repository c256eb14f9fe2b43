"""``c``: what of the paper to copy (its arXiv id, DOI, links, BibTeX, a Markdown link, the
title), each on a number key, or chosen with the arrows and Enter.

The copy goes through the terminal's clipboard (OSC 52, ``App.copy_to_clipboard``) as
``y``'s BibTeX does. Everything copied is cleaned text: no escape sequence from a feed can
ride along into the clipboard (and from there into a shell). An item the paper lacks (no
DOI, no version) is listed dimmed and cannot be chosen. The Markdown link's text is the
title as the reader shows it (LaTeX rendered when it is): ``$\\ell_1$`` escaped for Markdown
would be neither math nor readable; the BibTeX and the "Title" item keep the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tuireader.links import export_url
from tuireader.model import Paper, doi_as_written
from tuireader.sanitize import clean

if TYPE_CHECKING:
    from tuireader.ui.screens.reader import ReaderScreen

PREVIEW = 34  # columns of each item's value in the menu: one line in the 72-column dialog
TOAST_PREVIEW = 60  # characters of what was copied that the toast repeats


@dataclass(frozen=True, slots=True)
class CopyItem:
    """One line of the menu: what it is, and the text copied (None: the paper lacks it)."""

    key: str
    label: str
    text: str | None


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def _as_written(text: str) -> str:
    return text


def copy_items(paper: Paper, shown: Callable[[str], str] = _as_written) -> list[CopyItem]:
    """What ``c`` offers for ``paper``, in menu order, each with its number key; ``shown``
    is how the reader shows a title (``LatexMode.shown``), for the Markdown link."""
    from tuireader.export.bibtex import to_bibtex  # the exporters load on first use
    from tuireader.export.markdown import escape

    arxiv = clean(paper.arxiv_id) if paper.arxiv_id else None
    versioned = f"{arxiv}v{paper.version}" if arxiv and paper.version else None
    doi = doi_as_written(clean(paper.doi)) if paper.doi else None
    abs_url = export_url(paper.abs_url)
    link = abs_url or export_url(paper.link)
    title = _one_line(paper.title)
    link_text = _one_line(shown(paper.title))
    items = [
        ("arXiv id", arxiv),
        ("arXiv id with version", versioned),
        ("DOI", doi),
        ("Abstract URL", abs_url),
        ("PDF URL", export_url(paper.pdf_url)),
        ("BibTeX", clean(to_bibtex([paper]), multiline=True)),
        ("Markdown link", f"[{escape(link_text)}]({link})" if link and link_text else None),
        ("Title", title or None),
    ]
    return [CopyItem(str(n), label, text) for n, (label, text) in enumerate(items, start=1)]


def _preview(text: str, width: int) -> str:
    line = _one_line(text.splitlines()[0] if text else "")
    return line if len(line) <= width else line[: width - 1] + "…"


class CopyMenu(ModalScreen[CopyItem | None]):
    """Dismisses with the item chosen (never a disabled one), or None when cancelled."""

    DEFAULT_CSS = """
    CopyMenu { align: center middle; background: $background 60%; }
    CopyMenu #copy-items { height: auto; max-height: 12; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape,c", "dismiss(None)", "Cancel"),
        *(Binding(str(n), f"choose('{n}')", show=False) for n in range(1, 9)),
    ]

    def __init__(self, title: str, items: list[CopyItem]) -> None:
        super().__init__()
        self.paper_title = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.assemble(("Copy ", "bold"), _preview(self.paper_title, 56)))
            yield OptionList(
                *(
                    Option(
                        Content.assemble(
                            (f"{item.key}  ", "bold"),
                            f"{item.label:<22}",
                            (_preview(item.text, PREVIEW), "dim")
                            if item.text
                            else ("(not known for this paper)", "dim italic"),
                        ),
                        id=item.key,
                        disabled=item.text is None,
                    )
                    for item in self.items
                ),
                id="copy-items",
            )
            yield Static(Content("A number or Enter copies it, Escape cancels."), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        first = next((i for i, item in enumerate(self.items) if item.text is not None), None)
        options.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option.id or "")

    def action_choose(self, key: str) -> None:
        item = next((i for i in self.items if i.key == key), None)
        if item is None:
            return
        if item.text is None:
            self.notify(f"This paper has no {item.label}.", severity="warning", timeout=3)
            return
        self.dismiss(item)


def show_copy_menu(screen: ReaderScreen) -> None:
    """``c``: the menu for the paper under the cursor; the choice goes to the clipboard."""
    if (paper := screen.current_paper()) is None:
        return

    def chosen(item: CopyItem | None) -> None:
        if item is not None and item.text is not None:
            screen.app.copy_to_clipboard(item.text)
            screen.notify(
                f"Copied {item.label}: {_preview(item.text, TOAST_PREVIEW)}",
                timeout=4,
                markup=False,
            )

    menu = CopyMenu(screen.latex.shown(paper.title), copy_items(paper, screen.latex.shown))
    screen.app.push_screen(menu, chosen)
