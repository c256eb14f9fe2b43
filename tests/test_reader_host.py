"""The reader screen and the app meet through one typed interface each way, and no other.

The screen needs only a ``ReaderHost`` (ui/host.py), so it runs on a host that is not
HubreadApp; the app needs only a ``Refresher`` (fetch/refreshing.py), so it runs whatever
refresh it is given: the demo's is one more implementation, not a set of branches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual import work
from textual.app import App
from textual.screen import Screen

from tests.tui import demo_home, open_app, wait_for_workers
from tuireader.demo import DEMO_HOME, DemoRefresher
from tuireader.fetch.outcomes import RefreshReport
from tuireader.fetch.refreshing import OnDone
from tuireader.kinds.source import SourceConfig
from tuireader.storage.cache import SourceState
from tuireader.storage.home import Stores, open_stores
from tuireader.storage.list_rows import ListItem
from tuireader.ui.app import HubreadApp
from tuireader.ui.messages import ItemsLoaded
from tuireader.ui.radar_work import RadarWork
from tuireader.ui.screens.reader import ReaderScreen
from tuireader.ui.screens.tags import TagEditor
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)


class BareHost(App[None]):
    """A host that is not HubreadApp: only what ReaderHost asks for, recorded."""

    def __init__(self, stores: Stores) -> None:
        super().__init__()
        self.stores = stores
        self.sources_by_name = {s.name: s for s in stores.config.sources}
        self.refreshed: list[list[str] | None] = []
        self.opened: list[str] = []
        self.reader = ReaderScreen(self)
        self.radar = RadarWork(self, stores, self.reader)

    def get_default_screen(self) -> Screen:
        return self.reader

    def on_mount(self) -> None:
        states = self.stores.cache.all_source_states()
        self.screen.post_message(ItemsLoaded(self.stores.cache.list_items(), states))

    def key_for(self, action_id: str) -> str:
        return action_id

    def first_page_if_ready(self) -> list[ListItem] | None:
        return None

    def first_paint_done(self) -> None:
        pass

    @work(thread=True)
    def save_library(self, then: Callable[[], object] | None = None) -> None:
        self.stores.library.flush()
        if then is not None:
            self.call_from_thread(then)

    def start_refresh(self, names: Sequence[str] | None, *, quiet: bool = False) -> None:
        self.refreshed.append(list(names) if names else None)

    @work(thread=True)
    def open_link(self, url: str) -> None:
        self.opened.append(url)

    @work(thread=True)
    def export_papers(self, keys: list[str], format_name: str, view: str) -> None:
        raise AssertionError("not asked for here")


async def test_the_reader_screen_runs_on_any_reader_host() -> None:
    paths = demo_home()
    stores = open_stores(paths, home=DEMO_HOME)
    DemoRefresher.of(stores).prepare()  # the bundled papers, in the cache
    app = BareHost(stores)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(app)
        await pilot.pause()
        papers = app.query_one(PaperList)
        assert len(papers.items) == 18
        key = papers.current.key
        await pilot.press("s", "o", "r")
        await wait_for_workers(app)
        await pilot.pause()
        assert stores.library.is_starred(key)
        assert app.opened == [stores.cache.paper(key).abs_url]
        assert app.refreshed == [None]  # "r" in the All view: every source
    stores.close()
    assert key in paths.library_file.read_text()  # saved through the host's save_library


class RecordingRefresher(DemoRefresher):
    """The demo's refresh, due at start, recording what the app asks of it."""

    def __init__(self, stores: Stores) -> None:
        super().__init__(stores.config, stores.cache)
        self.calls: list[str] = []

    def prepare(self) -> None:
        self.calls.append("prepare")
        super().prepare()

    def due(self, states: Mapping[str, SourceState]) -> bool:
        self.calls.append(f"due({len(states)} states)")
        return True

    def sources(self, names: Sequence[str] | None = None) -> list[SourceConfig]:
        return super().sources(names)

    async def refresh(
        self, names: Sequence[str] | None = None, on_done: OnDone | None = None
    ) -> RefreshReport:
        self.calls.append(f"refresh({names})")
        return await super().refresh(names, on_done)


async def test_the_app_runs_the_refresher_it_is_given() -> None:
    stores = open_stores(demo_home(), home=DEMO_HOME)
    refresher = RecordingRefresher(stores)
    app = HubreadApp(stores, refresher)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(app)
        await pilot.pause()
        await wait_for_workers(app)  # the refresh that was due, and the load after it
        assert refresher.calls[:3] == ["prepare", "due(5 states)", "refresh(None)"]
        assert len(app.query_one(PaperList).items) == 18
        assert app.sub_title == "demo: bundled sample feeds"  # the home's title, after it
        await pilot.press("R")
        await wait_for_workers(app)
        assert refresher.calls[3:] == ["refresh(None)"]
        assert not app.refreshing


async def test_a_home_that_keeps_no_settings_never_writes_its_theme() -> None:
    paths = demo_home()
    before = paths.config_file.read_text()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(app)
        app.theme = "hubread-light"  # what picking it with T does
        await wait_for_workers(app)
        await pilot.pause()
        assert app.theme == "hubread-light"
    assert paths.config_file.read_text() == before


async def test_remapped_keys_reach_the_screens_own_priority_bindings() -> None:
    app = open_app(demo_home(extra='\n[keys]\ntags = "ctrl+g"\nsearch = "ctrl+f"\n'))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(app)
        await pilot.pause()
        await pilot.press("t")
        assert not isinstance(app.screen, TagEditor)  # "t" is no longer the tags key
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, TagEditor)
        await pilot.press("escape")
        await pilot.press("ctrl+f", "t")  # a "t" typed into the search field is text
        await pilot.pause()
        assert app.screen is app.reader and app.reader.query_one("#search").display
        assert not isinstance(app.screen, TagEditor)
