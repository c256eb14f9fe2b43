"""arXiv ids in the order arXiv hands them out, for telling a stale listing.

New-style ids (``YYMM.NNNN``, ``YYMM.NNNNN`` since 2015) grow with submission time; old-style
ids (``math/0601001``, ``hep-th/9901001``: archive, YYMM, number) are all older than every
new-style one (they ended in March 2007). A listing's newest id is that of its newest new
submission or cross-list: replacements announce old papers again, so a day of only
replacements (a small category's quiet day) says nothing about how recent the listing is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tuireader.kinds.base import IdOrder

_NEW_STYLE = re.compile(r"(\d{2})(\d{2})\.(\d{4,5})")
_OLD_STYLE = re.compile(r"[a-z-]+(?:\.[A-Za-z-]+)?/(\d{2})(\d{2})(\d{3})")
_KEY_PREFIX = "arxiv:"


def id_rank(arxiv_id: str) -> tuple[int, int, int, int] | None:
    """(style, year, month, number): sorts ids as arXiv assigned them; None for a string
    that is not an arXiv id (without version)."""
    if match := _NEW_STYLE.fullmatch(arxiv_id):
        return (1, 2000 + int(match[1]), int(match[2]), int(match[3]))
    if match := _OLD_STYLE.fullmatch(arxiv_id):
        year = int(match[1])  # old-style ids ran from 1991 to 2007
        return (0, year + (1900 if year >= 91 else 2000), int(match[2]), int(match[3]))
    return None


def listing_newest(papers: Iterable[tuple[str, str | None]]) -> str | None:
    """The newest arXiv id among a listing's new submissions and cross-lists (a paper of
    an unknown announce type counts: a mirror may leave it out); None when there is none."""
    best: tuple[tuple[int, int, int, int], str] | None = None
    for key, announce in papers:
        if not key.startswith(_KEY_PREFIX) or (announce or "").startswith("replace"):
            continue
        arxiv_id = key[len(_KEY_PREFIX) :]
        rank = id_rank(arxiv_id)
        if rank is not None and (best is None or rank > best[0]):
            best = (rank, arxiv_id)
    return best[1] if best else None


def older(first: str, second: str) -> bool:
    """Whether arXiv id ``first`` was handed out before ``second`` (False when either is
    not an arXiv id: nothing to judge by)."""
    a, b = id_rank(first), id_rank(second)
    return a is not None and b is not None and a < b


ARXIV_ORDER = IdOrder(newest=listing_newest, older=older, hint="arXiv mirror or cache behind?")
