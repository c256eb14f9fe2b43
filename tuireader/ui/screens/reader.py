"""The main screen: sources, papers and the abstract, and every action on papers.

The screen owns what is shown (view, search, sort, cursor); its host (the app, through
``ReaderHost``) owns the stores and the background work. Its keys are in reader_keys.py,
what the list shows in view_list.py, the abstract pane in abstract_pane.py, and what the
keys do to papers in paper_actions.py (and the other *_actions.py).
"""

from __future__ import annotations

import sqlite3

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList
from textual.worker import Worker

from tuireader.briefing.client import ChatClient
from tuireader.briefing.saved import TldrStore
from tuireader.model import Paper
from tuireader.storage.cache import SourceState
from tuireader.storage.home import Stores
from tuireader.storage.list_rows import ListItem
from tuireader.ui import refresh_feedback, typed_ahead
from tuireader.ui.auto_read import AutoRead, auto_read_delay
from tuireader.ui.failures import error_line, report_error, report_if_failed
from tuireader.ui.host import ReaderHost
from tuireader.ui.latex_toggle import LatexMode, toggle_latex
from tuireader.ui.layout import SourcesPane, fit_height
from tuireader.ui.messages import (
    ItemsLoaded,
    LibraryChanged,
    RadarExplained,
    RadarRanked,
    RefreshFinished,
    TagRanked,
)
from tuireader.ui.pdf_saves import PdfSaves
from tuireader.ui.screens import (
    abstract_pane,
    brief_actions,
    copy_menu,
    first_page,
    navigation,
    paper_actions,
    query_views,
    radar_actions,
    reader_keys,
    undo_actions,
    view_list,
)
from tuireader.ui.screens.view_commands import ViewCommands
from tuireader.ui.undo import UndoHistory
from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.search_bar import SearchBar
from tuireader.ui.widgets.source_list import SourceList
from tuireader.zotero.lookup import ZoteroIndex


class ReaderScreen(Screen[None]):
    """Sources | papers over abstract."""

    BINDINGS = reader_keys.READER_BINDINGS
    COMMANDS = {ViewCommands}
    LLM_ACTIONS = reader_keys.LLM_ACTIONS  # absent without an [llm] table

    def __init__(self, host: ReaderHost) -> None:
        super().__init__()
        self.host = host
        self.items: list[ListItem] = []
        self.states: dict[str, SourceState] = {}
        self.view_id = "all"
        self.unread_only = False
        self.sort = "date"
        self.search_query = ""
        self.search_ids: set[int] | None = None
        self.hidden_read = 0  # how many read papers the unread-only filter hides
        self.shown: Paper | None = None
        self.radar = radar_actions.RadarState()
        self.query_views = query_views.QueryViewState()
        self.latex = LatexMode()  # LaTeX rendered or as written, for the session
        self._read_error = ""  # the last failure to read a paper, reported once
        # What Zotero's local API says is there already (None: no local API, no marks).
        self.zotero_index: ZoteroIndex | None = None
        self.tldrs: TldrStore | None = None  # read on first use (see brief_actions)
        self.llm_clients: set[ChatClient] = set()  # TL;DR requests under way
        self.pdf_saves = PdfSaves(self)
        self.sources_pane = SourcesPane(self, "#sources", "#papers")  # H, narrow terminals
        self.auto_read = AutoRead(
            self, lambda: auto_read_delay(self.stores.config.ui), self._mark_read
        )
        self.undo = UndoHistory()  # the marks U takes back (undo_actions.py)

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield SourceList(id="sources")
            with Vertical(id="reading"):
                yield SearchBar(self.stores.cache.search_ids, id="search")
                yield PaperList(self._render_row, id="papers")
                yield AbstractView(id="abstract")
        yield Footer()

    def on_mount(self) -> None:
        self.sort = self.stores.config.ui.sort
        from tuireader.ui.screens import zotero  # its client loads here, off the first paint

        zotero.look_up_library(self)
        self.query_one(SourceList).border_title = "Sources"
        self.query_one(AbstractView).border_title = "Abstract"
        self.query_one(AbstractView).border_subtitle = self.latex.label()
        self.set_focus(self.query_one(PaperList))
        query_views.start(self)
        first_page.on_mount(self)

    def on_key(self, event: events.Key) -> None:
        typed_ahead.passed_screen(self, event)  # see typed_ahead.py

    def on_paste(self, event: events.Paste) -> None:
        typed_ahead.passed_screen(self, event)

    def on_resize(self, event: events.Resize) -> None:
        self.sources_pane.fit(event.size.width)
        fit_height(self, event.size.height)

    def action_toggle_sources(self) -> None:
        self.sources_pane.toggle()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return reader_keys.allowed(action, self.focused, llm=self.stores.config.llm is not None)

    # ----------------------------------------------------------------- data in
    @property
    def stores(self) -> Stores:
        return self.host.stores

    def on_items_loaded(self, message: ItemsLoaded) -> None:
        first_page.loaded(self, message)

    def on_library_changed(self, message: LibraryChanged) -> None:
        self.rebuild()
        self.host.radar.rank()

    def on_radar_ranked(self, message: RadarRanked) -> None:
        radar_actions.ranked(self, message)

    def on_tag_ranked(self, message: TagRanked) -> None:
        radar_actions.tag_ranked(self, message)

    def on_radar_explained(self, message: RadarExplained) -> None:
        radar_actions.explained(self, message)

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        """One toast for the whole refresh: what arrived, and every source that failed."""
        refresh_feedback.show_finished(self, message.report, quiet=message.quiet)

    # ----------------------------------------------------------------- views
    def rebuild(self) -> None:
        """Recompute the list and the counts; the cursor stays on its paper."""
        self.query_one(PaperList).set_items(view_list.visible(self))
        self.refresh_marks()

    def refresh_marks(self) -> None:
        """Marks changed: redraw rows, counts, titles and the abstract."""
        self.query_one(PaperList).refresh_rows()
        view_list.show_counts(self)
        if self.shown is not None:
            self._show_paper(self.shown.key, keep_scroll=True)

    @property
    def view_label(self) -> str:
        """The current view's name: All, Unread, Starred, a tag or a source."""
        return view_list.view_label(self)

    def _render_row(self, item: ListItem, width: int = 0) -> Content:
        return view_list.render_row(self, item, width)

    # ----------------------------------------------------------------- the abstract
    def _paper(self, key: str) -> Paper | None:
        """From the cache, else the library's copy of a starred paper the cache purged.
        A cache that cannot be read is reported (once, not at every cursor move)."""
        try:
            paper = self.stores.cache.paper(key)
        except sqlite3.Error as exc:
            paper = None
            if error_line("Reading the paper", exc) != self._read_error:
                self._read_error = report_error(self.app, "Reading the paper", exc, "reader")
        return paper or self.stores.library.starred_paper(key)

    def paper_for(self, key: str) -> Paper | None:
        """Paper ``key`` from the cache or the library (None if neither has it)."""
        return self._paper(key)

    def jump_to_paper(self, key: str | None) -> None:
        """Show paper ``key`` (a brief's [n]): in this view if listed, else in All."""
        if key is not None:
            view_list.jump_to_paper(self, key)

    def _show_paper(self, key: str | None, *, keep_scroll: bool = False) -> None:
        abstract_pane.show_paper(self, key, keep_scroll=keep_scroll)

    def _mark_read(self, key: str) -> None:
        abstract_pane.mark_read(self, key)

    @on(PaperList.Highlighted)
    def _paper_highlighted(self, event: PaperList.Highlighted) -> None:
        self.auto_read.cancel()
        key = event.item.key if event.item else None
        # A reload (a mark saved, a ranking) keeps the paper: and the reader's place in it.
        self._show_paper(key, keep_scroll=self.shown is not None and self.shown.key == key)
        if key is not None and event.by_user and self.query_one(PaperList).has_focus:
            self.auto_read.start(key, is_read=self.stores.library.is_read(key))

    @on(PaperList.Selected)
    def _paper_selected(self, event: PaperList.Selected) -> None:
        key = event.item.key
        if self.auto_read.pending != key:  # Enter chooses it, as moving to it does
            self.auto_read.start(key, is_read=self.stores.library.is_read(key))
        self.set_focus(self.query_one(AbstractView))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Leaving the paper (for anything but its abstract) cancels its auto-read."""
        if not isinstance(event.widget, PaperList | AbstractView):
            self.auto_read.cancel()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_if_failed(self.app, event)  # a screen's worker does not reach the app's

    def on_unmount(self) -> None:
        query_views.stop(self)
        for client in list(self.llm_clients):  # quitting must not wait for a model
            client.cancel()

    def on_screen_suspend(self) -> None:
        self.auto_read.cancel()  # a dialog covers the paper

    @on(OptionList.OptionHighlighted, "#sources")
    def _source_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.view_id:
            self.enter_view(event.option.id)

    def enter_view(self, view_id: str, *, last: bool = False) -> None:
        """Show ``view_id`` with the cursor on its first unread paper (see navigation.py)."""
        view_list.enter_view(self, view_id, last=last)

    @on(OptionList.OptionSelected, "#sources")
    def _source_selected(self, event: OptionList.OptionSelected) -> None:
        self.set_focus(self.query_one(PaperList))

    # ----------------------------------------------------------------- search
    def action_search(self) -> None:
        query_views.show_scope(self)
        self.query_one(SearchBar).open()

    def action_search_scope(self) -> None:
        query_views.toggle_scope(self)

    def action_announce_filter(self) -> None:
        query_views.cycle_announce(self)

    def on_search_bar_searched(self, message: SearchBar.Searched) -> None:
        self.show_search(message.query, message.ids)

    def show_search(self, query: str, ids: set[int] | None) -> None:
        """Show the papers matching ``query`` (row ids from the cache), newest first."""
        view_list.show_search(self, query, ids)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.query_one(PaperList))

    def action_clear_search(self) -> None:
        if self.query_one(SearchBar).display or self.search_ids is not None:
            self.end_search()
            self.rebuild()
            self.set_focus(self.query_one(PaperList))

    def end_search(self) -> None:
        """Close the search bar; the view shows without its search at the next rebuild."""
        view_list.end_search(self)

    # ----------------------------------------------------------------- actions on papers
    def current_paper(self) -> Paper | None:
        """The paper under the cursor; None (and a warning) when the list is empty."""
        item = self.query_one(PaperList).current
        if item is None:
            self.notify("No paper selected.", severity="warning", timeout=3)
            return None
        return self._paper(item.key)

    def listed(self) -> list[ListItem]:
        """The papers of the current view, as listed."""
        return self.query_one(PaperList).items

    def action_star(self) -> None:
        paper_actions.star(self)

    def action_toggle_read(self) -> None:
        paper_actions.toggle_read(self)

    def action_mark_all_read(self) -> None:
        paper_actions.mark_all_read(self)

    def action_tags(self) -> None:
        paper_actions.edit_tags(self)

    def action_note(self) -> None:
        paper_actions.edit_note(self)

    def action_open_abstract(self) -> None:
        paper_actions.open_link(self, pdf=False)

    def action_open_pdf(self) -> None:
        paper_actions.open_link(self, pdf=True)

    def action_copy_bibtex(self) -> None:
        paper_actions.copy_bibtex(self)

    def action_copy_menu(self) -> None:
        copy_menu.show_copy_menu(self)

    def action_save_pdf(self) -> None:
        self.pdf_saves.save_current()

    def action_export_view(self) -> None:
        paper_actions.export_view(self)

    def action_zotero_paper(self) -> None:
        from tuireader.ui.screens import zotero  # the client loads on first use

        zotero.push_paper(self)

    def action_zotero_view(self) -> None:
        from tuireader.ui.screens import zotero

        zotero.push_view(self)

    def action_brief(self) -> None:
        brief_actions.write_brief(self)

    def action_open_brief(self) -> None:
        brief_actions.open_saved_brief(self)

    def action_tldr(self) -> None:
        brief_actions.ask_tldr(self)

    def action_unread_only(self) -> None:
        view_list.toggle_unread_only(self)

    def action_not_interested(self) -> None:
        radar_actions.dismiss(self)

    def action_undo(self) -> None:
        undo_actions.undo(self)

    def action_next_unread(self) -> None:
        navigation.next_unread(self, 1)

    def action_prev_unread(self) -> None:
        navigation.next_unread(self, -1)

    def action_page_abstract(self) -> None:
        navigation.page_down(self)

    def action_page_abstract_back(self) -> None:
        navigation.page_up(self)

    def action_why(self) -> None:
        radar_actions.why(self)

    def action_toggle_latex(self) -> None:
        toggle_latex(self)

    def action_jump_nearest(self, index: int) -> None:
        radar_actions.jump_nearest(self, index)

    def show_current(self, *, keep_scroll: bool = True) -> None:
        """Show the current paper's abstract again (an explanation arrived)."""
        if self.shown is not None:
            self._show_paper(self.shown.key, keep_scroll=keep_scroll)

    def listed_current(self) -> ListItem | None:
        return self.query_one(PaperList).current

    def go_to_paper(self, view_id: str, key: str) -> None:
        """Show ``view_id`` with the cursor on ``key`` (else the All view)."""
        view_list.go_to_paper(self, view_id, key)

    def action_cycle_sort(self) -> None:
        view_list.cycle_sort(self)

    def action_refresh_source(self) -> None:
        """The sources of the view on screen (see refresh_feedback.view_sources)."""
        sources, searching = self.stores.config.sources, self.search_ids is not None
        names = refresh_feedback.view_sources(
            self.view_id, self.listed(), sources, searching=searching
        )
        self.host.start_refresh(names)
