"""RIS (Zotero, EndNote, Mendeley): one record per paper, tags as KW, the note as N1."""

from __future__ import annotations

from collections.abc import Iterable

from tuireader.export.marks import NO_MARKS, ExportMarks
from tuireader.export.names import split_name
from tuireader.model import Paper


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"  # RIS values are single lines


def record(paper: Paper, marks: ExportMarks = NO_MARKS) -> str:
    preprint = paper.is_preprint
    lines = [_line("TY", "UNPB" if preprint else "JOUR"), _line("TI", paper.title)]
    for author in paper.authors:
        family, given = split_name(author)
        lines.append(_line("AU", f"{family}, {given}" if given else family))
    if paper.date:
        lines.append(_line("PY", str(paper.date.year)))
        lines.append(_line("DA", paper.date.strftime("%Y/%m/%d/")))
    if paper.abstract:
        lines.append(_line("AB", paper.abstract))
    if paper.doi:
        lines.append(_line("DO", paper.doi))
    if paper.link:
        lines.append(_line("UR", paper.link))
    container = paper.journal or ("arXiv" if paper.arxiv_id else None)
    if container:
        lines.append(_line("T2" if preprint else "JO", container))
    if paper.arxiv_id:
        lines.append(_line("AN", f"arXiv:{paper.arxiv_id}"))
    for tag in marks.tags.get(paper.key, ()):
        lines.append(_line("KW", tag))
    if note := marks.notes.get(paper.key):
        lines.append(_line("N1", note))
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def to_ris(papers: Iterable[Paper], marks: ExportMarks = NO_MARKS) -> str:
    return "\n".join(record(p, marks) for p in papers)
