"""How good a ranking is against the papers known to be relevant: the radar benches' one
measure, shared so that the tf-idf and the embeddings columns are scored the same way."""

from __future__ import annotations


def precision_and_ap(order: list[str], relevant: set[str]) -> tuple[float, float]:
    """Precision at 10 and average precision of ``order`` (keys, best first)."""
    hits, total = 0, 0.0
    for i, key in enumerate(order, start=1):
        if key in relevant:
            hits += 1
            total += hits / i
    return sum(k in relevant for k in order[:10]) / 10, total / max(len(relevant), 1)
