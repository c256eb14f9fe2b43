"""Hugging Face Daily Papers (``/api/daily_papers?date=YYYY-MM-DD``, JSON) -> Papers.

Every daily paper is an arXiv paper, so it is keyed by its arXiv id and merges with the
same paper from an arXiv listing; its upvotes are refreshed on every fetch.
"""

from __future__ import annotations

import json
from typing import Any

from tuireader.cleantext import clean_text
from tuireader.feeds.authors import clean_author
from tuireader.feeds.dates import parse_date
from tuireader.feeds.errors import FeedError
from tuireader.kinds.arxiv import arxiv_urls
from tuireader.model import Paper, paper_key, parse_arxiv_id


def _paper_from_item(item: dict[str, Any], source: str) -> Paper | None:
    inner = item.get("paper") if isinstance(item.get("paper"), dict) else item
    found = parse_arxiv_id(str(inner.get("id", "")))
    if found is None:
        return None
    arxiv_id, _ = found
    abs_url, pdf_url = arxiv_urls(arxiv_id)
    authors = inner.get("authors") or []
    names = [clean_author(a.get("name")) for a in authors if isinstance(a, dict)]
    upvotes = inner.get("upvotes", item.get("upvotes"))
    extra = {"hf_url": f"https://huggingface.co/papers/{arxiv_id}"}
    if isinstance(inner.get("githubRepo"), str) and inner["githubRepo"].startswith("https://"):
        extra["code_url"] = inner["githubRepo"]
    return Paper(
        key=paper_key(arxiv_id, None, arxiv_id),
        title=clean_text(str(inner.get("title") or item.get("title") or "")),
        authors=tuple(n for n in names if n),
        abstract=clean_text(str(inner.get("summary") or item.get("summary") or "")),
        arxiv_id=arxiv_id,
        published=parse_date(str(inner.get("publishedAt") or "")),
        abs_url=abs_url,
        pdf_url=pdf_url,
        sources=(source,),
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        extra=extra,
    )


def parse_huggingface(body: bytes, source: str) -> list[Paper]:
    """Parse a Daily Papers response (a JSON array of ``{"paper": {...}, ...}``)."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"not valid JSON: {exc}") from exc
    if isinstance(data, dict) and "error" in data:
        raise FeedError(f"Hugging Face API error: {clean_text(str(data['error']))}")
    if not isinstance(data, list):
        raise FeedError("expected a JSON array of daily papers")
    papers = (_paper_from_item(i, source) for i in data if isinstance(i, dict))
    return [p for p in papers if p is not None]
