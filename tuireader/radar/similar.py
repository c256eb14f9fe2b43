"""The embeddings' evidence: "similar to <starred title>", in the radar's units.

For each paper, its largest cosine to the positives' embeddings (the method of
zotero-arxiv-daily). Raw cosines of one embedding model crowd into a narrow band (e5's sit
around 0.7-0.9 for any two papers), so the value is measured against the background: how
many interquartile ranges of the background's largest cosines a paper stands above their
median, times ``WEIGHT``. That is the unit ``Radar.model_unit`` gives the learned model (a
rule of weight 1 is one spread): a paper one spread more similar than the typical paper
weighs ``WEIGHT`` (a quarter) of a keyword in its title. Evidence is only ever
for a paper: one less similar than the median gets nothing (a contribution of 0 is left
out), since "not like your stars" is already the learned model's to say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tuireader.model import Paper
from tuireader.radar.rules import Contribution

# One spread of the background's largest cosines is worth this many radar units: measured
# in bench/radar_bench.py (0.25, 0.5, 1 and 2 against tf-idf alone), 0.25 is the one that
# never cost average precision there; larger weights did with 3 stars.
WEIGHT = 0.25
MIN_REFERENCE = 10  # background vectors needed before their spread means anything
REFERENCE_SIZE = 2000  # the most recent background papers that set median and spread

Lookup = Callable[[Sequence[Paper]], dict[str, np.ndarray]]


@dataclass(frozen=True, slots=True)
class Similar:
    """The positives' vectors and the background's spread; ``evidence`` scores papers."""

    keys: tuple[str, ...]
    titles: tuple[str, ...]
    matrix: np.ndarray  # one unit row per embedded positive
    median: float
    spread: float
    lookup: Lookup  # papers -> their cached vectors (those not embedded yet are absent)
    weight: float = WEIGHT

    @classmethod
    def build(
        cls,
        positives: Sequence[Paper],
        background: Sequence[Paper],
        lookup: Lookup,
        *,
        weight: float = WEIGHT,
    ) -> Similar | None:
        """None until some positives and ``MIN_REFERENCE`` background papers are embedded."""
        found = lookup(positives)
        embedded = [p for p in positives if p.key in found]
        if not embedded:
            return None
        matrix = np.vstack([found[p.key] for p in embedded])
        reference = lookup(background[:REFERENCE_SIZE])
        if len(reference) < MIN_REFERENCE or len({v.shape[0] for v in found.values()}) != 1:
            return None
        rows = np.vstack(list(reference.values()))
        if rows.shape[1] != matrix.shape[1]:
            return None
        best = (rows @ matrix.T).max(axis=1)
        low, median, high = np.percentile(best, [25, 50, 75])
        spread = float(high - low) or 1e-3
        return cls(
            tuple(p.key for p in embedded),
            tuple(p.title for p in embedded),
            matrix,
            float(median),
            spread,
            lookup,
            weight,
        )

    def cosines(self, papers: Sequence[Paper]) -> list[np.ndarray | None]:
        """Each paper's cosine to every embedded positive; None when it has no vector."""
        found = self.lookup(papers)
        return [
            self.matrix @ found[p.key]
            if p.key in found and found[p.key].shape[0] == self.matrix.shape[1]
            else None
            for p in papers
        ]

    def evidence(self, papers: Sequence[Paper]) -> list[Contribution | None]:
        """Each paper's "similar to <title>" contribution (None: none, or not embedded)."""
        out: list[Contribution | None] = []
        for paper, cos in zip(papers, self.cosines(papers), strict=True):
            if cos is None:
                out.append(None)
                continue
            if paper.key in self.keys:  # a tagged or seeded paper is not like itself
                cos = cos.copy()
                cos[self.keys.index(paper.key)] = -np.inf
            j = int(np.argmax(cos))
            value = self.weight * (float(cos[j]) - self.median) / self.spread
            out.append(
                Contribution("similar", self.titles[j], value, target=self.keys[j])
                if value > 0 and np.isfinite(value)
                else None
            )
        return out

    def nearest(self, paper: Paper, most: int = 3) -> tuple[tuple[str, str, float], ...]:
        """The closest embedded positives: (key, title, cosine), closest first."""
        cos = self.cosines([paper])[0]
        if cos is None:
            return ()
        order = [j for j in np.argsort(cos)[::-1] if self.keys[j] != paper.key][:most]
        return tuple((self.keys[j], self.titles[j], float(cos[j])) for j in order)
