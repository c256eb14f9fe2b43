"""The reader's export: chosen papers, rendered, in a new file named after the view.

Kept apart from the renderers (pure text) because it touches the disk: the export folder,
or the user's Downloads folder, and an atomic write.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from platformdirs import user_downloads_dir

from tuireader.atomic_files import atomic_write
from tuireader.export import FORMATS, render
from tuireader.export.marks import ExportMarks
from tuireader.query.selection import Selection, select_papers
from tuireader.storage.home import Stores


def export_path(view: str, extension: str, folder: Path | None = None) -> Path:
    """A new file named after the view and the time, in ``folder`` (created if need be),
    else the user's Downloads folder (or home)."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = Path(user_downloads_dir())
        if not folder.is_dir():
            folder = Path.home()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", view).strip("-").lower() or "papers"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"hubread-{name}-{stamp}{extension}"


def export_to_file(
    stores: Stores, keys: list[str], format_name: str, view: str
) -> tuple[Path, int]:
    """Write the papers ``keys`` as ``format_name`` to a new file in ``[ui].export_dir``;
    the file and how many papers it holds. ``OSError`` when the folder or file cannot be
    written (nothing half-written is left: the write is atomic)."""
    papers = select_papers(stores.cache, stores.library, Selection(keys=tuple(keys)))
    marks = ExportMarks.from_library(stores.library, keys)
    text = render(format_name, papers, marks, stores.config.radar.keywords)
    path = export_path(view, FORMATS[format_name].extension, stores.config.ui.export_dir)
    atomic_write(path, text.encode("utf-8"), backup=False)
    return path, len(papers)
