"""Where a paper was published: journal, volume, issue, pages and year, for the exports.

A journal paper's come from the record. An arXiv paper's published version comes from
its journal reference, which arXiv keeps as free text ("Phys. Rev. Lett. 125, 123456
(2020)", "JHEP 05 (2021) 123", "J. Mach. Learn. Res. 21(140):1-67, 2020"); a reference
that none of those shapes fits is no container at all (the exports then write it as a
note, never as a journal name). bioRxiv and medRxiv are publishers, not containers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tuireader.model import PREPRINT_SERVERS, Paper

_PAGES = r"(?P<pages>[A-Za-z]?\d+(?:\s*[-\u2013\u2014]+\s*[A-Za-z]?\d+)?)"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_JOURNAL = r"(?P<journal>[^\d,;()]*[A-Za-z][^\d,;()]*?)"
_REF_RES = (
    # Phys. Rev. Lett. 125, 123456 (2020) / J. Mach. Learn. Res. 21(140):1-67, 2020
    re.compile(
        rf"^{_JOURNAL}\s+(?P<volume>\d+)\s*(?:\((?P<issue>[^()]+)\))?\s*[,:]\s*"
        rf"{_PAGES}\s*(?:[,\s]\s*\(?{_YEAR}\)?)?\.?$"
    ),
    # JHEP 05 (2021) 123 / Astrophys. J. 900 (2020) 1
    re.compile(rf"^{_JOURNAL}\s+(?P<volume>\d+)\s*\({_YEAR}\)\s*,?\s*{_PAGES}\.?$"),
)


@dataclass(frozen=True)
class Publication:
    """A journal article's container; empty strings for what is not known."""

    journal: str
    volume: str = ""
    issue: str = ""
    pages: str = ""
    year: int | None = None

    @property
    def first_page(self) -> str:
        return re.split(r"\s*[-\u2013\u2014]+\s*", self.pages)[0] if self.pages else ""

    @property
    def last_page(self) -> str:
        parts = re.split(r"\s*[-\u2013\u2014]+\s*", self.pages) if self.pages else []
        return parts[1] if len(parts) > 1 else ""

    def page_range(self, dash: str) -> str:
        """The pages with ``dash`` between first and last ("--" for BibTeX)."""
        return f"{self.first_page}{dash}{self.last_page}" if self.last_page else self.pages


def parse_journal_ref(text: str | None) -> Publication | None:
    """The parts of a journal reference in one of the common shapes, else None."""
    text = " ".join((text or "").split())
    for pattern in _REF_RES:
        match = pattern.match(text)
        if match:
            parts = match.groupdict()
            year = parts.get("year")
            return Publication(
                journal=parts["journal"].strip(" ,"),
                volume=parts["volume"] or "",
                issue=(parts.get("issue") or "").strip(),
                pages=parts["pages"] or "",
                year=int(year) if year else None,
            )
    return None


def publication(paper: Paper) -> Publication | None:
    """The journal the paper appeared in, if it did (a preprint without one: None)."""
    if paper.arxiv_id or paper.journal in PREPRINT_SERVERS:
        parsed = parse_journal_ref(paper.journal_ref)
        if parsed is None:
            return None
        return Publication(
            parsed.journal,
            paper.volume or parsed.volume,
            paper.issue or parsed.issue,
            paper.pages or parsed.pages,
            parsed.year,
        )
    if not paper.journal:
        return None
    return Publication(
        paper.journal,
        paper.volume or "",
        paper.issue or "",
        paper.pages or "",
        paper.date.year if paper.date else None,
    )


def citation_year(paper: Paper) -> int | None:
    """The year a citation of ``paper`` carries: its published version's, else its own date's.

    One function for every place that prints it (BibTeX's ``year``, RIS's ``PY``, CSL's
    ``issued``) and for the citation key's ``[year]``, so ``lee2021dark`` cites the 2021
    journal article, not the 2026 e-print date.
    """
    pub = publication(paper)
    if pub is not None and pub.year is not None:
        return pub.year
    return paper.date.year if paper.date else None
