"""Where a command's text goes: standard output, or a file written atomically."""

from __future__ import annotations

import sys
from pathlib import Path

from tuireader.atomic_files import atomic_write
from tuireader.storage.home import UserError


def emit(text: str, output: str | None) -> Path | None:
    """Print ``text``, or write it to ``output`` atomically; returns the file written."""
    if not output or output == "-":
        sys.stdout.write(text)
        return None
    path = Path(output).expanduser()
    try:
        atomic_write(path, text.encode("utf-8"), backup=False)
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path
