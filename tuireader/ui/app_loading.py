"""Reading the cache for the reader: the newest screenful first, while Textual starts,
then every paper, then the search index of what the last fetch stored.

A worker of its own so that input is never blocked: the first page is read in a thread
from the moment the app is made, painted as soon as the screen mounts, and the whole cache
(35,000 rows take a while) is read only once that first page is on screen.
"""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.worker import get_current_worker

from tuireader.ui.messages import ItemsLoaded

if TYPE_CHECKING:
    from tuireader.fetch.refreshing import Refresher
    from tuireader.storage.cache import SourceState
    from tuireader.storage.home import Stores
    from tuireader.storage.list_rows import ListItem
    from tuireader.ui.refreshing import Refreshes
    from tuireader.ui.screens.reader import ReaderScreen

FIRST_PAGE = 200  # rows read for the first paint, before the whole cache
FIRST_PAINT_WAIT = 1.0  # seconds the full load waits for the first page to be painted


class CacheLoading(App[int]):
    """The loading part of ``HubreadApp`` (a mixin); ``read_first_page`` starts it."""

    stores: Stores
    refresher: Refresher
    refreshes: Refreshes
    reader: ReaderScreen
    _first_page: Future[list[ListItem]]
    _first_painted: threading.Event

    def read_first_page(self) -> None:
        """Read the first screenful while Textual starts up (SQLite releases the GIL)."""
        self._first_page = ThreadPoolExecutor(1, thread_name_prefix="first-page").submit(
            self.stores.cache.list_items, FIRST_PAGE
        )
        self._first_painted = threading.Event()

    def first_paint_done(self) -> None:
        """Called once the first page is on screen: the whole cache may load now."""
        self._first_painted.set()

    def first_page_if_ready(self) -> list[ListItem] | None:
        """The prefetched newest papers, when reading them has already finished."""
        if self._first_page.done() and self._first_page.exception() is None:
            return self._first_page.result() or None
        return None

    @work(
        thread=True,
        exclusive=True,
        group="load",
        name="load_items",
        description="Reading the cache",
        exit_on_error=False,
    )
    def load_items(self, first: bool = False) -> None:
        stores = self.stores
        if first:  # paint the newest screenful at once; the rest follows in a moment
            self.refresher.prepare()  # the demo's bundled feeds, into a new demo cache
            page = self._first_page.result() or stores.cache.list_items(FIRST_PAGE)
            self.call_from_thread(self.reader.post_message, ItemsLoaded(page, {}, partial=True))
            # Building 35,000 list rows holds the GIL for a while: let the first page be
            # painted before that starts, or the paint waits for it.
            self._first_painted.wait(timeout=FIRST_PAINT_WAIT)
        items = stores.cache.list_items()
        states = stores.cache.all_source_states()
        if get_current_worker().is_cancelled:
            return  # a newer load is on its way
        self.call_from_thread(self._items_loaded, items, states, first)

    def _items_loaded(
        self, items: list[ListItem], states: dict[str, SourceState], first: bool
    ) -> None:
        self.reader.post_message(ItemsLoaded(items, states))
        self._update_subtitle(states)
        self.index_for_search()
        if first and self.refresher.due(states):
            self.refreshes.start(None, quiet=True)

    @work(
        thread=True,
        group="index",
        name="index_for_search",
        description="Indexing new papers for search",
        exit_on_error=False,
    )
    def index_for_search(self) -> None:
        """Index what the last fetch stored, so that the first search need not wait for it.
        A failure is reported as every worker's is (on_worker_state_changed), not hidden:
        a damaged index would fail the next search too. Only a cache busy with another
        process's write (a cron fetch) is no failure: the next search indexes instead."""
        try:
            self.stores.cache.index_pending()
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                raise

    def _update_subtitle(self, states: dict[str, SourceState] | None = None) -> None:
        if self.refreshes.running and self.refreshes.progress_line:
            self.sub_title = self.refreshes.progress_line
        elif self.stores.home.title:
            self.sub_title = self.stores.home.title
        else:
            successes = [s.last_success for s in (states or {}).values() if s.last_success]
            self.sub_title = (
                f"last refresh {max(successes).astimezone():%Y-%m-%d %H:%M}"
                if successes
                else "not refreshed yet: R refreshes"
            )
