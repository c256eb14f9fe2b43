"""How the reader reports failures: a one-line toast, and a traceback in the log file.

The reader opens ``<data dir>/hubread.log`` at start (see tuireader.diagnostics). Every
worker runs with ``exit_on_error=False`` (a failed save must not close the reader), so a
failure would otherwise end silently in the worker's state. The app and every screen that
runs workers send their ``Worker.StateChanged`` here (it does not bubble from a screen to
the app); a cancelled worker is not a failure.
"""

from __future__ import annotations

import logging
from pathlib import Path

from textual.app import App
from textual.worker import Worker, WorkerState

from tuireader import __version__
from tuireader.diagnostics import current_log, log_path, start_logging, stop_logging
from tuireader.sanitize import clean

logger = logging.getLogger(__name__)

TOAST_CHARS = 200  # the error's own text is cut here; the log keeps all of it


def start_reader_log(app: App, data_dir: Path) -> None:
    """Log to ``data_dir``; without a log file the reader works on, and says so."""
    try:
        start_logging(data_dir)
    except OSError as exc:
        app.notify(
            f"No log file: {exc.filename or log_path(data_dir)}: {exc.strerror or exc}",
            severity="warning",
            markup=False,
        )
        return
    logger.info("hubread %s: reader started on %s", __version__, data_dir)


def stop_reader_log(data_dir: Path) -> None:
    """Close the log this reader opened (not one a later reader in this process opened)."""
    if current_log() == log_path(data_dir):
        stop_logging()


def error_line(what: str, error: BaseException | str | None) -> str:
    """``Saving the theme failed: IsADirectoryError: [Errno 21] ...``, on one clean line
    (exception messages carry paths, feed text and reason phrases: untrusted). A ``str``
    error is a failure already said in words (library.json's ``write_error``)."""
    if isinstance(error, str):
        detail, text = "", clean(error).strip()
    else:
        detail = type(error).__name__ if error is not None else "unknown error"
        text = clean(str(error)).strip() if error is not None else ""
    if text:
        if len(text) > TOAST_CHARS:
            text = text[: TOAST_CHARS - 1] + "…"
        detail = f"{detail}: {text}" if detail else text
    return f"{clean(what)} failed: {detail}"


def report_error(
    app: App, what: str, error: BaseException | str | None, source: str, advice: str = ""
) -> str:
    """Log ``error`` with its traceback (``source`` says which code met it) and tell the
    user in one line, which is returned; ``advice`` (what happens now) follows it in the
    toast only. Call it on the UI thread (``call_from_thread`` from a worker)."""
    line = error_line(what, error)
    logger.error(
        "%s: %s",
        source,
        line,
        exc_info=(type(error), error, error.__traceback__)
        if isinstance(error, BaseException)
        else None,
    )
    log = current_log()
    app.notify(
        f"{line}. {advice}" if advice else line,
        title=f"Details in {log}" if log else "Not logged: no log file",
        severity="error",
        timeout=15,
        markup=False,
    )
    return line


def report_failure(app: App, worker: Worker) -> None:
    """A failed worker, named by its description. Only its name and description are
    logged, never its arguments: they can hold the user's notes."""
    report_error(
        app,
        worker.description or worker.name or "Background work",
        worker.error,
        f"worker {worker.name!r}",
    )


def report_if_failed(app: App, event: Worker.StateChanged) -> None:
    """Every node that runs workers calls this from its ``on_worker_state_changed``:
    ``Worker.StateChanged`` does not bubble, so a screen's failed worker would otherwise
    end unseen. Cancelled workers are not failures."""
    if event.state is WorkerState.ERROR:
        report_failure(app, event.worker)
