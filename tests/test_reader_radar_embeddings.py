"""The radar's embeddings in the reader, with Pilot and a real loopback /v1/embeddings
server: embedded in the background, "similar to <starred title>" on the Radar's rows and
in `w`, and a failing server as a toast while the radar goes on without them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Static

from tests.fixtures.embeddings_server import EmbeddingsServer
from tests.tui import abstract_text, demo_home, open_app, press_until, ready, record_notices, until
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.app import HubreadApp
from tuireader.ui.screens.brief_actions import consent_path
from tuireader.ui.screens.confirm import ConfirmScreen
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

SIZE = (120, 36)


@pytest.fixture
def server() -> Iterator[EmbeddingsServer]:
    running = EmbeddingsServer().start()
    yield running
    running.stop()


def embeddings_home(url: str) -> AppPaths:
    paths = demo_home()
    text = paths.config_file.read_text()
    paths.config_file.write_text(text.replace("[radar]\n", f'[radar]\nembeddings_url = "{url}"\n'))
    return paths


def similar_keys(app: HubreadApp) -> list[str]:
    return [
        key
        for key, ranked in app.reader.radar.scores.items()
        if ranked.reason.startswith("similar to ")
    ]


async def star_first_two(pilot, app: HubreadApp) -> set[str]:  # type: ignore[no-untyped-def]
    papers = app.query_one(PaperList)
    await pilot.press("g")
    for _ in range(2):
        await pilot.press("s", "j")
        await ready(pilot)
    return {i.key for i in papers.items[:2]}


async def test_papers_are_embedded_in_the_background_and_show_similar_to(
    server: EmbeddingsServer,
) -> None:
    app = open_app(embeddings_home(server.url))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        starred = await star_first_two(pilot, app)
        titles = {p.key: p.title for p in app.stores.library.starred_papers()}
        await until(pilot, lambda: bool(similar_keys(app)), "a 'similar to' reason")
        await ready(pilot)
        assert server.texts, "nothing was embedded"
        key = similar_keys(app)[0]
        ranked = app.reader.radar.scores[key]
        top = ranked.contributions[0]
        assert top.kind == "similar" and top.target in starred
        assert ranked.reason == f"similar to {titles[top.target]}"  # type: ignore[index]
        # On the Radar, the row shows it; `w` explains it with the starred title.
        papers = app.query_one(PaperList)
        sources = app.query_one(SourceList)
        await pilot.press("h")
        await press_until(pilot, "k", lambda: sources.highlighted == 0, "the Radar entry")
        await pilot.press("enter")
        await ready(pilot)
        assert app.reader.view_id == "radar"
        await press_until(pilot, "j", lambda: papers.current.key == key, "the similar paper")  # type: ignore[union-attr]
        row = app.reader._render_row(papers.current).plain  # type: ignore[arg-type]
        assert "similar to " in row
        await pilot.press("w")
        await ready(pilot)
        shown = abstract_text(app)
        assert f"similar to {titles[top.target]}" in shown  # type: ignore[index]
        assert "Closest liked papers by embeddings:" in shown
        assert "embeddings of 2 liked papers" in shown
        # Everything is cached: asking again sends nothing.
        asked = len(server.requests)
        app.radar.rank()
        await ready(pilot)
        assert len(server.requests) == asked


async def test_a_failing_server_is_a_toast_and_the_radar_ranks_without_it(
    server: EmbeddingsServer,
) -> None:
    server.fail = "status"
    app = open_app(embeddings_home(server.url))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await ready(pilot)
        await star_first_two(pilot, app)
        await until(
            pilot, lambda: any("Radar embeddings failed" in n for n in notices), "the toast"
        )
        await ready(pilot)
        failed = [n for n in notices if "Radar embeddings failed" in n]
        assert len(failed) == 1, "the same failure is said once"
        assert "answered 500: model is loading" in failed[0] and "127.0.0.1" in failed[0]
        assert "without embeddings" in app.reader.radar.status
        assert app.reader.radar.scores and not similar_keys(app)
        await pilot.press("w")
        await ready(pilot)
        assert "without embeddings: " in abstract_text(app)


async def test_a_hosted_server_is_asked_about_first_and_a_no_sends_nothing() -> None:
    app = open_app(embeddings_home("https://embeddings.example.org/v1"))
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await ready(pilot)
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        question = str(app.screen.query_one("#question", Static).render())
        assert "https://embeddings.example.org/v1/embeddings is not on this machine" in question
        await pilot.press("n")
        await ready(pilot)
        assert "Radar embeddings are off: nothing was sent." in notices
        await until(pilot, lambda: "nothing sent" in app.reader.radar.status, "the status")
        assert not consent_path(app.stores.paths.data_dir).exists()
        await star_first_two(pilot, app)  # more rankings: not asked again this session
        assert not isinstance(app.screen, ConfirmScreen)
