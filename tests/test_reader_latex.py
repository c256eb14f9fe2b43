"""The reader shows LaTeX rendered (L: as written), the arXiv fields in the abstract pane,
and the first author in a wide list's rows, with Pilot on the demo papers."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.feedwriter import FakePaper, arxiv_api_atom
from tests.tui import abstract_text, demo_home, filled_home, open_app, press_until, ready
from tuireader.kinds import parse_feed
from tuireader.storage.home import open_stores
from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList

LATEX_KEY = "arxiv:2611.14389"  # the demo's LaTeX-heavy paper
RAW_TITLE = r"$\epsilon$-Safe Diffusion Policies with Guaranteed Constraint Satisfaction"
SHOWN_TITLE = "ϵ-Safe Diffusion Policies with Guaranteed Constraint Satisfaction"


def _row(papers: PaperList, key: str) -> str:
    """The row of paper ``key`` as the list draws it on screen."""
    index = next(i for i, item in enumerate(papers.items) if item.key == key)
    y = index - int(papers.scroll_y)
    return "".join(segment.text for segment in papers.render_line(y))


async def test_l_toggles_latex_in_the_list_and_the_abstract() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        await press_until(
            pilot, "j", lambda: papers.current is not None and papers.current.key == LATEX_KEY,
            "the LaTeX paper under the cursor",
        )  # fmt: skip
        await pilot.pause()
        pane = app.query_one(AbstractView)
        assert SHOWN_TITLE in _row(papers, LATEX_KEY)
        assert SHOWN_TITLE in abstract_text(app)
        assert "𝒪(n log n)" in abstract_text(app) and "\\mathcal" not in abstract_text(app)
        assert str(pane.border_subtitle) == "LaTeX rendered"
        rows = {description: keys for keys, description in app.help_rows()}
        assert rows["LaTeX rendered/as written"] == "L"

        await pilot.press("L")
        await pilot.pause()
        assert RAW_TITLE in _row(papers, LATEX_KEY)
        assert RAW_TITLE in abstract_text(app)
        assert r"$\mathcal{O}(n\log n)$" in abstract_text(app)
        assert str(pane.border_subtitle) == "LaTeX as written"

        # Remembered while the reader runs: another paper and back is still as written.
        await pilot.press("k", "j")
        await pilot.pause()
        assert RAW_TITLE in abstract_text(app)

        await pilot.press("L")
        await pilot.pause()
        assert SHOWN_TITLE in _row(papers, LATEX_KEY)
        assert str(pane.border_subtitle) == "LaTeX rendered"
        # Only the screen changes: the cache keeps the source's text.
        cached = app.stores.cache.paper(LATEX_KEY)
        assert cached is not None and cached.title == RAW_TITLE
        assert r"\href{https://example.org/safe-diffusion}" in cached.abstract


async def test_the_latex_key_is_listed_in_help_and_can_be_remapped() -> None:
    app = open_app(demo_home(extra='\n[keys]\ntoggle_latex = "ctrl+l"\n'))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        rows = {description: keys for keys, description in app.help_rows()}
        assert rows["LaTeX rendered/as written"] == "^l"  # as Textual names ctrl+l
        pane = app.query_one(AbstractView)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert str(pane.border_subtitle) == "LaTeX as written"


async def test_first_author_shows_in_wide_rows_only() -> None:
    for size, shown in (((160, 50), True), ((80, 24), False)):
        app = open_app(demo_home())
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            papers = app.query_one(PaperList)
            first = papers.items[0]
            row = _row(papers, first.key)
            surname = first.first_author.split()[-1]
            expected = f"{surname} et al." if first.author_count > 1 else surname
            assert (expected in row) is shown, (size, row)
            # The title keeps the row's start; the author is at its end.
            if shown:
                assert row.rstrip().endswith(expected)


async def test_the_pane_shows_arxiv_comments_from_the_api(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    fake = FakePaper(
        "2611.20001",
        r"$\alpha$-Stable Attention in $\mathcal{O}(n\log n)$",
        ["Zsófia Erdős", "Tomáš Novák"],
        "We study stable kernels.",
        ["cs.LG"],
        version=3,
        date="2026-11-30",
        submitted="2026-09-02",
        comment="12 pages; accepted at NeurIPS 2026",
        journal_ref="J. Invented Learn. 7, 42 (2026)",
    )
    stores = open_stores(paths)
    body = arxiv_api_atom([fake], "all:stable").encode()
    stores.cache.store_papers("arXiv cs.LG", list(parse_feed("arxiv-query", body, "arXiv cs.LG")))
    stores.close()
    app = open_app(paths, demo=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        key = "arxiv:2611.20001"
        await press_until(
            pilot, "j", lambda: papers.current is not None and papers.current.key == key,
            "the API paper under the cursor",
        )  # fmt: skip
        await pilot.pause()
        text = abstract_text(app)
        assert "α-Stable Attention in 𝒪(n log n)" in text
        assert "v3, 2026-11-30; first submitted 2026-09-02" in text
        assert "versions: arxiv.org/abs/2611.20001" in text
        assert "comments: 12 pages; accepted at NeurIPS 2026" in text
        assert "journal-ref: J. Invented Learn. 7, 42 (2026)" in text
        assert "Erdős et al." in _row(papers, key)
