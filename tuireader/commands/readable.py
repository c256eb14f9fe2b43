"""Papers as people read them in hubread's text outputs (the digest, the radar's list):
their LaTeX shown as Unicode, as the reader shows it (``$\\epsilon$-Safe`` is ϵ-Safe).

Exports (BibTeX, RIS, CSL-JSON, CSV, JSON, `hubread export --format markdown`) are data for
other programs and keep the text as the source wrote it.
"""

from __future__ import annotations

from dataclasses import replace

from tuireader.latex_text import render_latex
from tuireader.model import Paper


def readable(paper: Paper) -> Paper:
    """``paper`` with its title, authors, abstract and comments rendered for reading."""
    return replace(
        paper,
        title=render_latex(paper.title),
        authors=tuple(render_latex(a) for a in paper.authors),
        abstract=render_latex(paper.abstract),
        comment=render_latex(paper.comment) if paper.comment else paper.comment,
    )
