"""``P``: save the paper's PDF to ``[ui].pdf_dir``, with progress in the subtitle, then open it.

One download at a time: ``P`` while one runs offers to stop it (nothing of it is kept).
Once a paper's PDF is saved (or found already there, byte for byte), ``P`` on that paper
opens it instead. The download itself (bounds, checks, the atomic rename, the name) is
fetch/pdf_download.py's, loaded on the first ``P`` (it brings httpx). The demo has no
network: there ``P`` says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_downloads_dir
from textual.app import App
from textual.worker import Worker

from tuireader.fetch.pdf_names import pdf_stem
from tuireader.links import http_url_problem
from tuireader.ui.failures import report_error
from tuireader.ui.workers import in_thread

if TYPE_CHECKING:
    from tuireader.fetch.pdf_download import PdfDownloader
    from tuireader.ui.screens.reader import ReaderScreen

DEMO_MESSAGE = (
    "The demo works offline, so it downloads no PDF: in your own hubread (without --demo), "
    "P saves the paper's PDF to [ui].pdf_dir (your Downloads folder by default)."
)


def shown_path(path: Path) -> str:
    """``~/Downloads/Lovelace2026-Notes.pdf``: a path under the home folder, as typed."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


class Subtitle:
    """A progress line in the app's subtitle, and what was there before it back at the end
    (unless something else, a refresh, has written the subtitle since: then that stays)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.line: str | None = None
        self.before = ""

    def show(self, line: str) -> None:
        if self.line is None or self.app.sub_title != self.line:
            self.before = self.app.sub_title  # the subtitle changed meanwhile: keep that
        if line != self.line:
            self.app.sub_title = self.line = line

    def clear(self) -> None:
        if self.line is not None and self.app.sub_title == self.line:
            self.app.sub_title = self.before
        self.line = None


class PdfSaves:
    """The reader screen's PDF saving: what runs, and which papers' PDFs are on disk."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.saved: dict[str, Path] = {}  # paper key -> its PDF, saved or found this session
        self._worker: Worker[None] | None = None
        self._name = ""  # the file being saved
        self._downloader: PdfDownloader | None = None

    @property
    def running(self) -> bool:
        return self._worker is not None and not self._worker.is_finished

    def save_current(self) -> None:
        """``P``: save (or open, when saved already) the PDF of the paper under the cursor."""
        screen = self.screen
        if self.running:
            self._offer_to_stop()
            return
        if (paper := screen.current_paper()) is None:
            return
        known = self.saved.get(paper.key)
        if known is not None and known.is_file():
            self.open(known)
            return
        stores = screen.stores
        if not stores.home.downloads:
            screen.notify(DEMO_MESSAGE, severity="warning", timeout=8, markup=False)
            return
        url = paper.pdf_url or ""
        if not url or (problem := http_url_problem(url)):
            screen.notify(
                "This paper has no PDF link."
                if not url
                else f"This paper's PDF link cannot be downloaded: {problem}.",
                severity="warning",
                timeout=5,
                markup=False,
            )
            return
        folder = stores.config.ui.pdf_dir or Path(user_downloads_dir())
        stem = pdf_stem(paper)
        self._name = f"{stem}.pdf"
        # On the app, whose on_worker_state_changed reports any failure (a screen's worker
        # would fail silently: Worker.StateChanged does not bubble).
        self._worker = screen.app.run_worker(
            self._download(paper.key, url, folder, stem),
            name="save_pdf",
            group="pdf",
            description=f"Saving {self._name}",
            exit_on_error=False,
        )

    async def _download(self, key: str, url: str, folder: Path, stem: str) -> None:
        from tuireader.fetch.pdf_download import PdfDownloader, PdfError, megabytes

        app = self.screen.app
        ui = self.screen.stores.config.ui
        if self._downloader is None:  # one for the session: it keeps the hosts' intervals
            self._downloader = PdfDownloader(self.screen.stores.config.network, ui.pdf_max_mb)
        subtitle = Subtitle(app)
        subtitle.show("PDF: connecting…")

        def progress(done: int, total: int | None) -> None:
            so_far = megabytes(done).removesuffix(" MB")
            subtitle.show(f"PDF {so_far}/{megabytes(total)}" if total else f"PDF {so_far} MB")

        try:
            saved = await self._downloader.save(url, folder, stem, progress)
        except PdfError as exc:  # said in words; the log gets the line (no traceback needed)
            report_error(app, f"Saving {self._name}", str(exc), "save_pdf")
            return
        finally:
            subtitle.clear()
        self.saved[key] = saved.path
        open_key = self.screen.host.key_for("save_pdf")
        if saved.already:
            message = f"Already saved: {shown_path(saved.path)} (the same file). {open_key}: open"
        else:
            size = megabytes(saved.size)
            message = f"Saved {shown_path(saved.path)} ({size}). {open_key}: open"
        self.screen.notify(message, title="PDF", timeout=10, markup=False)

    def _offer_to_stop(self) -> None:
        name = self._name

        def answered(stop: bool | None) -> None:
            if stop and self._worker is not None and not self._worker.is_finished:
                self._worker.cancel()
                self.screen.notify(f"Stopped: {name} was not saved.", timeout=4, markup=False)

        from tuireader.ui.screens.confirm import ConfirmScreen

        self.screen.app.push_screen(
            ConfirmScreen(f"{name} is still downloading. Stop it (nothing is kept)?"), answered
        )

    def open(self, path: Path) -> None:
        """Open a saved PDF with the app's file opener, in a thread (it may be slow)."""
        screen = self.screen
        opener = screen.host.file_opener

        def run() -> None:
            ok = opener(path)
            screen.app.call_from_thread(
                screen.notify,
                f"Opened {shown_path(path)}" if ok else f"Nothing could open {shown_path(path)}",
                severity="information" if ok else "warning",
                timeout=4,
                markup=False,
            )

        in_thread(
            screen.app, run, name="open_pdf_file", group="open", description="Opening the PDF"
        )
