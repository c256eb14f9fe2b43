"""`z` and `Z` in the reader: the picker shows Zotero's selected collection, Enter saves
there (or in another target), Escape sends nothing, and a failure is a toast in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.zotero_server import ZoteroServer
from tests.tui import filled_home, open_app, ready, record_notices, until
from tuireader.ui.screens.reader import ReaderScreen
from tuireader.ui.screens.zotero import ZoteroPicker
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)


@pytest.fixture
def zotero() -> Iterator[ZoteroServer]:
    server = ZoteroServer().start()
    yield server
    server.stop()


def zotero_home(tmp_path: Path, url: str) -> object:
    return filled_home(tmp_path, sources=f'\n[zotero]\nurl = "{url}"\n')


async def test_z_saves_the_paper_into_the_selected_collection(
    tmp_path: Path, zotero: ZoteroServer
) -> None:
    app = open_app(zotero_home(tmp_path, zotero.url), demo=False)  # type: ignore[arg-type]
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("l")  # to the paper list
        paper = app.query_one(PaperList).current
        assert paper is not None
        await pilot.press("z")
        await until(pilot, lambda: isinstance(app.screen, ZoteroPicker), "the picker is open")
        await pilot.press("enter")  # the highlighted target: Zotero's selected one
        await ready(pilot)
    (item,) = zotero.saved
    assert item["title"] == paper.title
    assert "1 paper saved to My Library › Reading" in notices


async def test_Z_saves_the_view_into_another_target_or_nothing_on_escape(
    tmp_path: Path, zotero: ZoteroServer
) -> None:
    app = open_app(zotero_home(tmp_path, zotero.url), demo=False)  # type: ignore[arg-type]
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("h", *"jjjjjjj", "l")  # arXiv cs.LG: 6 papers (past the date views)
        await pilot.press("Z")
        await until(pilot, lambda: isinstance(app.screen, ZoteroPicker), "the picker is open")
        await pilot.press("escape")
        await ready(pilot)
        assert zotero.saved == [] and "/connector/saveItems" not in zotero.paths()
        await pilot.press("Z")
        await until(pilot, lambda: isinstance(app.screen, ZoteroPicker), "the picker again")
        await pilot.press("down", "enter")  # Reading -> Theory
        await ready(pilot)
    assert len(zotero.saved) == 6
    (session,) = zotero.sessions  # Escape sent nothing, not even a session
    assert zotero.target_of(session) == "C12"
    assert "6 papers saved to My Library › Reading › Theory" in notices


async def test_z_without_zotero_says_it_is_not_running(tmp_path: Path) -> None:
    zotero = ZoteroServer().start()
    url = zotero.url
    zotero.stop()  # nothing answers there now
    app = open_app(zotero_home(tmp_path, url), demo=False)  # type: ignore[arg-type]
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("l", "z")
        await ready(pilot)
        assert not isinstance(app.screen, ZoteroPicker)
    assert f"Zotero is not running (nothing answers at {url})" in notices


async def test_papers_in_zotero_are_marked_and_z_says_so(tmp_path: Path) -> None:
    server = ZoteroServer(local_api=True).start()
    app = open_app(zotero_home(tmp_path, server.url), demo=False)  # type: ignore[arg-type]
    notices = record_notices(app)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            papers = app.query_one(PaperList)
            first = papers.current
            assert first is not None
            arxiv_id = first.key.removeprefix("arxiv:")
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            assert first.key.startswith("arxiv:") and screen.zotero_index is not None
            assert "Z " not in str(app.screen._render_row(first))  # type: ignore[attr-defined]
            server.state.library.append({"itemType": "preprint", "archiveID": f"arXiv:{arxiv_id}"})
            await pilot.press("l", "z")  # asking Zotero sweeps its library again
            await ready(pilot)
            assert not isinstance(app.screen, ZoteroPicker)
            assert "Z " in str(app.screen._render_row(first))  # type: ignore[attr-defined]
    finally:
        server.stop()
    assert server.saved == []
    assert any(n.startswith("Already in Zotero: “") for n in notices)
