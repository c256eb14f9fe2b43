"""Keeping the reader's library.json safe: every mark saved in a worker before it shows as
done, the file re-read when another program changed it, a failed save retried, and quitting
(``q``, a closed terminal, a kill) only once everything is saved or the user says so.

Apart from the app so that every path by which the user's marks reach the disk (or could
be lost) is in one place.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from tuireader.ui.failures import report_error
from tuireader.ui.messages import LibraryChanged

if TYPE_CHECKING:
    from tuireader.storage.home import Stores
    from tuireader.ui.screens.reader import ReaderScreen

LIBRARY_SYNC_SECONDS = 2.0


class LibrarySaving(App[int]):
    """The library part of ``HubreadApp`` (a mixin: it has no state of its own)."""

    stores: Stores
    reader: ReaderScreen

    def _exit_on_signals(self) -> None:
        """A closed terminal (SIGHUP) or a kill (SIGTERM) ends the app as ``q`` does: the
        terminal is restored and whoever started it cleans up (the demo removes its
        folder). Textual leaves these signals to Python, which would die on the spot."""
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            if (signum := getattr(signal, name, None)) is not None:
                with contextlib.suppress(NotImplementedError):  # no such handlers on Windows
                    loop.add_signal_handler(signum, self._exit_on_signal, signum)

    def _exit_on_signal(self, signum: int) -> None:
        self.stores.library.flush()
        self.exit(128 + signum)  # the status a shell reports for a process the signal killed

    @work(
        thread=True,
        group="save",
        name="save_library",
        description="Saving library.json",
        exit_on_error=False,
    )
    def save_library(self, then: Callable[[], object] | None = None) -> None:
        """Write library.json now; ``then`` runs on the UI thread once the change is on disk,
        so whatever the screen shows as done has been saved (a kill loses nothing shown)."""
        library = self.stores.library
        if not library.flush() and library.write_error:
            self.call_from_thread(
                report_error,
                self,
                "Saving library.json",
                library.write_error,
                "worker 'save_library'",
                "Your changes are kept in memory and saved as soon as that works again "
                "(tried every few seconds; q says what is unsaved).",
            )
        if then is not None:
            self.call_from_thread(then)

    @work(
        thread=True,
        exclusive=True,
        group="sync",
        name="sync_library",
        description="Checking library.json for changes",
        exit_on_error=False,
    )
    def sync_library(self) -> None:
        library = self.stores.library
        if library.write_error and library.dirty:  # a save failed: keep the promise, retry
            unsaved = library.unsaved_changes()
            if library.flush():
                self.call_from_thread(
                    self.notify,
                    f"library.json saved ({unsaved}).",
                    title="Saved",
                    timeout=6,
                    markup=False,
                )
        if library.reload_if_changed():
            self.reader.post_message(LibraryChanged())
        if self.stores.has_new_problems():  # another program broke the file meanwhile
            self.show_notices(at_start=False)

    def show_notices(self, at_start: bool) -> None:
        """What was done to the user's files, here or by a cron ``hubread fetch``, shown
        until acknowledged (see store/notices.py)."""
        from tuireader.ui.screens.notices import show_notices

        show_notices(self, self.stores, at_start=at_start)

    async def action_quit(self) -> None:
        """Quit once everything is saved; if library.json cannot be written, say what is
        unsaved and let the user retry or quit anyway (exit status 1: changes lost)."""
        if self.stores.library.flush():
            self.exit(0)
            return
        from tuireader.ui.screens.unsaved import ask_before_losing

        ask_before_losing(self, self.stores.library)
