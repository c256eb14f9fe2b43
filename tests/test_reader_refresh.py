"""Background refresh in the TUI: input keeps working, the cursor stays, errors show."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from tests.fixtures import demo_papers as demo
from tests.fixtures import feedwriter as fw
from tests.fixtures.server import FeedServer, Route
from tests.tui import (
    DEADLINE,
    abstract_text,
    demo_home,
    filled_home,
    open_app,
    press_until,
    ready,
    record_notices,
    until,
    wait_for_workers,
)
from tuireader.demo import DEMO_HOME, DemoRefresher
from tuireader.fetch.outcomes import RefreshReport
from tuireader.fetch.refreshing import OnDone, Refresher
from tuireader.kinds.source import SourceConfig
from tuireader.storage.home import open_stores
from tuireader.storage.source_states import SourceState
from tuireader.ui.app import HubreadApp
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

SIZE = (120, 36)


def network_sources(server: FeedServer) -> str:
    return (
        f'\n[[sources]]\nname = "Slow arXiv"\nkind = "arxiv"\ncategories = ["cs.AI"]\n'
        f'url = "{server.url("/slow")}"\n'
        f'\n[[sources]]\nname = "Broken journal"\nkind = "feed"\n'
        f'url = "{server.url("/broken")}"\n'
        "\n[network]\ntimeout = 10\nretries = 0\n"
    )


async def test_keys_work_while_a_refresh_runs_and_errors_show_on_the_source(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    fresh = [
        replace(p, id=f"2611.9{i:04d}", date="2026-11-21") for i, p in enumerate(demo.ARXIV_AI)
    ]
    feed_server.routes["/slow"] = Route(
        body=fw.arxiv_rss(fresh, ["cs.AI"], "2026-11-21").encode(), stall=1.5
    )
    feed_server.routes["/broken"] = Route(status=503, body=b"down")
    paths = filled_home(tmp_path, sources=network_sources(feed_server))
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        papers = app.query_one(PaperList)
        # first paint comes from the cache
        await until(pilot, lambda: bool(papers.items), "the cached papers are listed")
        await pilot.press("j", "j", "j")
        assert papers.current is not None
        kept = papers.current.key
        row_on_screen = papers.cursor - int(papers.scroll_y)
        app.start_refresh(None)
        await pilot.press("k", "j")  # input is handled while the refresh runs
        assert app.refreshing
        assert papers.cursor == 3
        assert app.sub_title.startswith("Refreshing ") and "/2 sources…" in app.sub_title
        await ready(pilot)
        assert not app.refreshing
        # Six new papers arrived at the top; the cursor stayed on its paper and screen row.
        assert len(papers.items) == 18 + 6
        assert papers.current.key == kept
        assert papers.cursor - int(papers.scroll_y) == row_on_screen
        assert kept in abstract_text(app) or papers.current.title in abstract_text(app)
        sources = app.query_one(SourceList)
        assert str(sources.get_option("src:Broken journal").prompt).startswith("! ")
        assert any("Broken journal: HTTP 503" in n for n in notices)
        await pilot.press("h")
        await press_until(
            pilot,
            "j",
            lambda: sources.highlighted_option.id == "src:Broken journal",
            "the broken journal is highlighted",
        )
        assert "HTTP 503 Service Unavailable" in papers.border_subtitle
        assert "last refresh" in app.sub_title


async def test_startup_refresh_runs_when_the_last_one_is_old(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/slow"] = Route(body=fw.arxiv_rss(demo.ARXIV_AI, ["cs.AI"]).encode())
    feed_server.routes["/broken"] = Route(body=fw.nature_rdf(demo.NATURE).encode())
    paths = filled_home(
        tmp_path,
        ui="mark_read_delay = -1\nrefresh_interval = 30",
        sources=network_sources(feed_server),
    )
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_for_workers(app)
        assert len(feed_server.requests) == 2  # never refreshed before: refreshed at start
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert len(feed_server.requests) == 2  # refreshed a moment ago: not again


async def test_big_feeds_are_parsed_in_worker_processes_from_the_reader(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Bodies over the process threshold go to the parse processes, which must start even
    though Textual has replaced sys.stderr (its capture has no usable file descriptor)."""
    from bench.synthetic import synthetic_feed
    from tuireader.fetch.parse_pool import PROCESS_THRESHOLD

    for i in range(3):
        feed_server.routes[f"/big{i}"] = Route(body=synthetic_feed(i, 400))
        assert len(feed_server.routes[f"/big{i}"].body) > PROCESS_THRESHOLD
    sources = "".join(
        f'\n[[sources]]\nname = "big {i}"\nkind = "arxiv"\n'
        f'categories = ["cs.X{i}"]\nurl = "{feed_server.url(f"/big{i}")}"\n'
        for i in range(3)
    )
    paths = filled_home(tmp_path, sources=sources)
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(app)
        app.start_refresh(None)
        async with asyncio.timeout(DEADLINE):  # a hung refresh fails the test
            while app.refreshing:
                await ready(pilot)
        await ready(pilot)
        states = app.stores.cache.all_source_states()
        assert not any(state.failing for state in states.values()), notices
        assert len(app.reader.items) == 18 + 3 * 400


class _SourcesFailOnce:
    """The demo's refresher, except that the first ``sources()`` raises, as a source list
    that cannot be read would: the refresh fails on its very first line."""

    def __init__(self, inner: Refresher) -> None:
        self.inner = inner
        self.failed = False

    @property
    def interval_minutes(self) -> float:
        return 0

    def prepare(self) -> None:
        self.inner.prepare()

    def due(self, states: Mapping[str, SourceState]) -> bool:
        return False

    def sources(self, names: Sequence[str] | None = None) -> list[SourceConfig]:
        if not self.failed:
            self.failed = True
            raise OSError("the sources could not be read")
        return self.inner.sources(names)

    async def refresh(
        self, names: Sequence[str] | None = None, on_done: OnDone | None = None
    ) -> RefreshReport:
        return await self.inner.refresh(names, on_done=on_done)


async def test_a_refresh_that_fails_at_once_does_not_block_the_next() -> None:
    stores = open_stores(demo_home(), home=DEMO_HOME)
    refresher = _SourcesFailOnce(DemoRefresher.of(stores))
    app = HubreadApp(stores, refresher, opener=lambda url: True)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.start_refresh(None)
        await ready(pilot)
        assert refresher.failed
        assert not app.refreshing  # it stayed True for good, refusing every later refresh
        assert "Refreshing" not in app.sub_title
        assert any("the sources could not be read" in n for n in notices)
        app.start_refresh(None)
        await ready(pilot)
        assert not any("already running" in n for n in notices)
        assert "Refreshing" not in app.sub_title
