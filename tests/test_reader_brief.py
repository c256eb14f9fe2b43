"""`b` in the reader: a brief streams into the Brief screen from the loopback chat server,
Escape cancels it, [n] jumps to the paper, and the saved brief reopens offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Markdown, OptionList

from tests.fixtures.chat_server import ChatServer, Reply
from tests.tui import abstract_text, demo_home, open_app, ready, until
from tuireader.briefing.saved import SavedBrief, saved_days
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.screens.brief import BriefScreen, linked_citations
from tuireader.ui.screens.brief_actions import consented, remember_consent
from tuireader.ui.screens.confirm import ConfirmScreen
from tuireader.ui.screens.reader import ReaderScreen
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)
ANSWER = "## Themes\nModels that *plan* [1] and [2].\n## TL;DR\n[1] One.\n[2] Two.\n"


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    server = ChatServer().start()
    yield server
    server.stop()


def llm_home(base_url: str, extra: str = "") -> AppPaths:
    return demo_home(
        extra=f'\n[llm]\nbase_url = "{base_url}"\nmodel = "tiny"\ntimeout = 30\n{extra}'
    )


def brief_text(screen: BriefScreen) -> str:
    return screen.query_one("#brief-body", Markdown).source


async def brief_screen(pilot: Pilot[int], key: str = "b") -> BriefScreen:
    """Press ``key`` and return the Brief screen it opens."""
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, BriefScreen), "the Brief screen")
    screen = pilot.app.screen
    assert isinstance(screen, BriefScreen)
    return screen


async def written(pilot: Pilot[int], screen: BriefScreen) -> SavedBrief:
    """The brief, once the screen has it."""
    await until(pilot, lambda: screen.brief is not None, "the brief written")
    assert screen.brief is not None
    return screen.brief


async def test_b_streams_a_brief_saves_it_and_n_jumps_to_the_paper(chat: ChatServer) -> None:
    chat.replies.append(Reply(text=ANSWER))
    paths = llm_home(chat.base_url)
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        listed = [i.key for i in app.query_one(PaperList).items]
        screen = await brief_screen(pilot)
        brief = await written(pilot, screen)
        sent = chat.requests[0].body
        assert sent["stream"] is True
        prompt = " ".join(m["content"] for m in sent["messages"])
        first = app.stores.cache.paper(listed[0])
        assert first is not None and first.title in prompt
        # Markdown, with [n] made our links; the saved file is there.
        assert "[\\[1\\]](paper:1)" in brief_text(screen)
        assert saved_days(paths.data_dir)
        papers = screen.query_one("#brief-papers", OptionList)
        assert papers.option_count == len(brief.papers)
        target = brief.papers[1].key
        papers.highlighted = 1
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "back in the reader")
        current = app.query_one(PaperList).current
        assert current is not None and current.key == target


async def test_clicking_a_citation_link_jumps_and_model_links_are_not_opened(
    chat: ChatServer,
) -> None:
    chat.replies.append(Reply(text="See [evil](file:///etc/passwd) and [2]."))
    app = open_app(llm_home(chat.base_url))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await brief_screen(pilot)
        brief = await written(pilot, screen)
        body = screen.query_one("#brief-body", Markdown)
        body.post_message(Markdown.LinkClicked(body, "file:///etc/passwd"))
        await pilot.pause()
        assert app.screen is screen  # not followed
        target = brief.papers[1].key
        body.post_message(Markdown.LinkClicked(body, "paper:2"))
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "back in the reader")
        current = app.query_one(PaperList).current
        assert current is not None and current.key == target


async def test_escape_cancels_a_running_brief(chat: ChatServer) -> None:
    chat.replies.append(Reply(text="Part one [1] and more words here", stall_after=3))
    paths = llm_home(chat.base_url)
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await brief_screen(pilot)
        await until(pilot, lambda: "Part" in screen.text, "the first pieces streamed")
        assert screen.running
        await pilot.press("j")  # the reader stays responsive while it streams
        await pilot.press("escape")
        await until(pilot, lambda: not screen.running, "the brief cancelled")
        await ready(pilot)
        assert app.screen is screen
        assert screen.brief is None
        assert not saved_days(paths.data_dir)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the screen closed")


async def test_saved_brief_reopens_offline(chat: ChatServer) -> None:
    chat.replies.append(Reply(text=ANSWER))
    paths = llm_home(chat.base_url)
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await written(pilot, await brief_screen(pilot))
    chat.stop()  # offline from here on
    asked = len(chat.requests)
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await brief_screen(pilot, "ctrl+b")
        assert "Models that" in brief_text(screen)
        assert "plan" in brief_text(screen)
    assert len(chat.requests) == asked


async def test_a_hosted_server_is_asked_about_once(chat: ChatServer) -> None:
    paths = llm_home("https://llm.example.invalid/v1")  # answered "no": nothing is sent
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "no brief")
        assert not chat.requests
        assert not (paths.data_dir / "llm-consent.json").exists()


async def test_without_llm_the_keys_are_absent(isolated_home: AppPaths) -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("b", "B", "ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert "TL;DR" not in abstract_text(app)
        descriptions = [d for _, d in app.help_rows()]
        assert "Brief" not in descriptions
        assert any("[llm]" in d for d in descriptions)


def test_citations_become_links_and_links_stay() -> None:
    assert linked_citations("a [3] b") == "a [\\[3\\]](paper:3) b"
    assert linked_citations("[x](http://e) [12]") == "[x](http://e) [\\[12\\]](paper:12)"


async def test_shift_b_shows_a_tldr_above_the_abstract_and_keeps_it(chat: ChatServer) -> None:
    chat.replies.append(Reply(text="It [bold]works[/bold] in one line.\x1b[2J"))
    paths = llm_home(chat.base_url)
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("B")
        await until(pilot, lambda: "TL;DR" in abstract_text(app), "the TL;DR shown")
        shown = abstract_text(app)
        assert shown.startswith("TL;DR It [bold]works[/bold] in one line.")
        assert "\x1b" not in shown
        assert chat.requests[0].body.get("stream") is not True
    asked = len(chat.requests)
    app = open_app(paths)  # kept in tldr.json: shown again without asking
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert abstract_text(app).startswith("TL;DR It [bold]works")
    assert len(chat.requests) == asked


def test_consent_is_kept_per_server(tmp_path: Path) -> None:
    assert not consented(tmp_path, "https://a.example/v1")
    remember_consent(tmp_path, "https://a.example/v1")
    assert consented(tmp_path, "https://a.example/v1")
    assert not consented(tmp_path, "https://b.example/v1")
    (tmp_path / "llm-consent.json").write_text("{broken")
    assert not consented(tmp_path, "https://a.example/v1")  # asked again, never assumed


async def test_quitting_while_a_brief_runs_stops_it(chat: ChatServer) -> None:
    chat.replies.append(Reply(text="Part one [1] and more", stall_after=2))
    app = open_app(llm_home(chat.base_url))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await brief_screen(pilot)
        await until(pilot, lambda: "Part" in screen.text, "the first pieces streamed")
        assert screen.client is not None
        client = screen.client
        await pilot.press("q")
    assert app.return_code == 0
    assert client.cancelled  # the request was stopped, not left for the exit to wait on
