"""``[ui].pdf_dir`` and ``[ui].pdf_max_mb``: where `P` saves PDFs, and how large one may be.

The folder is checked when the config is read (a file in its place, or in the way of
creating it, is a config error that names it), and made when the first PDF is saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tuireader.config.table_reader import TableReader

PDF_KEYS = ("pdf_dir", "pdf_max_mb")


def pdf_folder(reader: TableReader, folder: Path | None) -> Path | None:
    """``folder`` if a folder can be there: it is one, or nothing on its way is a file."""
    if folder is None:
        return None
    for place in (folder, *folder.parents):
        if place.exists():
            if not place.is_dir():
                what = "is" if place == folder else f"cannot be made: {place} is"
                reader.fail(f"[ui].pdf_dir {folder} {what} a file, not a folder")
            break
    return folder
