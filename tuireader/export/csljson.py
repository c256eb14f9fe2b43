"""CSL-JSON, the citation format of Zotero, Pandoc and citeproc."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tuireader.export.bibtex import unique_keys
from tuireader.export.names import split_name
from tuireader.model import PREPRINT_SERVERS, Paper


def item(paper: Paper, item_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item_id,
        "type": "article" if paper.is_preprint else "article-journal",
        "title": paper.title,
        "author": [
            {"family": family, "given": given} if given else {"literal": family}
            for family, given in (split_name(a) for a in paper.authors)
        ],
    }
    if paper.date:
        data["issued"] = {"date-parts": [[paper.date.year, paper.date.month, paper.date.day]]}
    if paper.doi:
        data["DOI"] = paper.doi
    if paper.link:
        data["URL"] = paper.link
    if paper.arxiv_id:
        data["number"] = f"arXiv:{paper.arxiv_id}"
        data["publisher"] = "arXiv"
    elif paper.journal in PREPRINT_SERVERS:
        data["publisher"] = paper.journal
    if paper.journal and not paper.arxiv_id:
        data["container-title"] = paper.journal
    elif paper.journal_ref:
        data["container-title"] = paper.journal_ref
    if paper.abstract:
        data["abstract"] = paper.abstract
    return data


def to_csljson(papers: Iterable[Paper]) -> str:
    papers = list(papers)
    items = [item(p, k) for p, k in zip(papers, unique_keys(papers), strict=True)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
