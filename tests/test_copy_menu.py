"""``c``: the copy menu, item by item, through the clipboard (OSC 52) as ``y`` copies."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tests.tui import filled_home, open_app, ready, record_notices
from tuireader.export.bibtex import to_bibtex
from tuireader.export.markdown import escape
from tuireader.model import Paper
from tuireader.storage.home import open_stores
from tuireader.ui.app import HubreadApp
from tuireader.ui.screens.copy_menu import CopyMenu, copy_items

SIZE = (120, 36)
PAPER = Paper(
    key="arxiv:2601.00001",
    title="Notes on the [Analytical] Engine",
    authors=("Ada Lovelace",),
    arxiv_id="2601.00001",
    version=2,
    doi="10.1234/Engine.5",
    published=datetime(2026, 1, 5, tzinfo=UTC),
    abs_url="https://arxiv.org/abs/2601.00001v2",
    pdf_url="https://arxiv.org/pdf/2601.00001v2",
)


def _app(tmp_path: Path, *papers: Paper) -> HubreadApp:
    paths = filled_home(tmp_path)
    stores = open_stores(paths)
    stores.cache.store_papers("arXiv cs.AI", list(papers))
    stores.close()
    return open_app(paths, demo=False)


async def _menu(pilot: Pilot[Any], key: str) -> CopyMenu:
    await ready(pilot)
    pilot.app.reader.jump_to_paper(key)
    await pilot.press("c")
    assert isinstance(pilot.app.screen, CopyMenu)
    return pilot.app.screen


async def test_each_number_copies_its_item_and_says_what(tmp_path: Path) -> None:
    app = _app(tmp_path, PAPER)
    notices = record_notices(app)
    expected = {
        "1": ("arXiv id", "2601.00001"),
        "2": ("arXiv id with version", "2601.00001v2"),
        "3": ("DOI", "10.1234/Engine.5"),
        "4": ("Abstract URL", "https://arxiv.org/abs/2601.00001v2"),
        "5": ("PDF URL", "https://arxiv.org/pdf/2601.00001v2"),
        "6": ("BibTeX", to_bibtex([PAPER])),
        "7": (
            "Markdown link",
            r"[Notes on the \[Analytical\] Engine](https://arxiv.org/abs/2601.00001v2)",
        ),
        "8": ("Title", "Notes on the [Analytical] Engine"),
    }
    async with app.run_test(size=SIZE) as pilot:
        for number, (label, text) in expected.items():
            await _menu(pilot, PAPER.key)
            await pilot.press(number)
            assert not isinstance(app.screen, CopyMenu)
            assert app.clipboard == text, label
            first_line = text.splitlines()[0]
            assert notices[-1].startswith(f"Copied {label}: {first_line[:40]}")
        assert notices[-6] == "Copied DOI: 10.1234/Engine.5"
        assert app.clipboard.startswith("Notes")


async def test_arrows_and_enter_copy_and_escape_copies_nothing(tmp_path: Path) -> None:
    app = _app(tmp_path, PAPER)
    async with app.run_test(size=SIZE) as pilot:
        await _menu(pilot, PAPER.key)
        assert app.screen.query_one(OptionList).highlighted == 0
        await pilot.press("down", "down", "enter")  # the third: the DOI
        assert app.clipboard == "10.1234/Engine.5"
        await _menu(pilot, PAPER.key)
        await pilot.press("escape")
        assert not isinstance(app.screen, CopyMenu)
        assert app.clipboard == "10.1234/Engine.5"


async def test_what_the_paper_lacks_is_dimmed_and_cannot_be_copied(tmp_path: Path) -> None:
    journal = Paper(
        key="doi:10.5555/x",
        title="A journal paper",
        published=datetime(2026, 1, 6, tzinfo=UTC),
        pdf_url="javascript:alert(1)",  # not a link anyone should paste
    )
    app = _app(tmp_path, journal)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        menu = await _menu(pilot, journal.key)
        options = menu.query_one(OptionList)
        disabled = [options.get_option_at_index(i).disabled for i in range(options.option_count)]
        # No arXiv id, version, DOI, abstract URL, safe PDF URL or link for Markdown.
        assert disabled == [True, True, True, True, True, False, True, False]
        assert options.highlighted == 5  # the first item there is: BibTeX
        before = app.clipboard
        await pilot.press("3")
        assert isinstance(app.screen, CopyMenu)  # still open: nothing to copy
        assert "This paper has no DOI." in notices
        assert app.clipboard == before
        await pilot.press("8")
        assert app.clipboard == "A journal paper"


async def test_hostile_text_reaches_the_clipboard_cleaned(tmp_path: Path) -> None:
    hostile = dataclasses.replace(
        PAPER,
        title="Owned\x1b]52;c;ZXZpbA==\x07 title\u202e\nline",
        abs_url='https://example.org/a b"<x>',
    )
    app = _app(tmp_path, hostile)
    async with app.run_test(size=SIZE) as pilot:
        await _menu(pilot, hostile.key)
        await pilot.press("8")
        assert app.clipboard == "Owned title line"
        await _menu(pilot, hostile.key)
        await pilot.press("4")
        assert app.clipboard == "https://example.org/a%20b%22%3Cx%3E"
        await _menu(pilot, hostile.key)
        await pilot.press("7")
        assert app.clipboard == "[Owned title line](https://example.org/a%20b%22%3Cx%3E)"
    for item in copy_items(hostile):
        assert item.text is None or ("\x1b" not in item.text and "\u202e" not in item.text)


async def test_markdown_link_uses_the_title_as_the_reader_shows_it(tmp_path: Path) -> None:
    latex = dataclasses.replace(
        PAPER, title=r"Sharp bounds for $\ell_1$-regularized \textsc{Lasso} with $p \gg n$"
    )
    app = _app(tmp_path, latex)
    async with app.run_test(size=SIZE) as pilot:
        menu = await _menu(pilot, latex.key)
        assert "ℓ₁-regularized" in str(menu.query_one(Static).render())
        await pilot.press("7")
        link = "(https://arxiv.org/abs/2601.00001v2)"
        assert app.clipboard == "[Sharp bounds for ℓ₁-regularized Lasso with p ≫ n]" + link
        await _menu(pilot, latex.key)
        await pilot.press("8")  # the Title item, like the BibTeX, keeps the source
        assert app.clipboard == latex.title
        await pilot.press("L")  # LaTeX as written: the link text is the source, escaped
        await _menu(pilot, latex.key)
        await pilot.press("7")
        assert app.clipboard == f"[{escape(latex.title)}]" + link
        assert r"\_" in app.clipboard  # Markdown's escaping is kept
