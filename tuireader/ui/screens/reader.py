"""The main screen: sources, papers and the abstract, and every action on papers.

The screen owns what is shown (view, search, sort, cursor); its host (the app, through
``ReaderHost``) owns the stores and the background work. What the keys do to papers is in
paper_actions.py.
"""

from __future__ import annotations

import sqlite3

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList
from textual.worker import Worker

from tuireader.briefing.client import ChatClient
from tuireader.briefing.saved import TldrStore
from tuireader.config.settings import SORT_ORDERS
from tuireader.model import Paper
from tuireader.query.list_items import (
    Marks,
    count_entries,
    select,
    sort_items,
    source_folders,
    starred_items,
)
from tuireader.storage.cache import SourceState
from tuireader.storage.home import Stores
from tuireader.storage.list_rows import ListItem
from tuireader.ui import refresh_feedback
from tuireader.ui.auto_read import AutoRead, auto_read_delay
from tuireader.ui.empty_view import empty_message
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
from tuireader.ui.render import (
    abstract_content,
    failure_line,
    list_title,
    paper_row,
)
from tuireader.ui.screens import (
    brief_actions,
    copy_menu,
    navigation,
    paper_actions,
    query_views,
    radar_actions,
    undo_actions,
)
from tuireader.ui.screens.view_commands import ViewCommands
from tuireader.ui.undo import UndoHistory
from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.search_bar import SearchBar
from tuireader.ui.widgets.source_list import SourceList
from tuireader.zotero.lookup import ZoteroIndex

# Widgets that take typed text (by class name, so checking does not import TextArea, which
# only the note dialog uses).
_TEXT_FIELDS = frozenset(("Input", "TextArea"))


class ReaderScreen(Screen[None]):
    """Sources | papers over abstract."""

    BINDINGS = [
        Binding("tab,l", "app.focus_next", "Next pane", id="next_pane", show=False),
        Binding("shift+tab,h", "app.focus_previous", "Previous pane", id="prev_pane", show=False),
        Binding("s", "star", "Star", id="star"),
        Binding("m", "toggle_read", "Read", id="toggle_read"),
        Binding("A", "mark_all_read", "All read", id="mark_all_read", show=False),
        Binding("u", "unread_only", "Unread only", id="unread_only", show=False),
        Binding("o", "open_abstract", "Open", id="open_abstract", show=False),
        Binding("p", "open_pdf", "PDF", id="open_pdf", show=False),
        Binding("y", "copy_bibtex", "Copy BibTeX", id="copy_bibtex", show=False),
        Binding("c", "copy_menu", "Copy id, DOI, link…", id="copy_menu", show=False),
        Binding("P", "save_pdf", "Save the PDF", id="save_pdf", show=False),
        Binding("e", "export_view", "Export", id="export", show=False),
        Binding("z", "zotero_paper", "Save to Zotero", id="zotero", show=False),
        Binding("Z", "zotero_view", "Save the view to Zotero", id="zotero_view", show=False),
        Binding("r", "refresh_source", "Refresh this view", id="refresh_source", show=False),
        Binding("S", "cycle_sort", "Sort", id="sort", show=False),
        Binding("x", "not_interested", "Not interested", id="dismiss", show=False),
        Binding("ctrl+z,U", "undo", "Undo the last mark", id="undo", show=False),
        Binding("right_square_bracket", "next_unread", "Next unread", id="next_unread", show=False),
        Binding(
            "left_square_bracket", "prev_unread", "Previous unread", id="prev_unread", show=False
        ),
        Binding(
            "space",
            "page_abstract",
            "Page the abstract, then next unread",
            id="page_abstract",
            show=False,
        ),
        Binding(
            "shift+space,minus",
            "page_abstract_back",
            "Page the abstract back",
            id="page_abstract_back",
            show=False,
        ),
        Binding("w", "why", "Why? (radar)", id="why", show=False),
        Binding("H", "toggle_sources", "Sources", id="toggle_sources"),
        Binding("L", "toggle_latex", "LaTeX rendered/as written", id="toggle_latex", show=False),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("b", "brief", "Brief", id="brief"),
        Binding("ctrl+b", "open_brief", "Saved brief", id="open_brief", show=False),
        Binding("B", "tldr", "TL;DR", id="tldr", show=False),
        # Priority: these open a text field, and must do so while this key is handled,
        # before the keys typed right after it reach the focused list's bindings.
        Binding("t", "tags", "Tags", id="tags", priority=True),
        Binding("slash", "search", "Search", id="search", priority=True),
        Binding("n", "note", "Note", id="note", priority=True, show=False),
        Binding(
            "f",
            "announce_filter",
            "Announce type: all/new/cross/replace",
            id="announce_filter",
            show=False,
        ),
        Binding("ctrl+t", "search_scope", "Search all / this view", id="search_scope", show=False),
    ]
    COMMANDS = {ViewCommands}
    _OPENS_A_FIELD = frozenset(("tags", "search", "note"))
    LLM_ACTIONS = frozenset(("brief", "open_brief", "tldr"))  # absent without an [llm] table

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
        page = self.host.first_page_if_ready()
        self._update_titles()
        if page:  # already read while Textual started: the very first frame has papers
            self._show_first_page(page)

    def on_resize(self, event: events.Resize) -> None:
        self.sources_pane.fit(event.size.width)
        fit_height(self, event.size.height)

    def action_toggle_sources(self) -> None:
        self.sources_pane.toggle()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Not while typing: a priority key would otherwise never reach the text field.
        No LLM keys without [llm]."""
        if action in self.LLM_ACTIONS:
            return self.stores.config.llm is not None
        if action in self._OPENS_A_FIELD:
            return self.focused is None or not any(
                cls.__name__ in _TEXT_FIELDS for cls in type(self.focused).__mro__
            )
        return True

    # ----------------------------------------------------------------- data in
    @property
    def stores(self) -> Stores:
        return self.host.stores

    def on_items_loaded(self, message: ItemsLoaded) -> None:
        if message.partial:
            if not self.query_one(PaperList).items:  # unless on_mount already showed it
                self._show_first_page(message.items)
            # The loader posts this before it waits, whether the page was shown here or
            # on mount: the next frame has it on screen.
            self.call_after_refresh(self.host.first_paint_done)
            return
        self.items = message.items
        self.states = message.states
        self.rebuild()
        self.host.radar.rank()
        query_views.reload(self)

    def _show_first_page(self, page: list[ListItem]) -> None:
        """The newest papers, shown while the whole cache loads."""
        papers = self.query_one(PaperList)
        papers.set_items(page)
        papers.border_title = "All · newest papers · loading the rest…"

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
    def _visible(self) -> list[ListItem]:
        marks = Marks.of(self.stores.library)
        if self.search_ids is not None:  # the whole cache (newest first) or this view
            ids = self.search_ids
            in_view = self.query_views.search_in_view
            base = self._view_items(marks) if in_view else self.items
            items = [i for i in base if i.id in ids]
        else:
            items = self._view_items(marks)
        items = self.query_views.by_type(items)
        self.hidden_read = 0
        if self.unread_only:
            shown = [i for i in items if not marks.is_read(i.key)]
            self.hidden_read, items = len(items) - len(shown), shown
        return items

    def _view_items(self, marks: Marks) -> list[ListItem]:
        if self.query_views.owns(self.view_id):
            items = self.query_views.items(self.view_id, self.sort)
        elif radar_actions.is_radar(self.view_id):
            items = radar_actions.items(self, self.items, self.view_id)
        else:
            items = select(
                self.items,
                self.view_id,
                marks,
                starred_extra=starred_items(self.stores.library),
                folders=source_folders(self.stores.config.sources),
            )
            items = sort_items(items, self.sort)
        return items

    def rebuild(self) -> None:
        """Recompute the list and the counts; the cursor stays on its paper."""
        self.query_one(PaperList).set_items(self._visible())
        self.refresh_marks()

    def refresh_marks(self) -> None:
        """Marks changed: redraw rows, counts, titles and the abstract."""
        self.query_one(PaperList).refresh_rows()
        library = self.stores.library
        failing = {n for n, s in self.states.items() if s.failing}
        sources = self.stores.config.sources
        entries = count_entries(
            self.items,
            Marks.of(library),
            [s.name for s in sources],
            library.all_tags(),
            failing,
            starred_items(library),
            source_folders(sources),
            warned={n for n, s in self.states.items() if s.warned},
        )
        self.query_one(SourceList).show_entries(
            [*radar_actions.entries(self, self.items), *query_views.with_query_views(self, entries)]
        )
        self._update_titles()
        if self.shown is not None:
            self._show_paper(self.shown.key, keep_scroll=True)

    @property
    def view_label(self) -> str:
        """The current view's name: All, Unread, Starred, a tag or a source."""
        if self.view_id.startswith("radar:"):
            return f"#{self.view_id[6:]} radar"
        if (label := self.query_views.label(self.view_id)) is not None:
            return label
        return {"all": "All", "unread": "Unread", "starred": "Starred", "radar": "Radar"}.get(
            self.view_id, self.view_id.split(":", 1)[-1]
        )

    def _update_titles(self) -> None:
        papers = self.query_one(PaperList)
        papers.border_title = list_title(
            self.view_label,
            len(papers.items),
            unread_only=self.unread_only,
            sort=self.radar.sort if radar_actions.is_radar(self.view_id) else self.sort,
            search=self.search_query if self.search_ids is not None else None,
        ) + query_views.title_suffix(self)
        papers.border_subtitle = failure_line(
            self.states.get(self.view_id[4:]) if self.view_id.startswith("src:") else None
        )

    def _render_row(self, item: ListItem, width: int = 0) -> Content:
        library = self.stores.library
        radar = self.stores.config.radar
        lead, tail = radar_actions.lead_and_tail(self, item.key)
        return paper_row(
            item,
            read=library.is_read(item.key),
            starred=library.is_starred(item.key),
            sources=self.host.sources_by_name,
            in_zotero=self.zotero_index is not None and self.zotero_index.has(item.key, item.title),
            keywords=radar.keywords,
            lead=lead,
            marked=radar_actions.passes(self, item.key),
            tail=tail,
            shown=self.latex.shown,
            width=width,
        )

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
        if key is None:
            return
        papers = self.query_one(PaperList)
        if not papers.show_key(key):
            self.view_id = "all"
            self._end_search()
            self.unread_only = False
            self.rebuild()
            if not papers.show_key(key):
                self.notify("That paper is no longer in the cache.", severity="warning")
                return
        self.set_focus(papers)

    def _show_paper(self, key: str | None, *, keep_scroll: bool = False) -> None:
        view = self.query_one(AbstractView)
        paper = self._paper(key) if key else None
        self.shown = paper
        if paper is None:
            view.show(
                self._empty_message()
                if key is None
                else Content("This paper is no longer in the cache.")
            )
            return
        library = self.stores.library
        radar = self.stores.config.radar
        why = radar_actions.why_lines(self, paper.key)
        content = (
            Content("\n").join([why, Content(""), Content("")]) if why else Content("")
        ) + abstract_content(
            paper,
            sources=self.host.sources_by_name,
            starred=library.is_starred(paper.key),
            tags=library.tags(paper.key),
            note=library.note(paper.key),
            keywords=radar.keywords,
            radar_authors=radar.authors,
            shown=self.latex.shown,
            styled=self.latex.styled,
        )
        view.show(brief_actions.with_tldr(self, paper.key, content), keep_scroll=keep_scroll)

    def _empty_message(self) -> Content:
        if reason := query_views.empty_reason(self) or query_views.empty_view_reason(self):
            return reason
        name = self.view_id[4:] if self.view_id.startswith("src:") else ""
        return empty_message(
            self.view_id,
            self.view_label,
            search=self.search_query if self.search_ids is not None else None,
            hidden_read=self.hidden_read,
            source=self.host.sources_by_name.get(name),
            state=self.states.get(name),
            key_for=self.host.key_for,
        )

    def _mark_read(self, key: str) -> None:
        """The auto-read delay is up (see ``AutoRead``): mark ``key`` if still shown."""
        if self.shown is not None and self.shown.key == key:
            label = f"marked {undo_actions.quoted(self.shown.title)} read"
            undo_actions.record(
                self, label, [("read", key)], lambda: self.stores.library.mark_read([key])
            )
            self.stores.library.mark_opened(key)  # the radar's weak negative, if unstarred
            self.host.save_library(then=self.refresh_marks)

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
        self.view_id = view_id
        self._end_search()
        items = self._visible()
        self.query_one(PaperList).set_items(items, navigation.landing_key(self, items, last=last))
        self.refresh_marks()

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
        self.search_query = query
        self.search_ids = ids
        self.query_one(PaperList).set_items(self._visible())
        self._update_titles()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.query_one(PaperList))

    def action_clear_search(self) -> None:
        if self.query_one(SearchBar).display or self.search_ids is not None:
            self._end_search()
            self.rebuild()
            self.set_focus(self.query_one(PaperList))

    def _end_search(self) -> None:
        self.query_one(SearchBar).close()
        self.search_query = ""
        self.search_ids = None

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

    def tldr_arrived(self, key: str, problem: str) -> None:
        """A TL;DR for ``key`` is in: show it if that paper is still shown."""
        if problem:
            self.notify(problem, severity="warning", timeout=8)
        if self.shown is not None and self.shown.key == key:
            self._show_paper(key, keep_scroll=True)

    def action_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self.rebuild()
        self.notify(
            "Showing unread papers only."
            if self.unread_only
            else "Showing read and unread papers.",
            timeout=2,
        )

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
        self._end_search()
        self.view_id = view_id
        if not any(i.key == key for i in self._visible()):
            self.view_id = "all"
        sources = self.query_one(SourceList)
        ids = [sources.get_option_at_index(i).id for i in range(sources.option_count)]
        if self.view_id in ids:
            sources.highlighted = ids.index(self.view_id)
        self.query_one(PaperList).set_items(self._visible(), keep_key=key)
        self.refresh_marks()
        self.set_focus(self.query_one(PaperList))

    def action_cycle_sort(self) -> None:
        if radar_actions.is_radar(self.view_id):
            sorts = radar_actions.RADAR_SORTS
            self.radar.sort = sorts[(sorts.index(self.radar.sort) + 1) % len(sorts)]
            self.rebuild()
            self.notify(f"Radar sorted by {self.radar.sort}.", timeout=2)
            return
        self.sort = SORT_ORDERS[(SORT_ORDERS.index(self.sort) + 1) % len(SORT_ORDERS)]
        self.rebuild()
        self.notify(f"Sorted by {self.sort}.", timeout=2)

    def action_refresh_source(self) -> None:
        """The sources of the view on screen (see refresh_feedback.view_sources)."""
        sources, searching = self.stores.config.sources, self.search_ids is not None
        names = refresh_feedback.view_sources(
            self.view_id, self.listed(), sources, searching=searching
        )
        self.host.start_refresh(names)
