"""``[radar]`` in config.toml: the keywords and authors the radar lifts, what it mutes.

Kept apart from ``settings`` (which reads the other tables) so each section is read in
one place; ``settings`` calls ``read_radar`` with the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tuireader.config.radar_embeddings import EMBEDDINGS_KEYS, EmbeddingsConfig, read_embeddings
from tuireader.config.table_reader import TableReader


@dataclass(frozen=True, slots=True)
class RadarTerm:
    """A keyword (a word or a phrase) or an author the radar lifts, by ``weight``."""

    term: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class RadarMute:
    """What the radar sinks and hides, newsboat-killfile style."""

    words: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


RADAR_DAYS = 3  # Monday's radar shows the weekend's papers
RADAR_THRESHOLD = 1.0  # as good as a keyword in the title (or one spread of the learned model)


@dataclass(frozen=True, slots=True)
class RadarConfig:
    keyword_rules: tuple[RadarTerm, ...] = ()
    author_rules: tuple[RadarTerm, ...] = ()
    mute: RadarMute = RadarMute()
    days: int = RADAR_DAYS  # 0: every cached paper
    threshold: float = RADAR_THRESHOLD
    embeddings: EmbeddingsConfig | None = None  # None: no embeddings_url, no semantic evidence

    @property
    def keywords(self) -> tuple[str, ...]:
        """The keywords as plain terms, for highlighting abstracts and digests."""
        return tuple(t.term for t in self.keyword_rules)

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.author_rules)


def radar_terms(reader: TableReader, key: str) -> tuple[RadarTerm, ...]:
    """``["diffusion", {term = "protein design", weight = 2}]``: strings weigh 1."""
    what = 'a list of strings or {term = "...", weight = N} tables'
    terms: list[RadarTerm] = []
    for i, item in enumerate(reader.get(key, list, [], what)):
        where = f"{reader.where}.{key}[{i}]"
        if isinstance(item, dict):
            entry = TableReader(reader.path, where, item, {"term", "weight"})
            term = entry.get("term", str, "", "a non-empty string")
            weight = entry.number("weight", 1.0, minimum=-100, maximum=100)
        elif isinstance(item, str):
            term, weight = item, 1.0
        else:
            reader.fail(
                f"{where} must be a string or a {{term = ..., weight = ...}} table, got {item!r}"
            )
        if not term.strip():
            reader.fail(f"{where} needs a non-empty term, got {term!r}")
        terms.append(RadarTerm(term.strip(), weight))
    return tuple(terms)


def read_radar(path: Path, table: Any) -> RadarConfig:
    radar = TableReader(
        path,
        "[radar]",
        table,
        {"keywords", "authors", "mute", "days", "threshold"} | EMBEDDINGS_KEYS,
    )
    mute = TableReader(
        path,
        "[radar].mute",
        radar.get("mute", dict, {}, "a table"),
        {"words", "authors", "categories", "sources"},
    )
    return RadarConfig(
        keyword_rules=radar_terms(radar, "keywords"),
        author_rules=radar_terms(radar, "authors"),
        mute=RadarMute(
            mute.string_list("words"),
            mute.string_list("authors"),
            mute.string_list("categories"),
            mute.string_list("sources"),
        ),
        days=radar.whole("days", RADAR_DAYS, minimum=0, maximum=36500),
        threshold=radar.number("threshold", RADAR_THRESHOLD, minimum=-1000, maximum=1000),
        embeddings=read_embeddings(radar),
    )
