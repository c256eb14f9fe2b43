"""The Markdown digest, in the shape of the daily paper digests researchers already read.

    # 2026-11-20
    - [Title](#title)
    ## Title
    >Authors: Ann Lee, Bo Chen
    >2026-11-20
    > <https://arxiv.org/abs/2611.00001>

    The abstract, with the **radar** keywords in bold.

The user's tags (``>Tags: to-read, llm``) and note (a quoted paragraph after the abstract)
come with each paper. An export of a selection (``day=None``) is headed "Papers", not
with a date, since it is no day's digest.

Grouped by source, each source gets a ``##`` heading and its papers ``###``. Feed text is
kept to one line and escaped, so a title or abstract cannot start a heading or a list, or
inject HTML; a link is written as an autolink (``<...>``, where nothing is read as Markdown)
of a checked http(s) URL, percent-encoded so it cannot end early (``links.export_url``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date

from tuireader.export.marks import NO_MARKS, ExportMarks
from tuireader.links import export_url
from tuireader.model import Paper
from tuireader.sanitize import clean

_SPECIALS_RE = re.compile(r"([\\`*_\[\]<>#|~&])")
# What starts a block at the beginning of a line: a list item (- + * or 1. 1)), a setext
# underline or thematic break (= -), a heading or quote (# >, escaped anyway).
_BLOCK_START_RE = re.compile(r"^(?:[-+=]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """One line of plain text with Markdown syntax, HTML brackets and entities escaped:
    line breaks become spaces, so nothing in it can begin a new block."""
    return _escape_inline(_one_line(text))


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def _escape_inline(text: str) -> str:
    return _SPECIALS_RE.sub(r"\\\1", text)


def _paragraph(text: str) -> str:
    """Escaped ``text`` that starts a line of its own: a leading ``-``, ``+``, ``=`` or
    ``1.`` would make it a list or a heading underline."""
    return _BLOCK_START_RE.sub(
        lambda m: m.group() + "\\" if m.group().isdigit() else "\\" + m.group(), text
    )


def emphasize(text: str, terms: Sequence[str]) -> str:
    """``text`` escaped, with every case-insensitive match of ``terms`` in **bold**."""
    text = _one_line(text)
    words = [re.escape(t.strip()) for t in terms if t.strip()]
    if not words:
        return _escape_inline(text)
    pattern = re.compile(r"\b(?:" + "|".join(words) + r")", re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(_escape_inline(text[last : match.start()]))
        out.append(f"**{_escape_inline(match.group())}**")
        last = match.end()
    out.append(_escape_inline(text[last:]))
    return "".join(out)


def slug(title: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    # Of the heading as written (cleaned, one line), or the link would miss it.
    text = re.sub(r"[^\w\- ]", "", _one_line(title).lower(), flags=re.UNICODE)
    return text.replace(" ", "-")


class _Anchors:
    """Unique anchors in document order, as GitHub numbers repeated headings."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, heading: str) -> str:
        base = slug(heading)
        count = self.seen.get(base, 0)
        self.seen[base] = count + 1
        return base if count == 0 else f"{base}-{count}"


def _paper_block(
    paper: Paper,
    level: str,
    keywords: Sequence[str],
    authors_radar: Sequence[str],
    marks: ExportMarks,
    reasons: Mapping[str, str],
) -> list[str]:
    title = escape(paper.title or "Untitled")
    lines = [f"{level} {title}"]
    authors = ", ".join(paper.authors) or "unknown"
    lines.append(f">Authors: {emphasize(authors, authors_radar)}")
    if paper.date:
        # The day in UTC, the digest's rule: a paper a feed dated 23:30 at -05:00 is in
        # the next UTC day's digest and must say that day, not its feed's.
        lines.append(f">{paper.date.astimezone(UTC):%Y-%m-%d}")
    if reason := reasons.get(paper.key):
        lines.append(f">Radar: {escape(reason)}")
    link = export_url(paper.link)
    if link:
        lines.append(f"> <{link}>")
    if tags := marks.tags.get(paper.key):
        lines.append(f">Tags: {escape(', '.join(tags))}")
    lines.append("")
    if paper.abstract:
        lines.append(_paragraph(emphasize(paper.abstract, keywords)))
        lines.append("")
    if note := marks.notes.get(paper.key, "").strip():
        # A quote block per line of the note; each line escaped on its own.
        lines.append("> **Note:** " + escape(note.splitlines()[0]))
        lines += [">" if not ln.strip() else "> " + escape(ln) for ln in note.splitlines()[1:]]
        lines.append("")
    return lines


def to_markdown(
    papers: Iterable[Paper],
    *,
    day: date | None,
    keywords: Sequence[str] = (),
    authors: Sequence[str] = (),
    group_by_source: bool = False,
    source_order: Sequence[str] = (),
    marks: ExportMarks = NO_MARKS,
    reasons: Mapping[str, str] | None = None,
) -> str:
    """The digest of ``papers`` for ``day`` (None: an export, headed "Papers");
    ``reasons`` (key -> the radar's score and reason) adds a "Radar:" line to those
    papers."""
    reasons = reasons or {}
    papers = list(papers)
    anchors = _Anchors()
    lines = [f"# {day:%Y-%m-%d}" if day else "# Papers", ""]
    if not papers:
        return "\n".join([*lines, "No new papers." if day else "No papers.", ""])
    if not group_by_source:
        headings = [(p, anchors(p.title or "Untitled")) for p in papers]
        lines += [f"- [{escape(p.title or 'Untitled')}](#{a})" for p, a in headings]
        lines.append("")
        for paper, _ in headings:
            lines += _paper_block(paper, "##", keywords, authors, marks, reasons)
        return "\n".join(lines)
    groups: dict[str, list[Paper]] = {}
    for paper in papers:
        groups.setdefault(paper.sources[0] if paper.sources else "Other", []).append(paper)
    order = [s for s in source_order if s in groups] + sorted(
        s for s in groups if s not in source_order
    )
    toc, body = [], []
    for source in order:
        toc.append(f"- [{escape(source)}](#{anchors(source)})")
        body += [f"## {escape(source)}", ""]
        for paper in groups[source]:
            toc.append(
                f"  - [{escape(paper.title or 'Untitled')}](#{anchors(paper.title or 'Untitled')})"
            )
            body += _paper_block(paper, "###", keywords, authors, marks, reasons)
    return "\n".join([*lines, *toc, "", *body])
