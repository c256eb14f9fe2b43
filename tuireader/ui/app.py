"""The hubread Textual app: the stores, themes, keys, and the background work.

Reading the cache, refreshing, searching and saving all run in named workers; results come
back to the reader screen as past-tense messages (``ItemsLoaded``,
``RefreshFinished``, ``LibraryChanged``), so input is never blocked. The app is put
together from mixins, one concern each: its keys and help (app_keys.py), reading the cache
(app_loading.py), saving the library and quitting (app_library.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from tuireader.kinds.source import SourceConfig
from tuireader.links import open_file, open_url
from tuireader.storage.home import Stores
from tuireader.ui import typed_ahead
from tuireader.ui.app_keys import AppKeys
from tuireader.ui.app_library import LIBRARY_SYNC_SECONDS, LibrarySaving
from tuireader.ui.app_loading import CacheLoading
from tuireader.ui.failures import report_failure, start_reader_log, stop_reader_log
from tuireader.ui.messages import RefreshFinished
from tuireader.ui.radar_work import RadarWork
from tuireader.ui.refreshing import Refreshes
from tuireader.ui.render import toast_text
from tuireader.ui.screens.reader import ReaderScreen
from tuireader.ui.themes import DEFAULT_THEME, load_themes, shipped_themes_dir
from tuireader.wording import plural

if TYPE_CHECKING:
    from tuireader.fetch.outcomes import RefreshReport
    from tuireader.fetch.refreshing import Refresher

logger = logging.getLogger(__name__)


class HubreadApp(AppKeys, CacheLoading, LibrarySaving, App[int]):
    """Sources, papers and the abstract of the selected paper.

    ``refresher`` is the network's or the demo's (see fetch/refreshing.py), made by whoever
    opened ``stores``; the app implements the screen's ``ReaderHost``.
    """

    TITLE = "hubread"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("R", "refresh_all", "Refresh", id="refresh_all"),
        Binding("T", "pick_theme", "Theme", id="theme", show=False),
    ]

    def __init__(
        self,
        stores: Stores,
        refresher: Refresher,
        *,
        opener: Callable[[str], bool] = open_url,
        file_opener: Callable[[Path], bool] = open_file,
    ) -> None:
        super().__init__()
        self.stores = stores
        self.refresher = refresher
        self.file_opener = file_opener  # a saved PDF (see ui/pdf_saves.py)
        self.sources_by_name: dict[str, SourceConfig] = {s.name: s for s in stores.config.sources}
        self.refreshes = Refreshes(
            self,
            refresher,
            progress=self._show_progress,
            reload=self.load_items,
            finished=self._refresh_finished,
        )
        self._opener = opener
        self._theme_ready = False
        self.reader = ReaderScreen(self)
        self.radar = RadarWork(self, stores, self.reader)
        self.read_first_page()  # while Textual starts up (see app_loading.py)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast (a screen's too) is cleaned plain text, never markup: a screen's
        ``notify`` passes ``markup=True`` by default, and a feed title such as
        "[Re] Reproducing …" would lose its brackets. See ``render.toast_text``."""
        super().notify(
            toast_text(message),
            title=toast_text(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # ----------------------------------------------------------------- start-up
    def get_default_screen(self) -> Screen:
        return self.reader

    def on_mount(self) -> None:
        start_reader_log(self, self.stores.paths.data_dir)
        if not self.is_headless:
            self._exit_on_signals()
        self._apply_theme()
        self._apply_keymap()
        self.show_notices(at_start=True)
        self._update_subtitle()
        self.load_items(first=True)
        self.set_interval(LIBRARY_SYNC_SECONDS, self.sync_library)
        if (interval := self.refresher.interval_minutes) > 0:
            self.set_interval(interval * 60, lambda: self.start_refresh(None, quiet=True))

    def on_unmount(self) -> None:
        stop_reader_log(self.stores.paths.data_dir)

    def on_key(self, event: events.Key) -> None:
        """Typing that went to the list before a field opened goes into the field."""
        if typed_ahead.redeliver(self, event):
            event.prevent_default()  # not resolved here, against a field it never reached

    def on_paste(self, event: events.Paste) -> None:
        if typed_ahead.redeliver(self, event):
            event.prevent_default()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place where a failed worker (any of this app's; none run elsewhere)
        reaches the user and the log. Cancelled workers are not failures."""
        if event.state is WorkerState.ERROR:
            report_failure(self, event.worker)
        elif (
            event.state is WorkerState.SUCCESS
            and self.stores.cache.problems
            and self.stores.has_new_problems()
        ):
            # Work that read the cache found it damaged and started anew: say so now
            # rather than at the next sync tick.
            self.show_notices(at_start=False)

    def _apply_theme(self) -> None:
        themes = load_themes(shipped_themes_dir(), self.stores.paths.user_themes_dir)
        for theme in themes.themes:
            self.register_theme(theme)
        if themes.errors:
            self.notify(
                "\n".join(themes.errors),
                title="Theme files skipped",
                severity="warning",
                markup=False,
            )
        wanted = self.stores.config.ui.theme
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            self.theme = DEFAULT_THEME
            self.notify(
                f"Unknown theme {wanted!r}; using {DEFAULT_THEME}.",
                severity="warning",
                markup=False,
            )
        self._theme_ready = True

    # ----------------------------------------------------------------- refreshing
    @property
    def refreshing(self) -> bool:
        return self.refreshes.running

    def start_refresh(self, names: Sequence[str] | None, *, quiet: bool = False) -> None:
        """Refresh ``names`` (None: every enabled source) unless a refresh is running."""
        self.refreshes.start(names, quiet=quiet)

    def _show_progress(self, line: str) -> None:
        self.sub_title = line

    def _refresh_finished(self, report: RefreshReport, quiet: bool) -> None:
        self.reader.post_message(RefreshFinished(report, quiet=quiet))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No app keys while a dialog is open (the dialog's own keys answer it)."""
        if action in ("quit", "refresh_all", "pick_theme", "help"):
            return not isinstance(self.screen, ModalScreen)
        return True

    def action_refresh_all(self) -> None:
        self.start_refresh(None)

    # ----------------------------------------------------------------- themes, links, help
    def watch_theme(self, theme: str) -> None:
        if self._theme_ready and self.stores.home.keeps_settings:
            self.save_theme(theme)

    @work(
        thread=True,
        exclusive=True,
        group="config",
        name="save_theme",
        description="Saving the theme",
        exit_on_error=False,
    )
    def save_theme(self, theme: str) -> None:
        """A failure (a ConfigError, or any other) is reported by on_worker_state_changed."""
        from tuireader.config.editing import set_theme  # tomlkit: only when saving

        set_theme(self.stores.config.path, theme)

    @work(
        thread=True,
        group="export",
        name="export_papers",
        description="Exporting papers",
        exit_on_error=False,
    )
    def export_papers(self, keys: list[str], format_name: str, view: str) -> None:
        """A failure (the folder or file cannot be written: an OSError naming it) is
        reported by on_worker_state_changed, as every worker's is."""
        from tuireader.export.to_file import export_to_file  # exporters load on first use

        path, count = export_to_file(self.stores, keys, format_name, view)
        self.call_from_thread(
            self.notify,
            f"Exported {plural(count, 'paper')} to {path}{self.stores.home.folder_note}",
            timeout=10,
            markup=False,
        )

    def action_pick_theme(self) -> None:
        self.search_themes()

    @work(
        thread=True,
        group="open",
        name="open_link",
        description="Opening a link",
        exit_on_error=False,
    )
    def open_link(self, url: str) -> None:
        ok = self._opener(url)
        message = f"Opened {url}" if ok else f"No browser could open {url}"
        self.call_from_thread(
            self.notify,
            message,
            timeout=4,
            markup=False,
            severity="information" if ok else "warning",
        )
