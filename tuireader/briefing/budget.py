"""The token budget of a brief: which papers go in, and how much of each abstract.

Counting real tokens would need the model's tokenizer; four characters a token (one for
CJK) over-counts English a little, which errs on the side of fitting. Long abstracts are
shortened at a sentence or word boundary, all alike, before any paper is left out; papers
left out are counted, so the brief can say how many it covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tuireader.model import Paper
from tuireader.sanitize import clean

BRIEF_TOKEN_BUDGET = 6000  # the papers' part of the prompt; fits an 8k context with the answer
MIN_ABSTRACT_CHARS = 240  # shorter than this says too little: leave a paper out instead
MAX_AUTHORS = 6


@dataclass(frozen=True, slots=True)
class BriefItem:
    """One paper as the model sees it: its number [n], and its (maybe shortened) text."""

    number: int
    paper: Paper
    authors: str
    abstract: str
    shortened: bool


@dataclass(frozen=True, slots=True)
class Budgeted:
    items: tuple[BriefItem, ...]
    asked: int  # papers chosen before the budget

    @property
    def covered(self) -> int:
        return len(self.items)

    @property
    def shortened(self) -> int:
        return sum(item.shortened for item in self.items)

    def coverage(self) -> str:
        """What the brief covers, in words: "5 papers", "20 of 34 papers (8 abstracts
        shortened)"."""
        n, asked = self.covered, self.asked
        text = f"{n} paper{'s' if n != 1 else ''}" if n == asked else f"{n} of {asked} papers"
        if self.shortened:
            text += f" ({self.shortened} abstract{'s' if self.shortened != 1 else ''} shortened)"
        return text


def estimate_tokens(text: str) -> int:
    wide = sum(1 for c in text if ord(c) >= 0x2E80)  # CJK and beyond: about a token each
    return (len(text) - wide) // 4 + wide + 1


def author_line(authors: Sequence[str]) -> str:
    names = [clean(a) for a in authors[:MAX_AUTHORS]]
    return ", ".join(names) + (" et al." if len(authors) > MAX_AUTHORS else "")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a sentence end, else a word, + "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if sentence >= limit // 2:
        return cut[: sentence + 1] + " …"
    space = cut.rfind(" ")
    return (cut[:space] if space >= limit // 2 else cut).rstrip(" ,;:") + "…"


def fit(
    papers: Sequence[Paper], *, max_papers: int, token_budget: int = BRIEF_TOKEN_BUDGET
) -> Budgeted:
    """The first ``max_papers`` papers within ``token_budget``, numbered from 1."""
    chosen = list(papers[:max_papers])
    asked = len(papers)
    while chosen:
        heads = [(clean(p.title), author_line(p.authors)) for p in chosen]
        abstracts = [clean(p.abstract) for p in chosen]
        overhead = sum(estimate_tokens(f"[00] {t}\n{a}\n\n") for t, a in heads)
        room = (token_budget - overhead) * 4  # in characters, as estimate_tokens counts
        cap = _water_level([len(a) for a in abstracts], room)
        if cap is None or cap >= MIN_ABSTRACT_CHARS or len(chosen) == 1:
            cap = max(cap or 0, MIN_ABSTRACT_CHARS) if cap is not None else None
            items = tuple(
                BriefItem(
                    i,
                    p,
                    authors,
                    a if cap is None else shorten(a, cap),
                    cap is not None and len(a) > cap,
                )
                for i, (p, (_, authors), a) in enumerate(
                    zip(chosen, heads, abstracts, strict=True), start=1
                )
            )
            return Budgeted(items, asked)
        chosen.pop()  # the last chosen is the least wanted (the lists come ranked)
    return Budgeted((), asked)


def _water_level(lengths: list[int], room: int) -> int | None:
    """The largest cap with sum(min(length, cap)) <= room; None when all fit uncapped."""
    if sum(lengths) <= room:
        return None
    remaining, count = room, len(lengths)
    for length in sorted(lengths):
        share = remaining // count
        if length > share:
            return max(share, 0)
        remaining -= length
        count -= 1
    return max(remaining, 0)
