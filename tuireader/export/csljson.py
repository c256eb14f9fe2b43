"""CSL-JSON, the citation format of Zotero, Pandoc and citeproc.

Names are structured as CSL wants them (``family``, ``given``, ``suffix``,
``non-dropping-particle``, ``dropping-particle``, or ``literal`` for a group).
``container-title`` is only a real container, the journal of a journal paper or of an
e-print's published version (never the raw journal-reference text, and never bioRxiv,
which is the publisher: styles would print "In bioRxiv. bioRxiv."). An arXiv paper's id
is its ``number``, as Zotero's own export writes it. The title is CSL rich text with its
LaTeX rendered (export/csl_text.py: CSL has no math).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tuireader.export.bibtex import unique_keys
from tuireader.export.csl_text import csl_title
from tuireader.export.publication import publication
from tuireader.model import PREPRINT_SERVERS, Paper
from tuireader.names import PersonName


def csl_name(person: PersonName) -> dict[str, str]:
    if person.literal or not person.family:
        return {"literal": person.literal or person.display}
    parts = (
        ("family", person.family),
        ("given", person.given),
        ("suffix", person.suffix),
        ("non-dropping-particle", person.particle),
        ("dropping-particle", person.dropping_particle),
    )
    return {k: v for k, v in parts if v}


def item(paper: Paper, item_id: str) -> dict[str, Any]:
    pub = publication(paper)
    data: dict[str, Any] = {
        "id": item_id,
        "type": "article-journal" if pub is not None or not paper.is_preprint else "article",
        "title": csl_title(paper.title),
        "author": [csl_name(p) for p in paper.people],
    }
    if paper.date:
        data["issued"] = {"date-parts": [[paper.date.year, paper.date.month, paper.date.day]]}
    if pub is not None and pub.year and (not paper.date or pub.year != paper.date.year):
        data["issued"] = {"date-parts": [[pub.year]]}
    if paper.doi:
        data["DOI"] = paper.doi
    if paper.link:
        data["URL"] = paper.link
    if paper.arxiv_id:
        data["number"] = f"arXiv:{paper.arxiv_id}"
        if pub is None:
            data["publisher"] = "arXiv"
    elif paper.journal in PREPRINT_SERVERS:
        data["publisher"] = paper.journal
    if pub is not None:
        data["container-title"] = pub.journal
        for key, value in (
            ("volume", pub.volume),
            ("issue", pub.issue),
            ("page", pub.page_range("-")),
        ):
            if value:
                data[key] = value
    elif paper.journal_ref:
        data["note"] = paper.journal_ref
    if paper.abstract:
        data["abstract"] = paper.abstract
    return data


def to_csljson(papers: Iterable[Paper]) -> str:
    papers = list(papers)
    items = [item(p, k) for p, k in zip(papers, unique_keys(papers), strict=True)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
