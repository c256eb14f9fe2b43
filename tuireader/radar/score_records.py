"""The radar's scores as radar.json keeps them between runs (storage/radar_files.py writes
the file): one record a paper, read back only when it has the exact shape written."""

from __future__ import annotations

from typing import Any

from tuireader.radar.ranking import Ranked
from tuireader.radar.rules import Contribution


def ranked_to_json(r: Ranked) -> list[Any]:
    """``r`` as radar.json keeps it: a compact list, the named parts as lists too."""
    return [
        r.score,
        [[c.kind, c.label, c.value, c.target] for c in r.contributions],
        r.muted,
        r.model,
    ]


def ranked_from_json(key: str, value: Any) -> Ranked | None:
    """A score read back from radar.json; ``None`` for a record that is not one (a
    damaged or older file is scored again, never trusted)."""
    try:
        score, parts, muted, model = value
        contributions = tuple(
            Contribution(str(k), str(label), float(v), None if t is None else str(t))
            for k, label, v, t in parts
        )
        return Ranked(
            key,
            float(score),
            contributions,
            None if muted is None else str(muted),
            None if model is None else str(model),
        )
    except (TypeError, ValueError):
        return None
