"""A configured source: its name, its kind and that kind's settings (one ``[[sources]]``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One ``[[sources]]`` entry."""

    name: str
    kind: str
    categories: tuple[str, ...] = ()
    query: str = ""
    max_results: int = 100
    subject: str = ""
    date: str = ""
    url: str = ""
    enabled: bool = True
    tags: tuple[str, ...] = ()  # folders, e.g. from an imported OPML file


# arXiv's category names: an archive (cs, hep-th, q-bio, cond-mat), then optionally a
# subject class (AI, NC, mes-hall). Letters, digits and inner hyphens only.
ARXIV_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)?")


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a clean absolute http(s) address; None when it is one."""
    if not url.isprintable() or any(c.isspace() for c in url):
        return "it contains spaces or control characters"
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is no number raises ValueError
    except ValueError as exc:
        return f"it is not a valid address ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return "only http:// and https:// addresses can be fetched"
    if not parts.hostname:
        return "it names no host"
    return None


def category_problem(category: str) -> str | None:
    """Why ``category`` is not an arXiv category name; None when it is one."""
    if ARXIV_CATEGORY.fullmatch(category):
        return None
    return f"{category!r} is not an arXiv category (such as cs.AI, math.AG, hep-th, q-bio.NC)"
