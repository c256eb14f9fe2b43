"""Every title on screen goes through the reader's LaTeX rendering (L: as written), not only
the list and the abstract: undo and "not interested" toasts, the tags and copy dialogs, the
Brief screen's papers and the radar's nearest starred papers."""

from __future__ import annotations

from datetime import date

from textual.widgets import OptionList, Static

from tests.test_reader_latex import LATEX_KEY, RAW_TITLE, SHOWN_TITLE
from tests.tui import demo_home, open_app, press_until, ready, record_notices, until
from tuireader.briefing.saved import BriefPaper, SavedBrief, save_brief
from tuireader.radar.ranking import Ranked, Why
from tuireader.ui.app import HubreadApp
from tuireader.ui.latex_toggle import LatexMode
from tuireader.ui.radar_render import why_content
from tuireader.ui.screens.brief import BriefScreen
from tuireader.ui.screens.copy_menu import CopyMenu
from tuireader.ui.screens.tags import TagEditor
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (160, 50)
SHOWN_START = SHOWN_TITLE[:30]  # toasts cut long titles
RAW_START = RAW_TITLE[:30]


async def _on_the_latex_paper(pilot, app: HubreadApp) -> None:  # type: ignore[no-untyped-def]
    papers = app.query_one(PaperList)
    await press_until(
        pilot, "j", lambda: papers.current is not None and papers.current.key == LATEX_KEY,
        "the LaTeX paper under the cursor",
    )  # fmt: skip


def _dialog_text(app: HubreadApp) -> str:
    return " ".join(str(static.render()) for static in app.screen.query(Static))


async def test_undo_and_dismiss_toasts_show_the_title_as_the_list_does() -> None:
    app = open_app(demo_home())
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await _on_the_latex_paper(pilot, app)
        await pilot.press("m", "U")
        await ready(pilot)
        undone = [n for n in notices if n.startswith("Undone: marked")]
        assert undone and SHOWN_START in undone[-1] and "\\epsilon" not in undone[-1]

        await pilot.press("x")
        await ready(pilot)
        assert any(n.startswith(f"Not interested: {SHOWN_TITLE}") for n in notices)
        await pilot.press("U")
        await ready(pilot)

        await pilot.press("L", "m", "U")  # as written: the toasts say it as written too
        await ready(pilot)
        undone = [n for n in notices if n.startswith("Undone: marked")]
        assert RAW_START in undone[-1]


async def test_tags_and_copy_dialogs_name_the_paper_as_shown_and_copy_it_as_written() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await _on_the_latex_paper(pilot, app)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagEditor), "the tags dialog")
        assert SHOWN_TITLE in _dialog_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TagEditor), "the dialog closed")

        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CopyMenu), "the copy menu")
        menu = app.screen
        assert isinstance(menu, CopyMenu)
        assert SHOWN_START in _dialog_text(app)
        title = next(item for item in menu.items if item.label == "Title")
        assert title.text == RAW_TITLE  # the clipboard gets the title as the source gave it


async def test_the_brief_screen_lists_its_papers_as_the_reader_shows_them() -> None:
    paths = demo_home(extra='\n[llm]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "tiny"\n')
    brief = SavedBrief(
        day=date(2026, 11, 20),
        model="tiny",
        server="127.0.0.1",
        papers=(BriefPaper(1, LATEX_KEY, RAW_TITLE),),
        body="A safe policy [1].",
        coverage="1 paper",
    )
    save_brief(paths.data_dir, brief)
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+b")
        await until(pilot, lambda: isinstance(app.screen, BriefScreen), "the Brief screen")
        listed = app.screen.query_one("#brief-papers", OptionList)
        await until(pilot, lambda: listed.option_count == 1, "the brief's papers listed")
        assert str(listed.get_option_at_index(0).prompt) == f"[1] {SHOWN_TITLE}"


def test_the_radars_nearest_starred_papers_follow_the_latex_mode() -> None:
    why = Why(
        ranked=Ranked(LATEX_KEY, 0.8, ()),
        nearest=((LATEX_KEY, RAW_TITLE, 0.91),),
        up=(),
        down=(),
        model="your stars",
        similar=((LATEX_KEY, RAW_TITLE, 0.88),),
    )
    mode = LatexMode()
    shown = why_content(why, None, 0.5, shown=mode.shown).plain
    assert shown.count(SHOWN_TITLE) == 2 and "\\epsilon" not in shown
    mode.rendered = False
    assert why_content(why, None, 0.5, shown=mode.shown).plain.count(RAW_TITLE) == 2
