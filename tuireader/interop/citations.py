"""Reading the reader's own library files (BibTeX, RIS, CSL-JSON) as papers.

``hubread radar seed FILE`` takes a Zotero export or a list of the reader's publications and
uses the titles and abstracts as the radar's first positives. Only what the radar learns
from is kept: title, abstract, authors, identifiers, year. Parsing is left to pybtex and
rispy, the parsers reference managers' users rely on; LaTeX in BibTeX titles is reduced to
its words (the radar folds accents away anyway).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tuireader.cleantext import collapse_whitespace
from tuireader.model import Paper, normalize_doi, paper_key, parse_arxiv_id
from tuireader.sanitize import clean

SEED_FORMATS = ("bibtex", "ris", "csljson")
_EXTENSIONS = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".ris": "ris",
    ".json": "csljson",
    ".csljson": "csljson",
}
_LATEX_COMMAND = re.compile(r"\\(?:[A-Za-z]+\*?|.)")


class CitationFileError(ValueError):
    """The file cannot be read as a library file; the message says why."""


# BibTeX's archivePrefix/eprinttype for arXiv e-prints (a field value, not a source kind).
_ARXIV_ARCHIVE = "arxiv"


def _text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return collapse_whitespace(clean(value))


def _latex_text(value: str) -> str:
    """``{Deep} \\emph{protein} d{\\'e}sign`` -> ``Deep protein design``."""
    text = _LATEX_COMMAND.sub("", value).replace("~", " ").replace("--", "-")
    return _text(text.replace("{", "").replace("}", ""))


def _year(value: Any) -> datetime | None:
    match = re.search(r"\b(1[5-9]\d\d|2\d\d\d)\b", str(value or ""))
    return datetime(int(match.group(1)), 1, 1, tzinfo=UTC) if match else None


def _paper(
    title: str,
    abstract: str,
    authors: Iterable[str],
    *,
    doi: Any = None,
    arxiv: Any = None,
    year: Any = None,
    fallback: str = "",
) -> Paper | None:
    """A seed paper keyed as hubread keys the same paper in its cache; None without a title."""
    if not title:
        return None
    found = parse_arxiv_id(arxiv if isinstance(arxiv, str) else None)
    doi_text = normalize_doi(doi if isinstance(doi, str) else None)
    if found is None and doi_text and doi_text.startswith("10.48550/arxiv."):
        found = parse_arxiv_id(doi_text[len("10.48550/arxiv.") :])
    arxiv_id = found[0] if found else None
    key = paper_key(arxiv_id, doi_text, "", title, abstract, fallback)
    return Paper(
        key=key,
        title=title,
        abstract=abstract,
        authors=tuple(a for a in (_text(x) for x in authors) if a),
        arxiv_id=arxiv_id,
        doi=doi_text,
        published=_year(year),
        sources=("seed",),
    )


def read_bibtex(text: str) -> list[Paper]:
    from pybtex.database import parse_string
    from pybtex.scanner import PybtexSyntaxError

    try:
        data = parse_string(text, "bibtex")
    except (PybtexSyntaxError, ValueError) as exc:
        raise CitationFileError(f"not BibTeX: {exc}") from None
    except Exception as exc:  # pybtex raises its own PybtexError for duplicate keys etc.
        raise CitationFileError(f"not usable BibTeX: {exc}") from None
    papers = []
    for name, entry in data.entries.items():
        fields = entry.fields
        archive = str(fields.get("archiveprefix", fields.get("eprinttype", _ARXIV_ARCHIVE)))
        arxiv = fields.get("eprint") if _ARXIV_ARCHIVE in archive.lower() else None
        paper = _paper(
            _latex_text(fields.get("title", "")),
            _latex_text(fields.get("abstract", "")),
            (_latex_text(str(p)) for p in entry.persons.get("author", [])),
            doi=fields.get("doi"),
            arxiv=arxiv or fields.get("url"),
            year=fields.get("year"),
            fallback=name,
        )
        if paper is not None:
            papers.append(paper)
    return papers


def read_ris(text: str) -> list[Paper]:
    import rispy

    try:
        entries = rispy.loads(text)
    except Exception as exc:  # rispy raises IOError/ValueError/KeyError on bad files
        raise CitationFileError(f"not RIS: {exc}") from None
    papers = []
    for entry in entries:
        title = _text(entry.get("title") or entry.get("primary_title") or "")
        authors = entry.get("authors") or entry.get("first_authors") or []
        urls = entry.get("urls") or []
        paper = _paper(
            title,
            _text(entry.get("abstract", "")),
            authors if isinstance(authors, list) else [],
            doi=entry.get("doi"),
            arxiv=" ".join(map(str, urls)) or None,
            year=entry.get("year") or entry.get("publication_year"),
            fallback=str(entry.get("id", "")),
        )
        if paper is not None:
            papers.append(paper)
    return papers


def _csl_name(name: Any) -> str:
    if not isinstance(name, dict):
        return ""
    if literal := name.get("literal"):
        return str(literal)
    return ", ".join(str(p) for p in (name.get("family"), name.get("given")) if p)


def read_csljson(text: str) -> list[Paper]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise CitationFileError(f"not CSL-JSON: {exc}") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise CitationFileError("not CSL-JSON: expected a list of items")
    papers = []
    for item in data:
        if not isinstance(item, dict):
            continue
        issued = item.get("issued")
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        year = (
            parts[0][0]
            if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]
            else None
        )
        authors = item.get("author")
        paper = _paper(
            _text(item.get("title", "")),
            _text(item.get("abstract", "")),
            (_csl_name(a) for a in (authors if isinstance(authors, list) else [])),
            doi=item.get("DOI"),
            arxiv=item.get("URL"),
            year=year,
            fallback=str(item.get("id", "")),
        )
        if paper is not None:
            papers.append(paper)
    return papers


_READERS = {"bibtex": read_bibtex, "ris": read_ris, "csljson": read_csljson}


def guess_format(path: Path, text: str) -> str:
    """By the extension, else by the content (a Zotero export's own shapes)."""
    if fmt := _EXTENSIONS.get(path.suffix.lower()):
        return fmt
    start = text.lstrip()[:200]
    if start.startswith(("[", "{")):
        return "csljson"
    if start.startswith("TY  -") or "\nTY  -" in text[:2000]:
        return "ris"
    if "@" in start:
        return "bibtex"
    raise CitationFileError("not a BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) file")


def read_citations(path: Path) -> list[Paper]:
    """The papers of a BibTeX, RIS or CSL-JSON file; ``CitationFileError`` or OSError."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CitationFileError("not UTF-8 text") from None
    papers = _READERS[guess_format(path, text)](text)
    return list({p.key: p for p in papers}.values())
