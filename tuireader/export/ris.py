"""RIS (Zotero, EndNote, Mendeley): one record per paper, tags as KW, the note as N1.

What Zotero's RIS translator (zotero/translators, RIS.js, 2023-07-28) reads decides the
tags: no TY maps to its ``preprint`` type (``UNPB`` is not in its map at all and falls
back to a journal article), so an e-print is ``TY  - MANSCPT``, which imports as a
manuscript, the type it exports unpublished work as; ``AN`` is its ``archiveLocation``,
where the arXiv id (``arXiv:2611.00001``) is kept, and ``DB`` its ``archive``. A journal
paper is ``JOUR`` with the journal as ``T2`` (Zotero's publicationTitle) and ``JO``
(read as the abbreviation), ``VL``/``IS``/``SP``/``EP``. Authors are ``Family, Given``
(RIS.js splits at commas into last and first name), a suffix after a third comma, a
group's name alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from tuireader.export.marks import NO_MARKS, ExportMarks
from tuireader.export.publication import citation_year, publication
from tuireader.model import PREPRINT_SERVERS, Paper
from tuireader.names import PersonName


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"  # RIS values are single lines


def ris_name(person: PersonName) -> str:
    """``van der Berg, Anna``, ``King, Martin Luther, Jr.``, ``ATLAS Collaboration``."""
    if person.literal or not person.family:
        return person.literal or person.display
    family = " ".join(w for w in (person.dropping_particle, person.particle, person.family) if w)
    parts = [family, person.given] if person.given or person.suffix else [family]
    if person.suffix:
        parts.append(person.suffix)
    return ", ".join(parts)


def record(paper: Paper, marks: ExportMarks = NO_MARKS) -> str:
    pub = publication(paper)
    eprint = pub is None and paper.is_preprint
    lines = [_line("TY", "MANSCPT" if eprint else "JOUR"), _line("TI", paper.title)]
    for person in paper.people:
        lines.append(_line("AU", ris_name(person)))
    if year := citation_year(paper):
        lines.append(_line("PY", str(year)))
    if paper.date:
        lines.append(_line("DA", paper.date.strftime("%Y/%m/%d/")))
    if paper.abstract:
        lines.append(_line("AB", paper.abstract))
    if paper.doi:
        lines.append(_line("DO", paper.doi))
    if paper.link:
        lines.append(_line("UR", paper.link))
    if pub is not None:
        lines.append(_line("T2", pub.journal))
        lines.append(_line("JO", pub.journal))
        for tag, value in (
            ("VL", pub.volume),
            ("IS", pub.issue),
            ("SP", pub.first_page),
            ("EP", pub.last_page),
        ):
            if value:
                lines.append(_line(tag, value))
    elif eprint:
        lines.append(_line("M3", "Preprint"))  # the manuscript's type, as Zotero shows it
    if paper.arxiv_id:
        lines.append(_line("DB", "arXiv"))
        lines.append(_line("AN", f"arXiv:{paper.arxiv_id}"))
    elif paper.journal in PREPRINT_SERVERS:
        lines.append(_line("DB", paper.journal or ""))
    for tag in marks.tags.get(paper.key, ()):
        lines.append(_line("KW", tag))
    if note := marks.notes.get(paper.key):
        lines.append(_line("N1", note))
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def to_ris(papers: Iterable[Paper], marks: ExportMarks = NO_MARKS) -> str:
    return "\n".join(record(p, marks) for p in papers)
