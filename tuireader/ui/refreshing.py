"""The reader's refreshes: one at a time, progress in the subtitle, papers shown as they come.

Runs whatever ``Refresher`` the app was given (the network's or the demo's) in a named
worker; the list is reloaded while sources finish, at most once a ``RELOAD_INTERVAL``. A
refresh the user asked for says which sources it covers when it starts; what the words are
is in refresh_feedback.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.timer import Timer

from tuireader.ui.refresh_feedback import progress_text, start_text

if TYPE_CHECKING:
    from tuireader.fetch.outcomes import RefreshReport, SourceOutcome
    from tuireader.fetch.refreshing import Refresher

RELOAD_INTERVAL = 1.0  # seconds between list reloads while a refresh brings papers in


class Refreshes:
    """Starts refreshes for ``app``; ``progress`` shows a line, ``reload`` re-reads the cache
    and ``finished`` gets the report and whether the refresh was quiet (one the reader
    started by itself, or one that failed before it began: the failure is reported as every
    worker's is), after which the list is reloaded once more."""

    def __init__(
        self,
        app: App[Any],
        refresher: Refresher,
        *,
        progress: Callable[[str], object],
        reload: Callable[[], object],
        finished: Callable[[RefreshReport, bool], object],
    ) -> None:
        self.app = app
        self.refresher = refresher
        self.running = False
        self.progress_line = ""  # while running: "Refreshing 3/12 sources…"
        self._progress = progress
        self._reload = reload
        self._finished = finished
        self._reload_timer: Timer | None = None

    def start(self, names: Sequence[str] | None, *, quiet: bool = False) -> None:
        """Refresh ``names`` (None: every enabled source) unless a refresh is running."""
        if self.running:
            if not quiet:
                self.app.notify("A refresh is already running.", timeout=3)
            return
        self.running = True
        # At once: the worker first imports the fetch code, which takes a moment.
        self._show("Refreshing…")
        self.app.run_worker(
            self.run_refresh(list(names) if names else None, quiet),
            name="run_refresh",
            group="refresh",
            exclusive=True,
            description="Refreshing sources",
            exit_on_error=False,
        )

    async def run_refresh(self, names: list[str] | None, quiet: bool = False) -> None:
        # Imported here, not at start-up: the fetch code is not needed for the first paint.
        from tuireader.fetch.outcomes import RefreshReport

        report = RefreshReport()
        completed = False
        # Everything inside the try: a refresh that fails on its first line (a source list
        # that cannot be read) must not leave ``running`` set and refuse every later one.
        try:
            chosen = [s.name for s in self.refresher.sources(names)]
            if not chosen:
                self.app.notify(
                    "No source to refresh: every source is disabled (enabled = false).",
                    severity="warning",
                    timeout=6,
                )
            elif not quiet:
                self.app.notify(start_text(chosen, everything=names is None), timeout=3)
            done = failed = 0
            self._show(progress_text(chosen, done, failed))

            def on_done(outcome: SourceOutcome) -> None:
                nonlocal done, failed
                done += 1
                failed += not outcome.ok
                self._show(progress_text(chosen, done, failed))
                if outcome.new or outcome.updated or not outcome.ok:
                    self._reload_soon()

            report = await self.refresher.refresh(names, on_done=on_done)
            completed = True
        finally:
            self.running = False
            self.progress_line = ""
            if self._reload_timer is not None:
                self._reload_timer.stop()
                self._reload_timer = None
            self._finished(report, quiet or not completed)
            self._reload()

    def _show(self, line: str) -> None:
        self.progress_line = line
        self._progress(line)

    def _reload_soon(self) -> None:
        """Show what a running refresh has stored so far, at most once every
        RELOAD_INTERVAL seconds: a reload builds the whole list again, and fifty sources
        finishing one after another must not mean fifty reloads."""
        if self._reload_timer is None:
            self._reload_timer = self.app.set_timer(RELOAD_INTERVAL, self._reload_now)

    def _reload_now(self) -> None:
        self._reload_timer = None
        self._reload()
