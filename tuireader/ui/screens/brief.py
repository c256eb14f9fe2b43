"""The Brief screen: a language model's brief streaming in as Markdown, then saved.

The model's text is untrusted: it is cleaned of control characters and shown by Textual's
``Markdown`` widget (Markdown, never Textual markup). Its own links are not followed; the
[n] citations become links of ours (``paper:n``), and the numbered papers are listed below
the brief, so [n] is chosen with the mouse or with the keyboard. Choosing one dismisses the
screen with that paper's key, for the reader to jump to. Escape cancels a running brief
(the client closes its connection at once), else closes the screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, OptionList, Static
from textual.widgets.markdown import MarkdownStream
from textual.widgets.option_list import Option
from textual.worker import Worker

from tuireader.briefing.client import ChatClient, LLMError
from tuireader.briefing.saved import SavedBrief, save_brief
from tuireader.briefing.service import write_brief
from tuireader.model import Paper
from tuireader.sanitize import clean, clean_document
from tuireader.ui.failures import report_if_failed

PAPER_LINK = "paper:"
_CITATION = re.compile(r"(?<![\\\]])\[(\d{1,4})\](?![(\[:])")


def linked_citations(body: str) -> str:
    """``body`` with each [n] made a link to ``paper:n`` (text still reads "[n]")."""
    return _CITATION.sub(lambda m: f"[\\[{m.group(1)}\\]]({PAPER_LINK}{m.group(1)})", body)


def brief_document(brief: SavedBrief) -> str:
    """The Markdown the screen shows for a finished or saved brief."""
    text = linked_citations(clean_document(brief.body).strip())
    lines = [f"_Covers {clean(brief.coverage)}; written by {clean(brief.model)}._"]
    lines += [f"> {clean(note)}" for note in brief.notes]
    return text + "\n\n---\n\n" + "\n\n".join(lines) + "\n"


class BriefScreen(Screen[str | None]):
    """Writes a brief of ``papers`` (when given) or shows a saved one; dismisses with the
    key of the paper the reader chose, or None."""

    DEFAULT_CSS = """
    BriefScreen #brief-scroll { height: 1fr; padding: 0 1; }
    BriefScreen #brief-status { height: auto; padding: 0 1; color: $text-muted; }
    BriefScreen #brief-papers { height: auto; max-height: 40%; border: round $foreground 25%; }
    BriefScreen #brief-papers:focus { border: round $primary; }
    """
    BINDINGS = [
        Binding("escape", "stop_or_close", "Cancel / close"),
        Binding("tab", "app.focus_next", "Next", show=False),
        Binding("j", "scroll_brief(1)", "Down", show=False),
        Binding("k", "scroll_brief(-1)", "Up", show=False),
    ]

    def __init__(
        self,
        *,
        client: ChatClient | None = None,
        papers: Sequence[Paper] = (),
        day: date,
        starred_titles: Sequence[str] = (),
        data_dir: Path | None = None,
        saved: SavedBrief | None = None,
        shown: Callable[[str], str] = str,
    ) -> None:
        super().__init__()
        self.client = client
        self.papers = list(papers)
        self.day = day
        self.starred_titles = list(starred_titles)
        self.data_dir = data_dir
        self.brief = saved
        self.shown = shown  # a title as the reader shows it (LaTeX rendered or as written)
        self.text = ""  # what has streamed so far (cleaned)
        self.running = False
        self.cancelled = False
        self._stream: MarkdownStream | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="brief-scroll"):
            yield Markdown("", id="brief-body", open_links=False)
        yield Static(Content(""), id="brief-status")
        yield OptionList(id="brief-papers")
        yield Footer()

    async def on_mount(self) -> None:
        self.title = f"Brief for {self.day.isoformat()}"
        self.query_one("#brief-papers", OptionList).border_title = "Papers: Enter jumps to one"
        if self.brief is not None:
            await self._show_finished(self.brief, saved_note="Saved brief, opened offline.")
        elif self.client is not None:
            self.running = True
            self._status(
                f"Writing a brief of {len(self.papers)} papers with "
                f"{self.client.config.model} at {self.client.server} … Escape cancels."
            )
            self.query_one("#brief-scroll", VerticalScroll).anchor()
            self.write()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_if_failed(self.app, event)  # a screen's worker does not reach the app's

    def on_unmount(self) -> None:
        """Quitting while a brief runs stops it: the app's exit must not wait for it."""
        if self.running and self.client is not None:
            self.client.cancel()

    # ----------------------------------------------------------------- writing
    @work(
        thread=True,
        exclusive=True,
        group="brief",
        name="write_brief",
        description="Writing a brief with the language model",
        exit_on_error=False,
    )
    def write(self) -> None:
        assert self.client is not None
        try:
            brief = write_brief(
                self.client,
                self.papers,
                day=self.day,
                starred_titles=self.starred_titles,
                on_text=lambda piece: self.app.call_from_thread(self._streamed, piece),
                on_note=lambda note: self.app.call_from_thread(self._status, note),
            )
        except LLMError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        where = ""
        if self.data_dir is not None:
            try:
                where = f"Saved as {save_brief(self.data_dir, brief)}."
            except OSError as exc:
                where = f"The brief could not be saved: {exc.strerror or exc}."
        self.app.call_from_thread(self._finished, brief, where)

    def _streamed(self, piece: str) -> None:
        text = clean(piece, multiline=True)
        self.text += text
        self.call_next(self._write_piece, text)  # in order, after the pieces before it

    async def _write_piece(self, text: str) -> None:
        """Appended through a ``MarkdownStream``, which batches fast pieces instead of
        re-rendering the whole document for each."""
        if self._stream is None:
            self._stream = Markdown.get_stream(self.query_one("#brief-body", Markdown))
        await self._stream.write(text)

    async def _end_stream(self) -> None:
        if self._stream is not None:
            stream, self._stream = self._stream, None
            await stream.stop()

    def _failed(self, exc: LLMError) -> None:
        self.running = False
        self.call_next(self._end_stream)
        if exc.kind == "cancelled" or self.cancelled:
            self._status("Cancelled: nothing was saved. Escape closes.")
        else:
            self._status(f"The brief failed: {exc}")
            self.notify(str(exc), title="Brief failed", severity="error", timeout=10)

    def _finished(self, brief: SavedBrief, saved_note: str) -> None:
        self.running = False
        self.call_next(self._show_finished, brief, saved_note)  # after the last pieces

    async def _show_finished(self, brief: SavedBrief, saved_note: str = "") -> None:
        await self._end_stream()
        self.brief = brief
        self.query_one("#brief-body", Markdown).update(brief_document(brief))
        papers = self.query_one("#brief-papers", OptionList)
        papers.clear_options()
        papers.add_options(
            Option(Content(f"[{p.number}] {clean(self.shown(p.title))}"), id=str(p.number))
            for p in brief.papers
        )
        self._status(saved_note or "Done.")
        if papers.option_count:
            papers.highlighted = 0
        papers.focus()

    def _status(self, line: str) -> None:
        self.query_one("#brief-status", Static).update(Content(clean(line)))

    # ----------------------------------------------------------------- choosing [n]
    def jump(self, number: int) -> None:
        """Dismiss with paper [number]'s key (a number the brief has not: a warning)."""
        papers = {p.number: p for p in self.brief.papers} if self.brief else {}
        if number not in papers:
            self.notify(f"[{number}] is not one of the briefed papers.", severity="warning")
            return
        self.dismiss(papers[number].key)

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        href = event.href
        if href.startswith(PAPER_LINK) and href[len(PAPER_LINK) :].isdigit():
            self.jump(int(href[len(PAPER_LINK) :]))
        else:  # the model's own links are not followed
            self.notify("Links written by the model are not opened.", timeout=3)

    @on(OptionList.OptionSelected, "#brief-papers")
    def _paper_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.jump(int(event.option.id))

    # ----------------------------------------------------------------- keys
    def action_stop_or_close(self) -> None:
        if self.running and self.client is not None:
            self.cancelled = True
            self.client.cancel()
            self._status("Cancelling …")
            return
        self.dismiss(None)

    def action_scroll_brief(self, lines: int) -> None:
        self.query_one("#brief-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
