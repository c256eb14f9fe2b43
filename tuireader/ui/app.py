"""The hubread Textual app: the stores, themes, keys, and the background work.

Reading the cache, refreshing, searching and saving all run in named workers; results come
back to the reader screen as past-tense messages (``ItemsLoaded``,
``RefreshFinished``, ``LibraryChanged``), so input is never blocked.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState, get_current_worker

from tuireader.config.key_names import current_names, renamed_notice
from tuireader.kinds.source import SourceConfig
from tuireader.links import open_file, open_url
from tuireader.storage.cache import SourceState
from tuireader.storage.home import Stores
from tuireader.storage.list_rows import ListItem
from tuireader.ui import key_conflicts
from tuireader.ui.failures import report_error, report_failure, start_reader_log, stop_reader_log
from tuireader.ui.messages import ItemsLoaded, LibraryChanged, RefreshFinished
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

LIBRARY_SYNC_SECONDS = 2.0
FIRST_PAGE = 200  # rows read for the first paint, before the whole cache
FIRST_PAINT_WAIT = 1.0  # seconds the full load waits for the first page to be painted


class HubreadApp(App[int]):
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
        # Read the first screenful while Textual starts up (SQLite releases the GIL).
        self._first_page = ThreadPoolExecutor(1, thread_name_prefix="first-page").submit(
            stores.cache.list_items, FIRST_PAGE
        )
        self._first_painted = threading.Event()

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

    def first_paint_done(self) -> None:
        """Called once the first page is on screen: the whole cache may load now."""
        self._first_painted.set()

    def first_page_if_ready(self) -> list[ListItem] | None:
        """The prefetched newest papers, when reading them has already finished."""
        if self._first_page.done() and self._first_page.exception() is None:
            return self._first_page.result() or None
        return None

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

    def _apply_keymap(self) -> None:
        keys = current_names(self.stores.config.keys)
        if renamed := renamed_notice(self.stores.config.keys):
            self.notify(renamed, severity="warning", timeout=15, markup=False)
        known = {b.id for b in self._all_bindings() if b.id}
        unknown = sorted(set(keys) - known)
        if unknown:
            self.notify(
                f"[keys] in config.toml names unknown actions: {', '.join(unknown)}. "
                f"Known: {', '.join(sorted(known))}",
                severity="warning",
                timeout=15,
                markup=False,
            )
        keymap = {k: v for k, v in keys.items() if k in known}
        self.set_keymap(keymap)
        # Once the reader's widgets are there: their keys are part of its focus chains.
        self.call_after_refresh(key_conflicts.report, self, self.reader, keymap)

    def _all_bindings(self) -> Iterable[Binding]:
        for binding in [*self.BINDINGS, *ReaderScreen.BINDINGS]:
            if isinstance(binding, Binding):
                yield binding

    def _usable_bindings(self) -> Iterable[Binding]:
        """The bindings the help and the palette show: no LLM ones without [llm]."""
        for binding in self._all_bindings():
            if self.stores.config.llm is not None or binding.id not in ReaderScreen.LLM_ACTIONS:
                yield binding

    # ----------------------------------------------------------------- loading
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
            self.start_refresh(None, quiet=True)

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

    # ----------------------------------------------------------------- library
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

    def help_rows(self) -> list[tuple[str, str]]:
        rows = [
            ("j/k ↓/↑", "move in the focused pane"),
            ("PgUp/PgDn g/G", "page up / down, top / bottom (every pane)"),
            ("Enter", "open the abstract (from the list), the papers (from sources)"),
        ]
        for binding in self._usable_bindings():
            rows.append((self.keys_of(binding), binding.description))
        rows.append(("Ctrl+P", "command palette: every action by name"))
        if self.stores.config.llm is None:
            from tuireader.ui.screens.brief_actions import HOW_TO_TURN_ON

            rows.append(("", HOW_TO_TURN_ON))
        return rows

    def action_help(self) -> None:
        from tuireader.ui.screens.help import HelpScreen  # dialogs load on first use

        self.push_screen(HelpScreen(self.help_rows()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in self._usable_bindings():
            if binding.id in ("quit", "next_pane", "prev_pane"):
                continue
            namespace: DOMNode = self if binding in self.BINDINGS else self.reader

            def run(action: str = binding.action, namespace: DOMNode = namespace) -> None:
                self.call_later(self.run_action, action, namespace)

            yield SystemCommand(binding.description, f"key: {self.keys_of(binding)}", run)

    def keys_of(self, binding: Binding) -> str:
        """The keys of ``binding`` after any [keys] remapping, as the user types them:
        ``?`` and ``/``, not Textual's ``question_mark`` and ``slash``."""
        remapped = current_names(self.stores.config.keys)
        keys = remapped.get(binding.id, binding.key) if binding.id else binding.key
        return ", ".join(
            self.get_key_display(Binding(key.strip(), binding.action))
            for key in keys.split(",")
            if key.strip()
        )

    def key_for(self, action_id: str) -> str:
        """The first key that runs the action named ``action_id``, for hints in messages."""
        for binding in self._all_bindings():
            if binding.id == action_id:
                return self.keys_of(binding).split(", ")[0]
        return action_id

    # ----------------------------------------------------------------- quitting
    async def action_quit(self) -> None:
        """Quit once everything is saved; if library.json cannot be written, say what is
        unsaved and let the user retry or quit anyway (exit status 1: changes lost)."""
        if self.stores.library.flush():
            self.exit(0)
            return
        from tuireader.ui.screens.unsaved import ask_before_losing

        ask_before_losing(self, self.stores.library)
