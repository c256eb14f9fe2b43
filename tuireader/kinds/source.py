"""A configured source: its name, its kind and that kind's settings (one ``[[sources]]``)."""

from __future__ import annotations

import re
from dataclasses import dataclass


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


def category_problem(category: str) -> str | None:
    """Why ``category`` is not an arXiv category name; None when it is one."""
    if ARXIV_CATEGORY.fullmatch(category):
        return None
    return f"{category!r} is not an arXiv category (such as cs.AI, math.AG, hep-th, q-bio.NC)"
