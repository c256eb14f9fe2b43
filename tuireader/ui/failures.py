"""How the reader reports failures: a one-line toast, and a traceback in the log file.

The reader opens ``<data dir>/hubread.log`` at start (see tuireader.diagnostics). Every
worker runs with ``exit_on_error=False`` (a failed save must not close the reader), so a
failure would otherwise end silently in the worker's state. The app sends every
``Worker.StateChanged`` in the ERROR state here; a cancelled worker is not a failure.
"""

from __future__ import annotations

import logging
from pathlib import Path

from textual.app import App
from textual.worker import Worker

from tuireader import __version__
from tuireader.cleantext import clean_text
from tuireader.diagnostics import current_log, log_path, start_logging, stop_logging

logger = logging.getLogger(__name__)

TOAST_CHARS = 200  # the error's own text is cut here; the log keeps all of it


def start_reader_log(app: App, data_dir: Path) -> None:
    """Log to ``data_dir``; without a log file the reader works on, and says so."""
    try:
        start_logging(data_dir)
    except OSError as exc:
        app.notify(f"No log file: {exc.filename or log_path(data_dir)}: "
                   f"{exc.strerror or exc}", severity="warning", markup=False)
        return
    logger.info("hubread %s: reader started on %s", __version__, data_dir)


def stop_reader_log(data_dir: Path) -> None:
    """Close the log this reader opened (not one a later reader in this process opened)."""
    if current_log() == log_path(data_dir):
        stop_logging()


def failure_line(worker: Worker) -> str:
    """``Saving the theme failed: IsADirectoryError: [Errno 21] ...``, on one clean line
    (exception messages carry paths, feed text and reason phrases: untrusted)."""
    what = worker.description or worker.name or "Background work"
    error = worker.error
    detail = type(error).__name__ if error is not None else "unknown error"
    text = clean_text(str(error)) if error is not None else ""
    if text:
        if len(text) > TOAST_CHARS:
            text = text[:TOAST_CHARS - 1] + "…"
        detail = f"{detail}: {text}"
    return f"{clean_text(what)} failed: {detail}"


def report_failure(app: App, worker: Worker) -> None:
    """Log the failure of ``worker`` with its traceback and tell the user in one line."""
    line = failure_line(worker)
    error = worker.error
    # The worker's name and description only: its arguments can hold the user's notes.
    logger.error("worker %r: %s", worker.name, line,
                 exc_info=(type(error), error, error.__traceback__) if error else None)
    log = current_log()
    app.notify(line, title=f"Details in {log}" if log else "Not logged: no log file",
               severity="error", timeout=15, markup=False)
