"""Optional LLM relevance (``[llm].rerank``): the model scores the radar's top papers as
JSON with a one-line reason, as arxiv-subscription-viewer and ArxivDigest do.

Small models wrap JSON in prose or code fences, use other key names, quote numbers or stop
half-way; ``parse_scores`` takes what it can from such answers and ignores the rest (a
paper without a usable score keeps only the radar's own reason).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tuireader.briefing.budget import BriefItem, fit, shorten
from tuireader.briefing.client import ChatClient
from tuireader.briefing.prompts import rerank_messages
from tuireader.model import Paper
from tuireader.sanitize import clean

_NUMBER_KEYS = ("n", "number", "id", "index", "paper")
_OBJECT = re.compile(r"\{[^{}]*\}", re.DOTALL)


@dataclass(frozen=True, slots=True)
class LLMScore:
    score: float  # 0 to 10
    reason: str  # one line, cleaned


def parse_scores(text: str, count: int) -> dict[int, LLMScore]:
    """Paper number (1..count) -> score, from a model's answer; junk is skipped."""
    records: list[Any] = []
    start, end = text.find("["), text.rfind("]")
    if 0 <= start < end:
        try:
            value = json.loads(text[start : end + 1])
            records = value if isinstance(value, list) else []
        except ValueError:
            records = []
    if not records:  # prose around objects, or a list cut short: each object on its own
        for match in _OBJECT.finditer(text):
            try:
                records.append(json.loads(match.group(0)))
            except ValueError:
                continue
    scores: dict[int, LLMScore] = {}
    for record in records:
        if not isinstance(record, dict):
            continue
        number = _number(next((record[k] for k in _NUMBER_KEYS if k in record), None))
        score = _number(record.get("score", record.get("relevance")))
        if number is None or score is None or not 1 <= number <= count:
            continue
        reason = shorten(clean(str(record.get("reason", ""))).strip(), 140)
        scores.setdefault(int(number), LLMScore(min(max(score, 0.0), 10.0), reason))
    return scores


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().strip("[]")
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def rerank(
    client: ChatClient, items: Sequence[BriefItem], interests: Sequence[str]
) -> dict[str, LLMScore]:
    """Paper key -> the model's score for ``items`` (the radar's top N, numbered)."""
    answer = client.complete(
        rerank_messages(items, interests=interests, language=client.config.language),
        max_tokens=60 * len(items) + 100,
    )
    by_number = {item.number: item.paper.key for item in items}
    return {by_number[n]: s for n, s in parse_scores(answer, len(items)).items()}


def rerank_top(
    client: ChatClient, papers: Sequence[Paper], interests: Sequence[str]
) -> dict[str, str]:
    """Paper key -> "llm 8/10: reason" for the first ``[llm].max_papers`` of ``papers``
    (the radar's best first) that fit the prompt; raises ``LLMError`` as the client does."""
    budgeted = fit(papers, max_papers=client.config.max_papers)
    scores = rerank(client, budgeted.items, interests)
    return {
        key: f"llm {s.score:g}/10" + (f": {s.reason}" if s.reason else "")
        for key, s in scores.items()
    }
