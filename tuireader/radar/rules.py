"""The reader's explicit radar rules: keywords and authors that lift a paper, mutes that sink it.

A keyword or author rule adds its weight to a paper's score (a title match counts fully, an
abstract match less, and less again when the keyword is said there only once or twice, in
passing); once the model learns, the radar gives the model's values in units a weight of 1
is worth (see ``Radar.model_unit``). A mute hides the paper from the Radar and says why when asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tuireader.folding import fold
from tuireader.model import Paper
from tuireader.radar.terms import AuthorName, Phrase, words

# A keyword seen only in the abstract weighs this much of one seen in the title, when it is
# said there ``MENTIONS`` times or more; said fewer times, proportionally less (a keyword
# mentioned once in passing is weak evidence: measured in bench/radar_bench.py).
ABSTRACT_SHARE = 0.7
MENTIONS = 3


@dataclass(frozen=True, slots=True)
class Contribution:
    """One named part of a paper's score; the reasons shown are the largest of these."""

    kind: str  # "keyword", "author", "like", "tag model", "similar"
    label: str  # what the reader recognises: the keyword, the author, a starred title
    value: float
    target: str | None = None  # a paper key to jump to ("like: <title>")

    @property
    def reason(self) -> str:
        if self.kind == "similar":  # the embeddings' evidence (radar/similar.py)
            return f"similar to {self.label}"
        return f"{self.kind}: {self.label}"


@dataclass(frozen=True, slots=True)
class Mute:
    """What the reader never wants to see on the radar."""

    words: tuple[Phrase, ...] = ()
    authors: tuple[AuthorName, ...] = ()
    categories: frozenset[str] = frozenset()  # folded: "cs.cv"
    sources: frozenset[str] = frozenset()  # source names as configured


@dataclass(frozen=True, slots=True)
class Rules:
    keywords: tuple[tuple[Phrase, float], ...] = ()
    authors: tuple[tuple[AuthorName, float], ...] = ()
    mute: Mute = Mute()

    @classmethod
    def build(
        cls,
        keywords: Iterable[tuple[str, float]] = (),
        authors: Iterable[tuple[str, float]] = (),
        *,
        mute_words: Iterable[str] = (),
        mute_authors: Iterable[str] = (),
        mute_categories: Iterable[str] = (),
        mute_sources: Iterable[str] = (),
    ) -> Rules:
        phrases = tuple((p, w) for text, w in keywords if (p := Phrase.parse(text)))
        names = tuple((a, w) for text, w in authors if (a := AuthorName.parse(text)))
        mute = Mute(
            words=tuple(p for text in mute_words if (p := Phrase.parse(text))),
            authors=tuple(a for text in mute_authors if (a := AuthorName.parse(text))),
            categories=frozenset(fold(c.strip()) for c in mute_categories if c.strip()),
            sources=frozenset(s for s in mute_sources if s),
        )
        return cls(phrases, names, mute)

    def contributions(self, paper: Paper, *, scale: float = 1.0) -> list[Contribution]:
        """Every keyword and author rule that matches ``paper``, with what it adds: its
        weight times ``scale`` (1 unless a caller weighs rules differently)."""
        found: list[Contribution] = []
        if self.keywords:
            title, abstract = words(paper.title), words(paper.abstract)
            for phrase, weight in self.keywords:
                if phrase.occurs_in(title):
                    found.append(Contribution("keyword", phrase.text, weight * scale))
                elif said := phrase.count_in(abstract, most=MENTIONS):
                    share = ABSTRACT_SHARE * said / MENTIONS
                    found.append(Contribution("keyword", phrase.text, weight * scale * share))
        if self.authors:
            names = _author_names(paper.authors)
            for rule, weight in self.authors:
                match = next((n for n in names if rule.matches(n)), None)
                if match is not None:
                    found.append(Contribution("author", match.text, weight * scale))
        return found

    def muted_by(self, paper: Paper) -> str | None:
        """Why ``paper`` is muted ("muted: word crypto"), or None."""
        mute = self.mute
        if mute.sources and (hit := next((s for s in paper.sources if s in mute.sources), None)):
            return f"muted: source {hit}"
        if mute.categories and (
            hit := next((c for c in paper.categories if fold(c) in mute.categories), None)
        ):
            return f"muted: category {hit}"
        if mute.words:
            text = [*words(paper.title), "\x00", *words(paper.abstract)]
            for phrase in mute.words:
                if phrase.occurs_in(text):
                    return f"muted: word {phrase.text}"
        if mute.authors:
            for name in _author_names(paper.authors):
                if any(rule.matches(name) for rule in mute.authors):
                    return f"muted: author {name.text}"
        return None

    @property
    def empty(self) -> bool:
        return not (self.keywords or self.authors)


def _author_names(authors: Sequence[str]) -> list[AuthorName]:
    return [name for a in authors if (name := AuthorName.parse(a))]
