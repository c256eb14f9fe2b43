"""hubread's log file: ``<data dir>/hubread.log``, where failures keep their tracebacks.

The reader shows a failure as a one-line toast and `hubread fetch` as a one-line outcome;
the full story (which worker, the traceback) goes here, so a bug report can quote it. One
place sets the file up, for the reader and the headless commands alike. The file is
bounded (a few rotated backups of LOG_MAX_BYTES each), and every line is cleaned of
terminal control characters: exception messages carry untrusted text (feed errors, HTTP
reason phrases, paths), and a log is read with ``cat`` and ``less`` in a terminal.

Only failures and start-up lines are logged, never the arguments of work: the user's notes
and any secrets in the config stay out of the file.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path
from types import TracebackType

from tuireader.sanitize import clean

LOG_NAME = "hubread.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
LOGGER = "tuireader"  # every module logs to logging.getLogger(__name__) below this one

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]

_handler: logging.Handler | None = None


def log_path(data_dir: Path) -> Path:
    """Where the log of the home with this data dir is written."""
    return data_dir / LOG_NAME


class CleanFormatter(logging.Formatter):
    """Log lines without terminal control characters; a message stays on its line."""

    def format(self, record: logging.LogRecord) -> str:
        # A copy: other handlers of the record (pytest's, say) see it as it was logged.
        copy = logging.makeLogRecord(record.__dict__)
        # One line (clean's default): a carriage return would let a message overwrite the
        # start of its line on a terminal, and its own newlines would forge log lines.
        copy.msg = clean(record.getMessage())
        copy.args = None
        return super().format(copy)

    def formatException(self, ei: ExcInfo) -> str:
        return _clean_block(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return _clean_block(super().formatStack(stack_info))


def _clean_block(text: str) -> str:
    """A traceback keeps its lines; each line loses what could drive a terminal (a message
    quoted in it loses its own line breaks, as above)."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(clean(line) for line in lines)


def start_logging(data_dir: Path) -> Path:
    """Send hubread's log records to ``<data_dir>/hubread.log`` (replacing the file of an
    earlier call, so one process never writes two homes' logs). Raises ``OSError`` when
    the file cannot be opened; the caller says so, and works on without a log."""
    global _handler
    stop_logging()
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(CleanFormatter(_FORMAT))
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    _handler = handler
    return path


def stop_logging() -> None:
    """Close the log file (the demo removes its folder afterwards)."""
    global _handler
    if _handler is not None:
        logging.getLogger(LOGGER).removeHandler(_handler)
        _handler.close()
        _handler = None


def current_log() -> Path | None:
    """The file records go to now, if any: messages point the user to it."""
    if isinstance(_handler, logging.FileHandler):
        return Path(_handler.baseFilename)
    return None


# Without a log file (a test, or a data dir that cannot take one), records must not reach
# Python's last-resort handler, which prints them to stderr, over the reader or into a
# command's output. A library's NullHandler, as the logging HOWTO recommends.
logging.getLogger(LOGGER).addHandler(logging.NullHandler())
