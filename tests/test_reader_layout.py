"""The reader at 80x24 and on wide terminals: the sources pane, the rows, the measure."""

from __future__ import annotations

from textual.content import Content

from tests.tui import demo_home, open_app, ready
from tuireader.query.list_items import ViewEntry
from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList, source_row


def _rows(widget: PaperList | AbstractView) -> int:
    return widget.scrollable_content_region.height


async def test_80x24_collapses_the_sources_and_keeps_12_rows_and_6_lines() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        sources = app.query_one(SourceList)
        papers = app.query_one(PaperList)
        assert not sources.display  # narrow: the list gets the width
        assert papers.outer_size.width == 80
        assert _rows(papers) >= 12
        assert _rows(app.query_one(AbstractView)) >= 8  # the panes keep only their top edge
        # H shows the pane (and goes there, to pick a view); the rows stay.
        await pilot.press("H")
        await pilot.pause()
        assert sources.display and sources.has_focus
        assert sources.outer_size.width >= 20
        assert _rows(papers) >= 12
        assert _rows(app.query_one(AbstractView)) >= 8  # the panes keep only their top edge
        # H again hides it and gives the focus back to the list.
        await pilot.press("H")
        await pilot.pause()
        assert not sources.display and papers.has_focus
        # The user's choice holds when the terminal grows.
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert not sources.display


async def test_wide_terminals_show_the_sources_and_a_readable_measure() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot)
        assert app.query_one(SourceList).display
        body = app.query_one(AbstractView).query_one("#abstract-body")
        assert app.query_one(AbstractView).size.width > 140
        assert body.size.width <= 100
        # Narrowing the terminal (no H pressed) collapses the pane.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.query_one(SourceList).display


async def test_the_cursor_row_stays_on_screen_after_a_resize() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        await pilot.press("G")  # the last of 18 papers: on screen in a 21-row list
        await pilot.pause()
        assert papers.cursor == 17
        await pilot.resize_terminal(80, 24)
        await ready(pilot)
        top = int(papers.scroll_y)
        assert top <= papers.cursor < top + _rows(papers)
        await pilot.press("g")
        await pilot.resize_terminal(160, 50)
        await ready(pilot)
        assert papers.cursor == 0 and int(papers.scroll_y) == 0


def test_source_rows_fit_their_width_and_cut_the_name_never_the_counts() -> None:
    long = ViewEntry("src:x", "Journal of Very Long Names", 12345, 35000, failing=True)
    for width in (15, 16, 30):  # the pane is never narrower than 15 cells inside
        row = source_row(long, width)
        assert row.cell_length == width
        assert row.plain.endswith(" 12345/35000")
    assert "…" in source_row(long, 16).plain
    wide = ViewEntry("src:y", "日本語のジャーナル名前", 0, 7)  # two cells a character
    row = source_row(wide, 16)
    assert row.cell_length == 16 and row.plain.endswith(" 7") and "…" in row.plain
    assert source_row(ViewEntry("all", "All", 0, 3), 12).plain == "All        3"


async def test_source_rows_are_cut_again_when_the_pane_changes_width() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        sources = app.query_one(SourceList)
        width = sources.scrollable_content_region.width

        def widths() -> set[int]:
            return {
                sources.get_option_at_index(i).prompt.cell_length  # type: ignore[union-attr]
                for i in range(sources.option_count)
            }

        assert widths() == {width}
        await pilot.resize_terminal(100, 30)
        await ready(pilot)
        narrower = sources.scrollable_content_region.width
        assert narrower < width
        assert widths() == {narrower}


async def test_at_80x24_the_abstract_itself_starts_on_the_first_screen() -> None:
    """Title, authors and one line of dates and ids come first; where the paper was seen
    and its links come after the abstract, so its text shows without paging."""
    app = open_app(demo_home())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        view = app.query_one(AbstractView)
        body = view.query_one("#abstract-body")
        paper = app.screen.current_paper()  # type: ignore[attr-defined]
        assert paper is not None and paper.abstract
        rendered = body.render()
        assert isinstance(rendered, Content)
        lines = [line.plain for line in rendered.wrap(body.content_region.width)]
        first_screen = " ".join(lines[: _rows(view)])
        assert paper.abstract.split()[0] in first_screen
        assert "abs: https://" not in first_screen


def test_sources_that_differ_in_their_last_word_stay_apart_when_cut() -> None:
    """At 80x24 "arXiv cs.AI" and "arXiv cs.LG" were both "arXiv cs…"."""
    ai = source_row(ViewEntry("src:a", "arXiv cs.AI", 51, 54), 15).plain
    lg = source_row(ViewEntry("src:l", "arXiv cs.LG", 24, 25), 15).plain
    assert ai.endswith("…cs.AI 51/54") and lg.endswith("cs.LG 24/25") and "…" in ai
    long = source_row(ViewEntry("src:b", "bioRxiv Bioinformatics", 3, 3), 15).plain
    assert long.startswith("bioRxiv B") and long.endswith("… 3/3")


async def test_the_help_moves_with_the_readers_keys_at_80x24() -> None:
    """g/G (and j/k) move in ? as its first rows say they do in every pane."""
    from textual.containers import VerticalScroll

    app = open_app(demo_home())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await ready(pilot)
        pane = app.screen.query_one("#dialog", VerticalScroll)
        assert pane.max_scroll_y > 0  # more keys than lines at 80x24
        await pilot.press("G")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert pane.scroll_y == 0
        await pilot.press("j")
        await pilot.pause()
        assert pane.scroll_y > 0


async def test_the_sources_pane_keeps_its_width_when_it_takes_the_focus() -> None:
    """At 80x24 its right edge stays when focused: its rows were cut again, one cell
    narrower, at every change of focus."""
    app = open_app(demo_home())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("H")
        await pilot.pause()
        sources = app.query_one(SourceList)
        focused = sources.content_region.width
        await pilot.press("tab")
        await pilot.pause()
        assert not sources.has_focus and sources.content_region.width == focused
