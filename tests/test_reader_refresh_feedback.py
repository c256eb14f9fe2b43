"""What r and R say, against the loopback feed server: which sources, progress, the last toast."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tests.fixtures import demo_papers as demo
from tests.fixtures import feedwriter as fw
from tests.fixtures.server import FeedServer, Route
from tests.tui import filled_home, open_app, press_until, ready, until
from tuireader.fetch.outcomes import FAILED, UNCHANGED, UPDATED, RefreshReport, SourceOutcome
from tuireader.storage.list_rows import ListItem
from tuireader.ui.app import HubreadApp
from tuireader.ui.refresh_feedback import progress_text, start_text, summary, view_sources
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

SIZE = (120, 36)


@dataclass
class Toast:
    title: str
    message: str
    severity: str


def record_toasts(app: HubreadApp) -> list[Toast]:
    """Every toast, with its title and severity (tests.tui.record_notices keeps the text)."""
    toasts: list[Toast] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        toasts.append(Toast(str(kwargs.get("title", "")), message, str(kwargs.get("severity", ""))))
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return toasts


def two_sources(server: FeedServer, tags: str = "") -> str:
    return (
        f'\n[[sources]]\nname = "Fresh arXiv"\nkind = "arxiv"\ncategories = ["cs.AI"]\n'
        f'url = "{server.url("/fresh")}"\n{tags}'
        f'\n[[sources]]\nname = "Broken journal"\nkind = "feed"\n'
        f'url = "{server.url("/broken")}"\n'
        "\n[network]\ntimeout = 10\nretries = 0\n"
    )


def serve(server: FeedServer) -> None:
    fresh = [
        replace(p, id=f"2611.9{i:04d}", date="2026-11-21") for i, p in enumerate(demo.ARXIV_AI)
    ]
    server.routes["/fresh"] = Route(body=fw.arxiv_rss(fresh, ["cs.AI"], "2026-11-21").encode())
    server.routes["/broken"] = Route(status=503, body=b"down")


def highlighted(sources: SourceList) -> str | None:
    option = sources.highlighted_option
    return option.id if option else None


def requested(server: FeedServer) -> list[str]:
    return sorted(r.path for r in server.requests)


async def test_R_names_all_sources_and_ends_with_one_summary_naming_the_failure(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    app = open_app(filled_home(tmp_path, sources=two_sources(feed_server)), demo=False)
    toasts = record_toasts(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("R")
        await ready(pilot)
        assert requested(feed_server) == ["/broken", "/fresh"]
        said = [t.message for t in toasts]
        assert "Refreshing all 2 sources" in said
        end = toasts[-1]
        assert end.title == "2 sources: 6 new · 1 failed"
        assert end.message.startswith("Broken journal: HTTP 503")
        assert end.severity == "error"
        assert not app.sub_title.startswith("Refreshing")


async def test_r_on_a_source_refreshes_that_one_and_says_what_came(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    app = open_app(filled_home(tmp_path, sources=two_sources(feed_server)), demo=False)
    toasts = record_toasts(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        sources = app.query_one(SourceList)
        await pilot.press("h")
        await press_until(pilot, "j", lambda: highlighted(sources) == "src:Fresh arXiv", "Fresh")
        await pilot.press("r")
        await ready(pilot)
        assert requested(feed_server) == ["/fresh"]
        assert [t.message for t in toasts][-2:] == ["Refreshing Fresh arXiv", "Fresh arXiv: 6 new"]
        await pilot.press("r")  # the same feed again: nothing new, and it says so
        await ready(pilot)
        assert toasts[-1].message.startswith("Fresh arXiv: nothing new")
        assert toasts[-1].severity == "information"


async def test_r_on_all_and_on_a_tag_refresh_the_sources_of_that_view(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    app = open_app(filled_home(tmp_path, sources=two_sources(feed_server)), demo=False)
    toasts = record_toasts(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("r")  # All: every enabled source, and it says so
        await ready(pilot)
        assert requested(feed_server) == ["/broken", "/fresh"]
        assert "Refreshing all 2 sources" in [t.message for t in toasts]
        papers = app.query_one(PaperList)
        await until(pilot, lambda: len(papers.items) == 18 + 6, "the new papers are listed")
        await pilot.press("g")
        assert papers.current is not None and papers.current.sources == ("Fresh arXiv",)
        await pilot.press("t", *"mine", "enter")
        await ready(pilot)
        sources = app.query_one(SourceList)
        await pilot.press("h")
        await press_until(pilot, "j", lambda: highlighted(sources) == "tag:mine", "#mine")
        feed_server.requests.clear()
        await pilot.press("r")  # #mine: only the source its paper came from
        await ready(pilot)
        assert requested(feed_server) == ["/fresh"]
        assert "Refreshing Fresh arXiv" in [t.message for t in toasts]


async def test_the_progress_line_is_in_the_header_while_a_refresh_runs(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    serve(feed_server)
    feed_server.routes["/fresh"].stall = 1.0  # answered after the broken one
    app = open_app(filled_home(tmp_path, sources=two_sources(feed_server)), demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        seen: list[str] = []

        def shown(line: str) -> None:
            seen.append(line)

        app.watch(app, "sub_title", shown)
        await pilot.press("R")
        await ready(pilot)
        progress = [line for line in seen if line.startswith("Refreshing")]
        assert progress[:2] == ["Refreshing…", "Refreshing 0/2 sources…"]  # R, then the count
        assert "Refreshing 1/2 sources… · 1 failed" in progress
        assert not seen[-1].startswith("Refreshing")


def _outcome(
    name: str, status: str = UPDATED, new: int = 0, updated: int = 0, message: str = ""
) -> SourceOutcome:
    return SourceOutcome(name, status, new, updated, message=message)


def test_the_summary_words() -> None:
    one = RefreshReport([_outcome("cs.AI", new=42, updated=3)])
    assert summary(one) == ("", "cs.AI: 42 new, 3 updated", False)
    quiet = RefreshReport([_outcome("cs.AI", UNCHANGED, message="same content as last time")])
    assert summary(quiet) == ("", "cs.AI: nothing new (same content as last time)", False)
    failed = RefreshReport([_outcome("cs.AI", FAILED, message="HTTP 503")])
    assert summary(failed) == ("Refresh failed", "cs.AI: HTTP 503", True)
    many = RefreshReport(
        [_outcome(f"s{i}", new=12) for i in range(10)]
        + [_outcome(f"bad{i}", FAILED, message="timed out") for i in range(2)]
    )
    title, text, bad = summary(many)
    assert title == "12 sources: 120 new · 2 failed" and bad
    assert text == "bad0: timed out\nbad1: timed out"
    assert summary(RefreshReport([_outcome("a"), _outcome("b", new=1, updated=2)])) == (
        "",
        "2 sources: 1 new · 2 updated",
        False,
    )


def test_start_and_progress_words() -> None:
    assert start_text([f"s{i}" for i in range(12)], everything=True) == "Refreshing all 12 sources"
    assert start_text(["cs.AI"], everything=True) == "Refreshing cs.AI"
    assert start_text(["a", "b"], everything=False) == "Refreshing 2 sources: a, b"
    assert start_text(list("abcde"), everything=False) == (
        "Refreshing 5 sources: a, b, c and 2 more"
    )
    assert progress_text(list("abc"), 1, 0) == "Refreshing 1/3 sources…"
    assert progress_text(["cs.AI"], 0, 0) == "Refreshing cs.AI…"


def test_which_sources_each_view_refreshes(tmp_path: Path) -> None:
    from tuireader.config.settings import load_config

    config_file = tmp_path / "config.toml"
    config_file.write_text(
        '[[sources]]\nname = "A"\nkind = "arxiv"\ncategories = ["cs.AI"]\ntags = ["ml"]\n'
        '[[sources]]\nname = "B"\nkind = "arxiv"\ncategories = ["cs.LG"]\ntags = ["ml"]\n'
        '[[sources]]\nname = "C"\nkind = "arxiv"\ncategories = ["cs.CL"]\nenabled = false\n'
    )
    sources = load_config(config_file).sources
    listed = [ListItem("k1", "t", "", ("B",)), ListItem("k2", "t", "", ("gone", "C"))]
    assert view_sources("src:C", listed, sources) == ["C"]  # picked: even when disabled
    assert view_sources("folder:ml", listed, sources) == ["A", "B"]
    assert view_sources("tag:x", listed, sources) == ["B"]  # C is disabled, "gone" unknown
    assert view_sources("starred", [], sources) is None  # nothing feeds it: all
    for view in ("all", "unread", "radar", "radar:x", "today", "since", "week"):
        assert view_sources(view, listed, sources) is None
    assert view_sources("src:A", listed, sources, searching=True) is None
