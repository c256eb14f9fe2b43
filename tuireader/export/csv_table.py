"""CSV, one row per paper, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) would run as a formula in
Excel, LibreOffice or Sheets; such cells get a leading apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tuireader.export.marks import NO_MARKS, ExportMarks
from tuireader.model import Paper

COLUMNS = (
    "key",
    "title",
    "authors",
    "date",
    "doi",
    "arxiv_id",
    "url",
    "pdf_url",
    "journal",
    "sources",
    "categories",
    "upvotes",
    "starred",
    "tags",
    "note",
    "abstract",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(papers: Iterable[Paper], marks: ExportMarks = NO_MARKS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in papers:
        row = [
            p.key,
            p.title,
            "; ".join(p.authors),
            p.date.date().isoformat() if p.date else "",
            p.doi or "",
            p.arxiv_id or "",
            p.abs_url or "",
            p.pdf_url or "",
            p.journal or "",
            "; ".join(p.sources),
            " ".join(p.categories),
            "" if p.upvotes is None else str(p.upvotes),
            "yes" if p.key in marks.starred else "",
            "; ".join(marks.tags.get(p.key, ())),
            marks.notes.get(p.key, ""),
            p.abstract,
        ]
        writer.writerow([neutralize(cell) for cell in row])
    return out.getvalue()
