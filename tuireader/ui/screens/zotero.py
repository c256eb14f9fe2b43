"""``z`` (the paper under the cursor) and ``Z`` (the papers of the view): into Zotero.

First a worker asks Zotero where it would save (``getSelectedCollection``); the picker
then shows that collection, highlighted among all of Zotero's targets, so that Enter
saves there, another one can be chosen, and Escape sends nothing (the confirmation for a
whole view). A second worker pushes; the toast names the collection, or says in words why
Zotero could not take the papers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tuireader.model import Paper
from tuireader.query.selection import Selection, select_papers
from tuireader.ui.screens.undo_actions import quoted
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.wording import plural
from tuireader.zotero.client import SaveTarget, Target, ZoteroClient, ZoteroError
from tuireader.zotero.lookup import ZoteroIndex, fold_title, read_index
from tuireader.zotero.service import (
    choose_target,
    open_client,
    push_papers,
    split_known,
    summarized,
)

if TYPE_CHECKING:
    from tuireader.ui.screens.reader import ReaderScreen


class ZoteroPicker(ModalScreen[str | None]):
    """Dismisses with a target id ("L1", "C23"), or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, what: str, where: SaveTarget, default: str) -> None:
        super().__init__()
        self.what = what
        self.where = where
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content.assemble(
                    ("Save ", "bold"),
                    self.what,
                    " to Zotero: ",
                    (self.where.path(self.default), "bold"),
                )
            )
            yield OptionList(
                *(Option(Content("  " * t.level + t.name), id=t.id) for t in self.where.targets),
                id="targets",
            )
            yield Static(Content("Enter saves, Escape cancels."), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [t.id for t in self.where.targets]
        if self.default in ids:
            options.highlighted = ids.index(self.default)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def push_paper(screen: ReaderScreen) -> None:
    if (paper := screen.current_paper()) is not None:
        _ask_zotero(screen, [paper.key], quoted(screen.latex.shown(paper.title)))


def push_view(screen: ReaderScreen) -> None:
    keys = [i.key for i in screen.listed()]
    if not keys:
        screen.notify("Nothing to save in this view.", severity="warning", timeout=3)
        return
    view = f"search “{screen.search_query}”" if screen.search_ids is not None else screen.view_label
    _ask_zotero(screen, keys, f"{plural(len(keys), 'paper')} of {view}")


def _failed(screen: ReaderScreen, exc: ZoteroError) -> None:
    screen.app.call_from_thread(
        screen.notify, str(exc), title="Zotero", severity="error", timeout=10, markup=False
    )


def _ask_zotero(screen: ReaderScreen, keys: list[str], what: str) -> None:
    stores = screen.stores
    config = stores.config

    def ask() -> None:
        try:
            client = open_client(config)
        except ZoteroError as exc:
            _failed(screen, exc)
            return
        try:
            client.connect()
            where = client.save_target()
            chosen = choose_target(config, where, None)
            papers = select_papers(stores.cache, stores.library, Selection(keys=tuple(keys)))
            new, known, index = split_known(client, papers)
        except ZoteroError as exc:
            client.close()
            _failed(screen, exc)
            return
        if index is not None:
            screen.app.call_from_thread(_show_marks, screen, index)
        if not new:
            client.close()
            said = f"{what} is" if len(known) == 1 else f"all {what} are"
            screen.app.call_from_thread(
                screen.notify, f"Already in Zotero: {said} there.", title="Zotero", timeout=6
            )
            return
        label = f"{what} ({len(known)} already in Zotero, skipped)" if known else what
        default = chosen.id if chosen else where.selected
        new_keys = [p.key for p in new]
        screen.app.call_from_thread(_pick, screen, client, where, default, new_keys, label)

    screen.run_worker(
        ask,
        thread=True,
        group="zotero",
        exclusive=True,
        name="zotero_ask",
        description="Asking Zotero where to save",
        exit_on_error=False,
    )


def _pick(
    screen: ReaderScreen,
    client: ZoteroClient,
    where: SaveTarget,
    default: str,
    keys: list[str],
    what: str,
) -> None:
    def chosen(target_id: str | None) -> None:
        if target_id is None:
            client.close()
            return
        target = next((t for t in where.targets if t.id == target_id), None)
        _push(screen, client, where, target, keys)

    screen.app.push_screen(ZoteroPicker(what, where, default), chosen)


def _push(
    screen: ReaderScreen,
    client: ZoteroClient,
    where: SaveTarget,
    target: Target | None,
    keys: list[str],
) -> None:
    stores = screen.stores

    def push() -> None:
        try:
            papers = select_papers(stores.cache, stores.library, Selection(keys=tuple(keys)))
            result = push_papers(client, stores.library, papers, where, target)
        except ZoteroError as exc:
            _failed(screen, exc)
            return
        finally:
            client.close()
        screen.app.call_from_thread(screen.notify, result.message, timeout=6, markup=False)
        screen.app.call_from_thread(_saved, screen, papers)
        for problem in summarized(result.problems):
            screen.app.call_from_thread(
                screen.notify, problem, severity="warning", timeout=10, markup=False
            )

    screen.run_worker(
        push,
        thread=True,
        group="zotero",
        name="zotero_push",
        description="Saving papers into Zotero",
        exit_on_error=False,
    )


def _show_marks(screen: ReaderScreen, index: ZoteroIndex) -> None:
    screen.zotero_index = index
    screen.query_one(PaperList).refresh_rows()


def _saved(screen: ReaderScreen, papers: list[Paper]) -> None:
    """What was just saved is in Zotero now: marked at once, without a new sweep."""
    if screen.zotero_index is not None:
        for paper in papers:
            screen.zotero_index.titles.add(fold_title(paper.title))
        screen.query_one(PaperList).refresh_rows()


def look_up_library(screen: ReaderScreen) -> None:
    """Mark the papers already in Zotero, when its local API is on (else nothing)."""
    config = screen.stores.config
    if not config.zotero.enabled:
        return

    def look_up() -> None:
        try:
            client = open_client(config)
        except ZoteroError:
            return
        try:
            client.connect()
            index = read_index(client)
        except ZoteroError:
            return  # no Zotero: no marks, and nothing to say until the user presses z
        finally:
            client.close()
        if index is not None:
            screen.app.call_from_thread(_show_marks, screen, index)

    screen.run_worker(
        look_up,
        thread=True,
        group="zotero_lookup",
        exclusive=True,
        name="zotero_lookup",
        description="Looking for the papers already in Zotero",
        exit_on_error=False,
    )
