"""The search input: full-text search of the whole cache as you type.

Each keystroke queries the cache's FTS index in a worker (a newer keystroke supersedes an
older one) and posts ``Searched`` with the matching row ids, or None when cleared.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import events
from textual.message import Message
from textual.widgets import Input

from tuireader.ui import typed_ahead


class SearchBar(Input):
    """Hidden until opened with ``/``; Escape (on the screen) closes and clears it."""

    class Searched(Message):
        def __init__(self, query: str, ids: set[int] | None) -> None:
            super().__init__()
            self.query = query
            self.ids = ids

    def __init__(self, search: Callable[[str], set[int]], *, id: str | None = None) -> None:
        super().__init__(placeholder="Search titles, authors and abstracts of every paper", id=id)
        self._search = search

    def on_mount(self) -> None:
        self.display = False

    def on_key(self, event: events.Key) -> None:
        typed_ahead.reached_field(event)  # typed here: not typed ahead (typed_ahead.py)

    def open(self) -> None:
        self.display = True
        # At once, not focus() (which defers): keys typed right after "/" are already
        # queued behind it and must land here, not on the list's bindings.
        self.screen.set_focus(self)

    def close(self) -> None:
        with self.prevent(Input.Changed):
            self.value = ""
        self.display = False

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        """Search in a worker of the app's, not of this widget: ``Worker.StateChanged``
        does not bubble, and the app is the one place that reports failed workers."""
        self.app.run_worker(
            partial(self._search_worker, query),
            thread=True,
            exclusive=True,
            group="search",
            name="run_search",
            description="Searching the cache",
            exit_on_error=False,
        )

    def _search_worker(self, query: str) -> None:
        ids = self._search(query) if query.strip() else None
        self.app.call_from_thread(self._deliver, query, ids)

    def _deliver(self, query: str, ids: set[int] | None) -> None:
        if query == self.value:  # otherwise a newer keystroke's answer is on its way
            self.post_message(self.Searched(query, ids))
