"""The three-pane TUI, driven with Pilot on the bundled demo feeds."""

from __future__ import annotations

import pytest

from tuireader.demo import make_demo_home
from tuireader.paths import AppPaths
from tuireader.stores import open_stores
from tuireader.ui.app import HubreadApp
from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList


@pytest.fixture
def demo_app(isolated_home: AppPaths) -> HubreadApp:
    return HubreadApp(open_stores(make_demo_home(), demo=True))


def _record_notices(app: HubreadApp) -> list[str]:
    """Collect what the app tells the user through its public ``notify``."""
    notices: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        notices.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return notices


def _abstract_text(app: HubreadApp) -> str:
    body = app.query_one(AbstractView).query_one("#abstract-body")
    return str(body.render())


async def test_demo_fills_all_three_panes(demo_app: HubreadApp,
                                          isolated_home: AppPaths) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        sources = pilot.app.query_one(SourceList)
        papers = pilot.app.query_one(PaperList)
        assert [sources.get_option_at_index(i).id for i in range(3)] == [
            "all", "unread", "starred"]
        assert sources.option_count == 3 + 5  # All/Unread/Starred + five demo sources
        assert len(papers.papers) == 18
        assert papers.current_paper is not None
        assert papers.current_paper.title in _abstract_text(pilot.app)
    # The demo never touches the user's own config or data.
    assert not isolated_home.config_file.exists()
    assert not isolated_home.data_dir.exists()


async def test_j_k_arrows_move_and_update_the_abstract(demo_app: HubreadApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        papers = pilot.app.query_one(PaperList)
        assert papers.has_focus
        await pilot.press("j", "j")
        assert papers.highlighted == 2
        assert papers.papers[2].title in _abstract_text(pilot.app)
        await pilot.press("k")
        assert papers.highlighted == 1
        await pilot.press("down", "down", "up")
        assert papers.highlighted == 2


async def test_tab_cycles_panes_and_source_filters_papers(demo_app: HubreadApp) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("tab")
        assert pilot.app.query_one(AbstractView).has_focus
        await pilot.press("tab")
        sources = pilot.app.query_one(SourceList)
        assert sources.has_focus
        await pilot.press("shift+tab")
        assert pilot.app.query_one(AbstractView).has_focus
        await pilot.press("tab")
        await pilot.press("j", "j", "j")  # All, Unread, Starred, -> arXiv cs.AI
        assert sources.highlighted_option.id == "src:arXiv cs.AI"
        papers = pilot.app.query_one(PaperList)
        assert len(papers.papers) == 6
        assert all("arXiv cs.AI" in p.sources for p in papers.papers)
        await pilot.press("enter")
        assert papers.has_focus
        await pilot.press("enter")
        assert pilot.app.query_one(AbstractView).has_focus


async def test_q_quits_with_status_zero(demo_app: HubreadApp) -> None:
    async with demo_app.run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("q")
    assert demo_app.return_value == 0


async def test_unknown_theme_falls_back_with_a_notice(isolated_home: AppPaths) -> None:
    isolated_home.config_file.parent.mkdir(parents=True)
    isolated_home.config_file.write_text('[ui]\ntheme = "no-such-theme"\n')
    app = HubreadApp(open_stores(isolated_home))
    notices = _record_notices(app)
    async with app.run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        assert pilot.app.theme == "hubread-dark"
        assert any("no-such-theme" in n for n in notices)


async def test_shipped_and_user_themes_are_registered(isolated_home: AppPaths) -> None:
    user_themes = isolated_home.user_themes_dir
    user_themes.mkdir(parents=True)
    (user_themes / "mine.toml").write_text('name = "mine"\nprimary = "#112233"\n')
    (user_themes / "broken.toml").write_text('name = "broken"\n')
    isolated_home.config_file.write_text('[ui]\ntheme = "mine"\n')
    app = HubreadApp(open_stores(isolated_home))
    notices = _record_notices(app)
    async with app.run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        assert {"hubread-dark", "hubread-light", "hubread-contrast", "mine"} <= set(
            pilot.app.available_themes)
        assert pilot.app.theme == "mine"
        assert any("broken.toml" in n for n in notices)
