"""The abstract pane's lines an arXiv reader looks for: the version and when the paper
was first submitted, the authors' comments and the journal reference.

arXiv's API gives them (``arxiv:comment``, ``arxiv:journal_ref``, ``published`` for the
first version); its RSS listings give the journal reference only, so a listing-only paper
shows less. Every value came from a feed: plain Content, cleaned, never markup.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from tuireader.model import Paper
from tuireader.sanitize import clean


def version_line(paper: Paper) -> str:
    """``v3, 2026-11-30; first submitted 2026-09-02 · versions: arxiv.org/abs/ID`` for a
    paper past its first version ('' otherwise: its published date says it all). The
    first-submitted date is the API's; a listing only knows when a version was announced."""
    if not paper.arxiv_id or (paper.version or 0) < 2:
        return ""
    current = paper.updated or paper.published
    line = f"v{paper.version}" + (f", {current:%Y-%m-%d}" if current else "")
    if paper.submitted and (current is None or paper.submitted.date() != current.date()):
        line += f"; first submitted {paper.submitted:%Y-%m-%d}"
    return line + f"  ·  versions: arxiv.org/abs/{paper.arxiv_id}"


def arxiv_notes(paper: Paper, shown: Callable[[str], str]) -> list[Content]:
    """The comments and journal-ref lines of ``paper`` (none it lacks); ``shown`` is how
    text reaches the screen (LaTeX rendered or as written)."""
    return [
        Content.assemble((f"{label}: ", "$text-muted"), clean(shown(value)))
        for label, value in (("comments", paper.comment), ("journal-ref", paper.journal_ref))
        if value
    ]
