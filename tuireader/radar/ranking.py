"""One score per paper from the rules and the learned models, and the reasons behind it.

A score is a plain sum of named contributions: each matching keyword and author rule, and
the learned part (the reader's own model, or a tag's model when that one scores the paper
higher). The reason shown for a paper is its largest contribution, so it is always true.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from tuireader.model import Paper
from tuireader.radar.learner import (
    BACKGROUND_WEIGHT,
    DISMISSED_WEIGHT,
    MIN_POSITIVES,
    OPENED_WEIGHT,
    Featurizer,
    Learner,
)
from tuireader.radar.rules import Contribution, Rules
from tuireader.radar.similar import Similar

# How many unlabelled papers train the model as "not what I starred" (the most recent).
BACKGROUND_SIZE = 3000
# Once the model learns, its values are given in units of its spread (the interquartile range
# of its values on the background) divided by this: a rule of weight 1 is then worth one
# spread, so a keyword lifts a paper as much against a confident model as against a hesitant
# one, and a score of 1 still means "as good as a keyword in the title" (the threshold's
# unit); measured in bench/radar_bench.py.
RULE_SPREADS = 1.0


@dataclass(frozen=True, slots=True)
class Ranked:
    """A paper's place on the radar."""

    key: str
    score: float
    contributions: tuple[Contribution, ...]  # largest first
    muted: str | None = None
    model: str | None = None  # the model that gave the learned part ("" = the reader's own)

    @property
    def reason(self) -> str:
        """The largest positive contribution, as the list row shows it."""
        if self.muted:
            return self.muted
        top = self.contributions[0] if self.contributions else None
        return top.reason if top is not None and top.value > 0 else ""


@dataclass(slots=True)
class Signals:
    """What the reader has told hubread, as papers: the training data of the models."""

    positives: list[Paper] = field(default_factory=list)  # starred, tagged, seeded
    dismissed: list[Paper] = field(default_factory=list)
    opened: list[Paper] = field(default_factory=list)  # opened and left unstarred
    background: list[Paper] = field(default_factory=list)  # everything else, recent first
    tags: dict[str, list[Paper]] = field(default_factory=dict)  # tag -> its papers


@dataclass(frozen=True, slots=True)
class Why:
    """Everything behind one paper's score, for the "why?" pane."""

    ranked: Ranked
    nearest: tuple[tuple[str, str, float], ...]  # (key, title, cosine) of the closest positives
    up: tuple[str, ...]
    down: tuple[str, ...]
    model: str  # which model gave the learned part: "your stars", "tag model: protein", ""
    similar: tuple[tuple[str, str, float], ...] = ()  # the closest positives by embeddings


class Radar:
    """Rules plus models, fitted once; ``rank`` scores any papers against them."""

    def __init__(self, rules: Rules, signals: Signals, similar: Similar | None = None) -> None:
        self.rules = rules
        self.similar = similar  # the embeddings' evidence, when there are embeddings
        self.positives = len(signals.positives)
        background = signals.background[:BACKGROUND_SIZE]
        negatives = (
            [(p, DISMISSED_WEIGHT) for p in signals.dismissed]
            + [(p, OPENED_WEIGHT) for p in signals.opened]
            + [(p, BACKGROUND_WEIGHT) for p in background]
        )
        tags = {t: ps for t, ps in sorted(signals.tags.items()) if len(ps) >= MIN_POSITIVES}
        self.learners: dict[str, Learner] = {}
        if signals.positives:
            training = list(
                {
                    p.key: p
                    for p in (
                        *signals.positives,
                        *(p for p, _ in negatives),
                        *(p for ps in tags.values() for p in ps),
                    )
                }.values()
            )
            self.featurizer: Featurizer | None = Featurizer.fitted(training)
        else:
            self.featurizer = None
        if self.featurizer is not None:
            self.learners[""] = Learner(self.featurizer, signals.positives, negatives)
            for tag, papers in tags.items():
                self.learners[tag] = Learner(self.featurizer, papers, negatives)
        own = self.learners.get("")
        # What one unit of score is in the model's own values (1.0 before it learns).
        self.model_unit = RULE_SPREADS * own.spread if own is not None and own.learning else 1.0

    @property
    def learning(self) -> bool:
        own = self.learners.get("")
        return own is not None and own.learning

    @property
    def status(self) -> str:
        """How the radar ranks now, in a few words for the list header."""
        if self.learning:
            return f"learned from {self.positives} papers"
        if self.positives and self.learners:
            return (
                f"learning: {self.positives} starred paper"
                f"{'' if self.positives == 1 else 's'} so far (ranked by similarity "
                f"until {MIN_POSITIVES})"
            )
        if self.positives:
            return "rules only: the starred papers have no words to learn from yet"
        return "rules only: star papers to teach the radar"

    def rank(self, papers: Sequence[Paper], *, tag: str | None = None) -> list[Ranked]:
        """Every paper scored, best first; muted papers last, with why.

        With ``tag``, the learned part comes from that tag's model only (a ``#tag`` view);
        otherwise from the best of the reader's own model and the tag models.
        """
        names = [tag] if tag is not None else list(self.learners)
        learners = {n: self.learners[n] for n in names if n in self.learners}
        results: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        if learners and papers and self.featurizer is not None:
            rows = self.featurizer.rows(papers)
            results = {n: learner.values(rows) for n, learner in learners.items()}
        # A #tag radar is that tag's model alone; the embeddings speak for all positives.
        use_similar = self.similar is not None and papers and tag is None
        evidence = self.similar.evidence(papers) if use_similar and self.similar else []
        ranked = [
            self._rank_one(i, paper, results, evidence[i] if evidence else None)
            for i, paper in enumerate(papers)
        ]
        ranked.sort(key=lambda r: (r.muted is not None, -r.score))
        return ranked

    def _rank_one(
        self,
        i: int,
        paper: Paper,
        results: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
        similar: Contribution | None = None,
    ) -> Ranked:
        parts = self.rules.contributions(paper)
        if similar is not None:
            parts.append(similar)
        best_name: str | None = None
        for name, (values, _, _) in results.items():
            if best_name is None or values[i] > results[best_name][0][i]:
                best_name = name
        if best_name is not None:
            values, nearest, _ = results[best_name]
            value = float(values[i]) / self.model_unit
            if math.isfinite(value):
                if best_name:
                    parts.append(Contribution("tag model", best_name, value))
                else:
                    near = self.learners[""].positives[int(nearest[i])]
                    parts.append(Contribution("like", near.title, value, target=near.key))
        parts.sort(key=lambda c: -c.value)
        return Ranked(
            paper.key,
            sum(c.value for c in parts),
            tuple(parts),
            self.rules.muted_by(paper),
            best_name,
        )

    def why(self, paper: Paper, *, tag: str | None = None) -> Why:
        """The full explanation of one paper's score (as ``rank`` computed it)."""
        ranked = self.rank([paper], tag=tag)[0]
        model = ranked.model
        similar = self.similar.nearest(paper) if self.similar is not None else ()
        if model is None or self.featurizer is None:
            return Why(ranked, (), (), (), "", similar)
        learner = self.learners[model]
        row = self.featurizer.rows([paper])
        similarity = learner.similarities(row)
        order = np.argsort(similarity)[::-1][:3]
        nearest = tuple(
            (learner.positives[j].key, learner.positives[j].title, float(similarity[j]))
            for j in order
            if similarity[j] > 0
        )
        explanation = learner.explain(row, int(order[0]) if len(order) else 0)
        return Why(
            ranked,
            nearest,
            explanation.up,
            explanation.down,
            f"tag model: {model}" if model else "your stars",
            similar,
        )
