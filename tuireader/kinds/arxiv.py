"""The ``arxiv`` kind: arXiv category listings (rss.arxiv.org), one or more categories."""

from __future__ import annotations

import re
from datetime import datetime

from tuireader.kinds.arxiv_order import ARXIV_ORDER
from tuireader.kinds.base import Address, Settings, SourceKind, UnusableURL
from tuireader.kinds.source import SourceConfig, category_problem

ARXIV_RSS = "https://rss.arxiv.org/rss/"
ARXIV_HOSTS = ("arxiv.org", "www.arxiv.org", "export.arxiv.org", "rss.arxiv.org")


def arxiv_badge(category: str | None, journal: str | None, name: str) -> str:
    """An arXiv paper shows its primary category (``cs.AI``), else ``arXiv``."""
    return category or "arXiv"


def _url(source: SourceConfig, today: datetime | None) -> str:
    return source.url or ARXIV_RSS + "+".join(source.categories)


def _problems(source: SourceConfig) -> list[str]:
    if not source.categories:
        return ["categories must list at least one category"]
    return [f"categories: {p}" for p in map(category_problem, source.categories) if p]


def _categories(text: str) -> tuple[str, ...]:
    categories = tuple(c for c in re.split(r"[+ ]", text) if c)
    problems = [p for p in map(category_problem, categories) if p]
    if problems or not categories:
        raise UnusableURL(problems[0] if problems else "it names no arXiv category")
    return categories


def _recognise(address: Address) -> Settings | None:
    """/rss/cs.AI+cs.LG, /atom/cs.AI, /list/cs.AI/new (or /recent, /pastweek?skip=0)."""
    segments = address.segments
    if (
        address.host in ARXIV_HOSTS
        and len(segments) >= 2
        and (segments[0] == "list" or (segments[0] in ("rss", "atom") and len(segments) == 2))
    ):
        return {"categories": _categories(segments[1])}
    return None


ARXIV = SourceKind(
    name="arxiv",
    summary="arXiv category listings (rss.arxiv.org)",
    keys={"categories": True},
    parser="tuireader.kinds.parsers.arxiv:parse_arxiv_listing",
    url=_url,
    badge=arxiv_badge,
    describe=lambda source: "+".join(source.categories),
    problems=_problems,
    recognise=_recognise,
    table=lambda source: {"categories": list(source.categories)},
    empty_note="no announcement today (arXiv lists nothing on weekends and holidays)",
    examples=(("https://rss.arxiv.org/rss/cs.AI+stat.ML", {"categories": ("cs.AI", "stat.ML")}),),
    order=ARXIV_ORDER,
)
