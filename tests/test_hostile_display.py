"""Untrusted text on screen: markup, escapes, bidi, huge titles and bad links are harmless."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.feedwriter import FakePaper, arxiv_rss
from tests.tui import (
    abstract_text,
    open_app,
    press_until,
    ready,
    record_notices,
    wait_for_workers,
)
from tuireader.kinds import parse_feed
from tuireader.storage.home import open_stores
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.screens.reader import ReaderScreen
from tuireader.ui.widgets.paper_list import PaperList

HOSTILE_TITLES = [
    "[bold red]Red[/] and [/] closing [link=https://evil.example]link[/link]",
    "[@click=app.quit]Click to quit[/]",
    "Clear\x1b[2J screen \x1b]0;owned title\x07 and \x1b]52;c;ZXZpbA==\x07 clipboard",
    "Bidi \u202eevil\u202c and zero\u200bwidth",
    "Long " + "x" * 10_000,
]


def hostile_home(tmp_path: Path) -> AppPaths:
    papers = [
        FakePaper(
            f"2611.{40000 + i}",
            title,
            ["[b]Mallory[/b]", "Eve \x1b[31mRed"],
            f"Abstract with [/] markup and \x1b[2J escapes number {i}.",
            ["cs.CR"],
        )
        for i, title in enumerate(HOSTILE_TITLES)
    ]
    paths = AppPaths(tmp_path / "config.toml", tmp_path / "data")
    paths.config_file.write_text(
        "[ui]\nmark_read_delay = -1\nrefresh_interval = 0\n"
        '[[sources]]\nname = "evil"\nkind = "arxiv"\n'
        'categories = ["cs.CR"]\n'
    )
    stores = open_stores(paths)
    body = arxiv_rss(papers, ["cs.CR"]).encode()
    stores.cache.store_papers("evil", parse_feed("arxiv", body, "evil"))
    stores.close()
    return paths


async def test_hostile_text_is_shown_literally_and_safely(tmp_path: Path) -> None:
    app = open_app(hostile_home(tmp_path), demo=False)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        titles = {i.title for i in papers.items}
        assert HOSTILE_TITLES[0] in titles  # markup kept as text
        # Whole escape sequences are removed, not only their ESC.
        assert "Clear screen and clipboard" in titles
        assert "Bidi evil and zerowidth" in titles
        for _ in range(len(papers.items)):
            text = abstract_text(app)
            assert "\x1b" not in text and "\u202e" not in text
            await pilot.press("j")
        await pilot.press("g")
        rendered = "\n".join(
            str(line.text) for line in (papers.render_line(y) for y in range(len(papers.items)))
        )
        assert "[@click=app.quit]Click to quit[/]" in rendered
        assert "\x1b" not in rendered
        assert app.is_running  # [@click=app.quit] did not quit
        assert not notices


async def test_non_http_links_are_never_opened(tmp_path: Path) -> None:
    paths = hostile_home(tmp_path)
    stores = open_stores(paths)
    from dataclasses import replace

    paper = stores.cache.papers()[0]
    for bad in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,hi",
        "https://ok.example/\nrm -rf",
    ):
        stores.cache.store_papers("evil", [replace(paper, abs_url=bad, pdf_url=bad)])
        stores.cache.close()
        opened: list[str] = []
        app = open_app(paths, demo=False, opened=opened)
        notices = record_notices(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            papers = app.query_one(PaperList)
            papers.cursor = [i.key for i in papers.items].index(paper.key)
            await pilot.press("o", "p")
            await wait_for_workers(app)
        assert opened == []
        assert sum("safe to open" in n for n in notices) == 2
        stores = open_stores(paths)


async def test_brackets_in_a_search_a_source_name_or_an_error_are_shown_as_typed(
    tmp_path: Path,
) -> None:
    from tuireader.storage.cache import CacheStore
    from tuireader.ui.widgets.source_list import SourceList

    name = "[b]Evil[/"
    paths = AppPaths(tmp_path / "config.toml", tmp_path / "data")
    paths.config_file.write_text(
        "[ui]\nmark_read_delay = -1\nrefresh_interval = 0\n"
        f'[[sources]]\nname = "{name}"\nkind = "feed"\nurl = "https://e.example/x"\n'
    )
    cache = CacheStore(paths.data_dir / "cache.sqlite3")
    cache.record_error(name, "HTTP 500 [/] from [@click=app.quit]x[/]")
    cache.close()
    app = open_app(paths, demo=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        sources = app.query_one(SourceList)
        papers = app.query_one(PaperList)
        await pilot.press("h")
        await press_until(
            pilot,
            "j",
            lambda: sources.highlighted_option.id == f"src:{name}",
            f"source {name!r} is highlighted",
        )
        await pilot.pause()
        assert papers._border_title.plain == f"{name} · 0 papers"
        assert papers._border_subtitle.plain.endswith("HTTP 500 [/] from [@click=app.quit]x[/]")
        await pilot.press("l", "slash", "[", "slash", "]")
        await ready(pilot)
        assert papers._border_title.plain == "Search “[/]” · 0 found"
        assert app.is_running


async def test_toasts_show_a_title_in_brackets_as_written(tmp_path: Path) -> None:
    """A screen's notify parses markup by default: "[Re] Reproducing …" (a real kind of
    arXiv title) once lost its "[Re]" in the undo toast."""
    app = open_app(hostile_home(tmp_path), demo=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)

        def on_click_title() -> bool:
            paper = screen.current_paper()
            return paper is not None and paper.title.startswith("[@")

        await press_until(pilot, "j", on_click_title, "the [@click] paper")
        await pilot.press("s", "U")
        await ready(pilot)
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("Undone: starred “[@click=app.quit]Click to quit[/]”" in t for t in shown)
        assert app.is_running
