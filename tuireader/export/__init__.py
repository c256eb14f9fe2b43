"""Exports: pure functions from papers (and the user's marks) to text in each format.

``FORMATS`` maps a format name to its file extension and renderer, so the CLI and the TUI's
format picker offer exactly the same set. ``render`` is what both call, and it cleans
every field first (``sanitize.clean``; JSON would otherwise carry an escape sequence along
as ``\\u001b``) and the whole text after: a note, a tag or an old cached title with an
escape sequence or a bidi override never reaches a file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from tuireader.export.bibtex import to_bibtex
from tuireader.export.csljson import to_csljson
from tuireader.export.csv_table import to_csv
from tuireader.export.json_records import to_json
from tuireader.export.markdown import to_markdown
from tuireader.export.marks import NO_MARKS, ExportMarks
from tuireader.export.ris import to_ris
from tuireader.model import Paper
from tuireader.names import PersonName
from tuireader.sanitize import clean, clean_document


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    render: Callable[[Sequence[Paper], ExportMarks, Sequence[str]], str]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "bibtex",
            "BibTeX (LaTeX, Zotero, JabRef)",
            ".bib",
            lambda papers, marks, keywords: to_bibtex(papers),
        ),
        Format(
            "ris",
            "RIS (Zotero, EndNote, Mendeley)",
            ".ris",
            lambda papers, marks, keywords: to_ris(papers, marks),
        ),
        Format(
            "csljson",
            "CSL-JSON (Zotero, Pandoc)",
            ".json",
            lambda papers, marks, keywords: to_csljson(papers),
        ),
        # An export is a list, not the digest of a day: no date heading, the user's marks.
        Format(
            "markdown",
            "Markdown (with your tags and notes)",
            ".md",
            lambda papers, marks, keywords: to_markdown(
                papers, day=None, keywords=keywords, marks=marks
            ),
        ),
        Format(
            "csv",
            "CSV (spreadsheets)",
            ".csv",
            lambda papers, marks, keywords: to_csv(papers, marks),
        ),
        Format(
            "json",
            "JSON (hubread records with your marks)",
            ".json",
            lambda papers, marks, keywords: to_json(papers, marks),
        ),
        # Last, so the picker's earlier entries keep their places.
        Format(
            "biblatex",
            "BibTeX in UTF-8 (biber, biblatex)",
            ".bib",
            lambda papers, marks, keywords: to_bibtex(papers, unicode=True),
        ),
    )
}


def clean_paper(paper: Paper) -> Paper:
    """``paper`` with every text field cleaned (one line each, as parsing leaves them)."""
    changes: dict[str, Any] = {}
    for f in fields(paper):
        value = getattr(paper, f.name)
        if isinstance(value, str):
            changes[f.name] = clean(value)
        elif f.name == "names":
            changes[f.name] = tuple(
                PersonName(**{k: clean(v) for k, v in n.to_dict().items()}) for n in value
            )
        elif isinstance(value, tuple):
            changes[f.name] = tuple(clean(v) for v in value)
        elif isinstance(value, dict):
            changes[f.name] = {clean(k): clean(v) for k, v in value.items()}
    return replace(paper, **changes)


def render(
    format_name: str,
    papers: Sequence[Paper],
    marks: ExportMarks = NO_MARKS,
    keywords: Sequence[str] = (),
) -> str:
    """``papers`` in ``format_name``, every field and then the whole text cleaned."""
    marks = replace(
        marks,
        tags={k: tuple(clean(t) for t in v) for k, v in marks.tags.items()},
        notes={k: clean(n, multiline=True) for k, n in marks.notes.items()},
        tldrs={k: clean(t) for k, t in marks.tldrs.items()},
    )
    text = FORMATS[format_name].render([clean_paper(p) for p in papers], marks, keywords)
    return clean_document(text)
