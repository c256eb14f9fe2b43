"""Hugging Face Daily Papers (``/api/daily_papers?date=YYYY-MM-DD``, JSON) -> Papers.

Every daily paper is an arXiv paper, so it is keyed by its arXiv id and merges with the
same paper from an arXiv listing; its upvotes are refreshed on every fetch.
"""

from __future__ import annotations

from typing import Any

from tuireader.cleantext import clean_text
from tuireader.feeds.authors import clean_author
from tuireader.feeds.dates import parse_date
from tuireader.feeds.errors import FeedError
from tuireader.feeds.items import Parsed, json_list, json_text, papers_of, read_json
from tuireader.kinds.parsers.arxiv import arxiv_urls
from tuireader.model import Paper, paper_key, parse_arxiv_id


def _paper_from_item(item: Any, source: str) -> Paper | None:
    """One daily paper; a field of the wrong type counts as missing."""
    if not isinstance(item, dict):
        raise TypeError(f"a daily paper that is not an object: {type(item).__name__}")
    paper = item.get("paper")
    inner: dict[str, Any] = paper if isinstance(paper, dict) else item
    found = parse_arxiv_id(json_text(inner.get("id")))
    if found is None:
        return None
    arxiv_id, _ = found
    abs_url, pdf_url = arxiv_urls(arxiv_id)
    names = [
        clean_author(json_text(a.get("name")))
        for a in json_list(inner.get("authors"))
        if isinstance(a, dict)
    ]
    upvotes = inner.get("upvotes", item.get("upvotes"))
    extra = {"hf_url": f"https://huggingface.co/papers/{arxiv_id}"}
    repo = json_text(inner.get("githubRepo"))
    if repo.startswith("https://"):
        extra["code_url"] = repo
    return Paper(
        key=paper_key(arxiv_id, None, arxiv_id),
        title=clean_text(json_text(inner.get("title")) or json_text(item.get("title"))),
        authors=tuple(n for n in names if n),
        abstract=clean_text(json_text(inner.get("summary")) or json_text(item.get("summary"))),
        arxiv_id=arxiv_id,
        published=parse_date(json_text(inner.get("publishedAt"))),
        abs_url=abs_url,
        pdf_url=pdf_url,
        sources=(source,),
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        extra=extra,
    )


def parse_huggingface(body: bytes, source: str) -> Parsed:
    """Parse a Daily Papers response (a JSON array of ``{"paper": {...}, ...}``)."""
    data = read_json(body)
    if isinstance(data, dict) and "error" in data:
        raise FeedError(f"Hugging Face API error: {clean_text(json_text(data['error']))}")
    if not isinstance(data, list):
        raise FeedError("expected a JSON array of daily papers")
    return papers_of(data, lambda item: _paper_from_item(item, source))
