"""Where a command's text goes: standard output, or a file written atomically.

These helpers are the only way a command prints (``tests/test_architecture.py`` keeps it
so), and both clean what they print with ``tuireader.sanitize``: a source name, an HTTP
reason phrase or a feed's error can never send an escape sequence to the terminal.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from tuireader.atomic_files import atomic_write
from tuireader.sanitize import clean, clean_document
from tuireader.storage.home import UserError


@dataclass(frozen=True, slots=True)
class Alert:
    """A part of a line shown in red on a terminal (a failed source's status)."""

    text: str


def say(*parts: str | Alert, file: TextIO | None = None, flush: bool = False) -> None:
    """Print one line made of ``parts``, each cleaned to one line: a line break in a
    feed's error cannot fake another source's line. Standard output unless ``file``."""
    stream = file or sys.stdout
    color = stream.isatty()
    text = "".join(
        (f"\x1b[31m{clean(p.text)}\x1b[0m" if color else clean(p.text))
        if isinstance(p, Alert)
        else clean(p)
        for p in parts
    )
    stream.write(text + "\n")
    if flush:
        stream.flush()


def complain(text: str) -> None:
    """One line on standard error (a message about the run, not its output)."""
    say(text, file=sys.stderr)


def emit(text: str, output: str | None) -> Path | None:
    """Print ``text``, or write it to ``output`` atomically; returns the file written.
    Either way it is cleaned (line ends and tabs kept): it holds feed text."""
    text = clean_document(text)
    if not output or output == "-":
        sys.stdout.write(text)
        return None
    path = Path(output).expanduser()
    try:
        atomic_write(path, text.encode("utf-8"), backup=False)
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path


def stream_out(text: str) -> None:
    """A piece of an answer that is still arriving (a model's brief): cleaned like
    ``emit`` and shown at once."""
    sys.stdout.write(clean_document(text))
    sys.stdout.flush()


def progress_line(text: str | None) -> None:
    """Redraw the one-line progress note on a terminal's standard error (``None`` clears
    it); cleaned like every other line, and only ever on a terminal."""
    if not sys.stderr.isatty():
        return
    sys.stderr.write("\r\x1b[2K" + (clean(text) if text else ""))
    sys.stderr.flush()
