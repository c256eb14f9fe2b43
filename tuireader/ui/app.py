"""The hubread Textual app: three panes over the cache and the library.

Loading runs in a named thread worker and comes back as a ``PapersLoaded`` message, so the
first paint never waits on disk or network.
"""

from __future__ import annotations

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Header, OptionList

from tuireader import __version__
from tuireader.model import Paper
from tuireader.store.cache import SourceState
from tuireader.stores import Stores
from tuireader.ui.render import abstract_content
from tuireader.ui.themes import DEFAULT_THEME, load_themes, shipped_themes_dir
from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceEntry, SourceList


class PapersLoaded(Message):
    """The cache was read: every paper, and each source's fetch state."""

    def __init__(self, papers: list[Paper], states: dict[str, SourceState]) -> None:
        super().__init__()
        self.papers = papers
        self.states = states


class HubreadApp(App[int]):
    """Sources, papers and the abstract of the selected paper."""

    TITLE = "hubread"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("tab", "focus_next", "Next pane", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, stores: Stores) -> None:
        super().__init__()
        self.stores = stores
        self.papers: list[Paper] = []
        self.states: dict[str, SourceState] = {}
        self.sources = {s.name: s for s in stores.config.sources}
        self.view_id = "all"

    # ----------------------------------------------------------------- setup
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield SourceList(id="sources")
            with Vertical(id="reading"):
                yield PaperList(id="papers")
                yield AbstractView(id="abstract")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "demo: bundled sample feeds" if self.stores.demo else "loading…"
        self.query_one(SourceList).border_title = "Sources"
        self.query_one(PaperList).border_title = "Papers"
        self.query_one(AbstractView).border_title = "Abstract"
        self._apply_theme()
        for problem in self.stores.library.problems + self.stores.cache.problems:
            self.notify(problem, title="hubread", severity="warning", timeout=15)
        self.query_one(PaperList).focus()
        self.load_papers()

    def _apply_theme(self) -> None:
        themes = load_themes(shipped_themes_dir(), self.stores.paths.user_themes_dir)
        for theme in themes.themes:
            self.register_theme(theme)
        if themes.errors:
            self.notify("\n".join(themes.errors), title="Theme files skipped",
                        severity="warning", markup=False)
        wanted = self.stores.config.ui.theme
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            self.theme = DEFAULT_THEME
            self.notify(f"Unknown theme {wanted!r}; using {DEFAULT_THEME}.",
                        severity="warning", markup=False)

    # ----------------------------------------------------------------- loading
    @work(thread=True, exclusive=True, group="load", description="Reading the cache",
          exit_on_error=False)
    def load_papers(self) -> None:
        stores = self.stores
        if stores.demo and stores.cache.count() == 0:
            from tuireader.demo import load_demo_feeds

            load_demo_feeds(stores.config, stores.cache)
        self.post_message(PapersLoaded(stores.cache.papers(), stores.cache.all_source_states()))

    def on_papers_loaded(self, message: PapersLoaded) -> None:
        self.papers = message.papers
        self.states = message.states
        successes = [s.last_success for s in self.states.values() if s.last_success]
        if not self.stores.demo:
            self.sub_title = (f"last refresh {max(successes).astimezone():%Y-%m-%d %H:%M}"
                              if successes else "not refreshed yet")
        self.refresh_views()

    # ----------------------------------------------------------------- views
    def _view_papers(self, view_id: str) -> list[Paper]:
        library = self.stores.library
        if view_id == "unread":
            return [p for p in self.papers if not library.is_read(p.key)]
        if view_id == "starred":
            cached = {p.key for p in self.papers}
            extra = [p for p in library.starred_papers() if p.key not in cached]
            return [p for p in self.papers if library.is_starred(p.key)] + extra
        if view_id.startswith("tag:"):
            keys = library.keys_with_tag(view_id[4:])
            return [p for p in self.papers if p.key in keys]
        if view_id.startswith("src:"):
            name = view_id[4:]
            return [p for p in self.papers if name in p.sources]
        return self.papers

    def _entries(self) -> list[SourceEntry]:
        library = self.stores.library

        def entry(view_id: str, label: str, failing: bool = False) -> SourceEntry:
            papers = self._view_papers(view_id)
            unread = sum(1 for p in papers if not library.is_read(p.key))
            return SourceEntry(view_id, label, unread, len(papers), failing)

        entries = [entry("all", "All"), entry("unread", "Unread"), entry("starred", "Starred")]
        entries += [entry(f"tag:{tag}", f"#{tag}") for tag in library.all_tags()]
        for source in self.stores.config.sources:
            state = self.states.get(source.name)
            entries.append(entry(f"src:{source.name}", source.name,
                                 failing=bool(state and state.failing)))
        return entries

    def refresh_views(self) -> None:
        self.query_one(SourceList).show_entries(self._entries())
        self._show_view()

    def _show_view(self) -> None:
        papers = self._view_papers(self.view_id)
        paper_list = self.query_one(PaperList)
        paper_list.show_papers(papers, self.stores.library, self.sources)
        paper_list.border_title = f"Papers ({len(papers)})"
        self._show_abstract(paper_list.current_paper)

    def _show_abstract(self, paper: Paper | None) -> None:
        view = self.query_one(AbstractView)
        if paper is None:
            from textual.content import Content

            view.show(Content("No papers here yet."))
            return
        library = self.stores.library
        radar = self.stores.config.radar
        view.show(abstract_content(
            paper, sources=self.sources, starred=library.is_starred(paper.key),
            tags=library.tags(paper.key), note=library.note(paper.key),
            keywords=radar.keywords, radar_authors=radar.authors))

    @on(OptionList.OptionHighlighted, "#sources")
    def _source_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.view_id:
            self.view_id = event.option.id
            self._show_view()

    @on(OptionList.OptionHighlighted, "#papers")
    def _paper_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_abstract(self.query_one(PaperList).current_paper)

    @on(OptionList.OptionSelected, "#papers")
    def _paper_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(AbstractView).focus()

    @on(OptionList.OptionSelected, "#sources")
    def _source_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(PaperList).focus()

    # ----------------------------------------------------------------- quitting
    async def action_quit(self) -> None:
        self.stores.library.flush()
        self.exit(0)

    @property
    def version(self) -> str:
        return __version__
