"""Learned preferences: tf-idf over title, abstract and authors with a linear SVM.

The method of arxiv-sanity-lite: the reader's positives (starred, tagged, seeded papers)
against everything else they have seen, class-balanced, so a handful of stars already ranks
a day of a thousand papers. A linear model's score is a sum over words, so the words that
pushed a paper up or down are its real contributions, and the reader sees them. With fewer
than ``MIN_POSITIVES`` positives there is nothing to learn a boundary from: papers are
ranked by their similarity to the nearest positive instead, and the radar says so.

One ``Featurizer`` (the vocabulary and idf weights) serves every model of a radar, so the
day's papers are turned into vectors once, however many tag models there are.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.svm import LinearSVC

from tuireader.model import Paper
from tuireader.radar.terms import AuthorName, words

MIN_POSITIVES = 5
# Similarity mode: a paper as close to a positive as two versions of one abstract scores
# about as much as a keyword in its title.
SIMILARITY_SCALE = 1.5
# Weights of the kinds of example in training (the positives weigh 1).
DISMISSED_WEIGHT = 2.0
OPENED_WEIGHT = 0.5
BACKGROUND_WEIGHT = 1.0
_STOP = frozenset(ENGLISH_STOP_WORDS) | {
    "paper",
    "propose",
    "proposed",
    "method",
    "methods",
    "results",
    "approach",
    "new",
    "based",
}
EXPLAIN = 5  # words shown each way


def paper_features(paper: Paper) -> list[str]:
    """Words and word pairs of the title (counted twice) and abstract, and the authors."""
    title = [w for w in words(paper.title) if w not in _STOP and not w.isdigit()]
    body = [w for w in words(paper.abstract) if w not in _STOP and not w.isdigit()]
    features = title * 2 + body
    for seq in (title, body):
        features.extend(f"{a} {b}" for a, b in itertools.pairwise(seq))
    for author in paper.authors:
        name = AuthorName.parse(author)
        if name is not None:
            features.append(f"author:{name.family}")
    return features


class Featurizer:
    """Papers -> L2-normalised tf-idf rows over one vocabulary, each paper analysed once."""

    def __init__(
        self, training: Sequence[Paper], features: dict[str, list[str]] | None = None
    ) -> None:
        # ``features``: what ``paper_features`` gave for some papers already (see ``fitted``).
        self._features: dict[str, list[str]] = dict(features or {})
        self._vectorizer = TfidfVectorizer(
            analyzer=self._analyse, sublinear_tf=True, dtype=np.float32
        )
        self._vectorizer.fit(training)
        self.names = self._vectorizer.get_feature_names_out()

    @classmethod
    def fitted(cls, training: Sequence[Paper]) -> Featurizer | None:
        """A featurizer over ``training``; None when no paper holds a word to learn from
        (a first star titled "A new approach" is all stop words, and tf-idf refuses an
        empty vocabulary with ValueError): the radar then ranks by its rules alone."""
        features = {paper.key: paper_features(paper) for paper in training}
        if not any(features.values()):
            return None
        return cls(training, features)

    def _analyse(self, paper: Paper) -> list[str]:
        found = self._features.get(paper.key)
        if found is None:
            found = self._features[paper.key] = paper_features(paper)
        return found

    def rows(self, papers: Sequence[Paper]) -> sparse.csr_matrix:
        return sparse.csr_matrix(self._vectorizer.transform(papers))


@dataclass(frozen=True, slots=True)
class Explanation:
    """What made up the learned part of one paper's score."""

    up: tuple[str, ...]  # features that raised it most
    down: tuple[str, ...]  # features that lowered it most


class Learner:
    """One model: an SVM over the positives, or similarity to them while they are few.

    ``values`` is the model's part of a score: for the SVM, how much more it likes a paper
    than the typical paper of the background (its median decision value), so that papers
    the reader would star score above zero; in similarity mode, the scaled cosine to the
    nearest positive.
    """

    def __init__(
        self,
        featurizer: Featurizer,
        positives: Sequence[Paper],
        negatives: Sequence[tuple[Paper, float]] = (),
    ) -> None:
        self.featurizer = featurizer
        self.positives = list(positives)
        self._positive_rows = featurizer.rows(self.positives)
        self._svm: LinearSVC | None = None
        self._baseline = 0.0
        self.spread = 1.0  # the typical difference of two values (see below)
        pos_keys = {p.key for p in self.positives}
        others = {p.key: (p, w) for p, w in negatives if p.key not in pos_keys}
        if len(self.positives) >= MIN_POSITIVES and others:
            negative_rows = featurizer.rows([p for p, _ in others.values()])
            matrix = sparse.vstack([self._positive_rows, negative_rows]).tocsr()
            labels = np.zeros(matrix.shape[0], dtype=np.int8)
            labels[: len(self.positives)] = 1
            weights = np.asarray([1.0] * len(self.positives) + [w for _, w in others.values()])
            self._svm = LinearSVC(C=0.1, class_weight="balanced", dual="auto", max_iter=5000)
            self._svm.fit(matrix, labels, sample_weight=weights)
            self._coef = self._svm.coef_.ravel().astype(np.float32)
            background = negative_rows @ self._coef
            self._baseline = float(np.median(background)) + float(self._svm.intercept_[0])
            # How far apart the model puts papers (the interquartile range of the
            # background), the unit a rule's weight is worth next to the model.
            low, high = np.percentile(background, [25, 75])
            self.spread = float(high - low) or 1.0

    @property
    def learning(self) -> bool:
        return self._svm is not None

    def values(self, rows: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each row: the model's value, the nearest positive's index and its cosine."""
        if not self.positives:
            zeros = np.zeros(rows.shape[0], dtype=np.float32)
            return zeros, np.zeros(rows.shape[0], dtype=np.int64), zeros
        similarity = (rows @ self._positive_rows.T).toarray()
        nearest = similarity.argmax(axis=1)
        cosine = similarity[np.arange(rows.shape[0]), nearest]
        if self._svm is not None:
            values = rows @ self._coef + float(self._svm.intercept_[0]) - self._baseline
        else:
            values = SIMILARITY_SCALE * cosine
        return np.asarray(values, dtype=np.float64), nearest, cosine

    def similarities(self, row: sparse.csr_matrix) -> np.ndarray:
        """The cosine of one row to each positive."""
        return np.asarray((row @ self._positive_rows.T).toarray()).ravel()

    def explain(self, row: sparse.csr_matrix, nearest: int) -> Explanation:
        """The features that contributed most to one row's value, each way."""
        if self._svm is not None:
            parts = sparse.csr_matrix(row.multiply(self._coef))
        else:
            parts = sparse.csr_matrix(row.multiply(self._positive_rows[nearest]))
        cols, values = parts.indices, parts.data
        order = np.argsort(values)
        names = self.featurizer.names
        up = tuple(str(names[cols[j]]) for j in order[::-1][:EXPLAIN] if values[j] > 0)
        down = tuple(str(names[cols[j]]) for j in order[:EXPLAIN] if values[j] < 0)
        return Explanation(up, down)
