"""The radar as the reader and the commands use it: signals from the library, candidates from
the cache, scores kept in the data dir.

``RadarService`` gathers what the reader told hubread (stars, tags, seeds, dismissals, opened
papers) into ``Signals``, fits a ``Radar`` only when those signals or the rules changed (their
fingerprint), and scores only the papers it has no score for yet. The last scores are saved
in ``radar.json``, so a view paints from them before any model is fitted; that file is a
cache: a corrupt or missing one is rebuilt without a word. Every method may be called from a
worker thread; one lock makes a refresh and a ``why`` see one model.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tuireader.config.radar_settings import RadarConfig
from tuireader.model import Paper
from tuireader.radar.embeddings import BATCH, Embedder, EmbeddingsError
from tuireader.radar.ranking import BACKGROUND_SIZE, Radar, Ranked, Signals, Why
from tuireader.radar.rules import Rules
from tuireader.radar.score_records import ranked_from_json, ranked_to_json
from tuireader.radar.similar import Similar
from tuireader.storage.cache import CacheStore
from tuireader.storage.embedding_store import embeddings_path
from tuireader.storage.library import LibraryStore
from tuireader.storage.paper_filter import PaperFilter
from tuireader.storage.radar_files import (
    SeedFileError,
    load_scores,
    load_seeds,
    save_scores,
    scores_path,
    seed_path,
)

# Bump when scores computed by an older model must not be reused.
MODEL_VERSION = 1
# Background papers embedded besides the candidates, for the evidence's spread.
REFERENCE_QUEUE = 200


def rules_from_config(config: RadarConfig) -> Rules:
    """The ``[radar]`` settings as rules."""
    mute = config.mute
    return Rules.build(
        ((t.term, t.weight) for t in config.keyword_rules),
        ((t.term, t.weight) for t in config.author_rules),
        mute_words=mute.words,
        mute_authors=mute.authors,
        mute_categories=mute.categories,
        mute_sources=mute.sources,
    )


@dataclass(frozen=True, slots=True)
class RankedView:
    """The Radar entry's papers: the candidates, best first, muted ones last."""

    ranked: tuple[Ranked, ...]
    status: str  # "learned from 12 papers", "learning: 2 starred papers so far ..."
    retrained: bool  # a model was fitted for this view (False: scores were reused)
    papers: Mapping[str, Paper] = field(default_factory=dict)  # the candidates, by key

    @property
    def visible(self) -> tuple[Ranked, ...]:
        """What the Radar shows: every candidate but the muted ones."""
        return tuple(r for r in self.ranked if r.muted is None)


class RadarService:
    """Scores for one hubread home; see the module docstring."""

    def __init__(
        self,
        cache: CacheStore,
        library: LibraryStore,
        config: RadarConfig,
        data_dir: Path,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.cache, self.library, self.config = cache, library, config
        self.rules = rules_from_config(config)
        self._seed_file = seed_path(data_dir)
        self._scores_file = scores_path(data_dir)
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._radar: Radar | None = None
        self._radar_fingerprint = ""
        self._scores: dict[str, Ranked] | None = None  # loaded from radar.json on first use
        self._scores_fingerprint = ""
        self._status = ""
        self.problems: list[str] = []  # a seed file moved aside; shown like store problems
        # [radar].embeddings_url: "similar to <starred title>" evidence (radar/similar.py).
        self.embedder: Embedder | None = None
        self.embedding_problem: str | None = None  # the last failure; None once it works
        if config.embeddings is not None:
            try:
                self.embedder = Embedder(config.embeddings, data_dir)
                self.problems.extend(self.embedder.store.problems)
            except (sqlite3.Error, OSError) as exc:
                where = embeddings_path(data_dir)
                self.problems.append(f"{where}: cannot open ({exc}); no radar embeddings")

    # ----------------------------------------------------------------- signals
    def _seeds(self) -> list[Paper]:
        try:
            return load_seeds(self._seed_file)
        except SeedFileError as exc:
            self.problems.append(str(exc))
            return []
        except OSError as exc:
            self.problems.append(f"{self._seed_file}: cannot read: {exc.strerror or exc}")
            return []

    def _label_state(self) -> dict[str, Any]:
        """What the models learn from, as keys: cheap to read, and the fingerprint's input."""
        library = self.library
        tags = {tag: sorted(library.keys_with_tag(tag)) for tag in library.all_tags()}
        return {
            "version": MODEL_VERSION,
            "starred": sorted(library.starred_keys()),
            "tags": tags,
            "seeds": sorted(p.key for p in self._seeds()),
            "dismissed": sorted(library.dismissed_keys()),
            "opened": sorted(library.opened_keys() - library.starred_keys()),
            "rules": asdict(self.config) | {"days": None, "threshold": None},
            "embeddings": self._embedding_state(),
        }

    def _embedding_state(self) -> Any:
        """What the embeddings' evidence rests on: which positives have a vector, and
        roughly how many papers do (the background's spread is refitted as they double)."""
        embedder = self.embedder
        if embedder is None:
            return None
        if self.embedding_problem is not None:
            return "off"
        library = self.library
        positives = library.starred_keys() | {p.key for p in self._seeds()}
        for tag in library.all_tags():
            positives |= library.keys_with_tag(tag)
        try:
            embedded = sorted(embedder.store.keys_of(embedder.model, positives))
            count = embedder.store.count(embedder.model)
        except sqlite3.Error as exc:  # the radar ranks without them, saying why
            self.turn_off_embeddings(f"cannot read {embedder.store.path}: {exc}")
            return "off"
        return [embedded, count.bit_length()]

    def turn_off_embeddings(self, problem: str) -> None:
        """Rank without embeddings from now on (until they work again), saying why."""
        with self._lock:
            self.embedding_problem = problem

    def _stored_vectors(self, papers: Sequence[Paper]) -> dict[str, Any]:
        """The cached vectors of ``papers``; a file that cannot be read gives none and
        turns the embeddings off (with the reason in the status), never a failed ranking."""
        assert self.embedder is not None
        try:
            return self.embedder.vectors(papers)
        except sqlite3.Error as exc:
            self.turn_off_embeddings(f"cannot read {self.embedder.store.path}: {exc}")
            return {}

    @staticmethod
    def _fingerprint(state: dict[str, Any]) -> str:
        text = json.dumps(state, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def signals(self) -> Signals:
        """Positives (starred, tagged, seeded), negatives (dismissed, opened and left
        unstarred) and the background (the most recent other cached papers)."""
        library, cache = self.library, self.cache
        starred = library.starred_papers()
        tagged_keys = {tag: library.keys_with_tag(tag) for tag in library.all_tags()}
        wanted = set().union(*tagged_keys.values()) - {p.key for p in starred}
        known = {p.key: p for p in starred}
        known.update(cache.papers_by_keys(sorted(wanted)))
        tags = {
            tag: [known[k] for k in sorted(keys) if k in known] for tag, keys in tagged_keys.items()
        }
        positives = {
            p.key: p for p in (*starred, *(p for ps in tags.values() for p in ps), *self._seeds())
        }
        dismissed = [p for p in library.dismissed_papers() if p.key not in positives]
        skip = positives.keys() | {p.key for p in dismissed}
        opened_keys = sorted(library.opened_keys() - skip)
        opened = list(cache.papers_by_keys(opened_keys).values())
        skip |= set(opened_keys)
        recent = [
            item.key
            for item in cache.list_items(limit=BACKGROUND_SIZE + len(skip))
            if item.key not in skip
        ][:BACKGROUND_SIZE]
        by_key = cache.papers_by_keys(recent)
        background = [by_key[k] for k in recent if k in by_key]
        return Signals(list(positives.values()), dismissed, opened, background, tags)

    # ----------------------------------------------------------------- models and scores
    def _model(self, fingerprint: str) -> Radar:
        if self._radar is None or self._radar_fingerprint != fingerprint:
            signals = self.signals()
            similar = None
            if self.embedder is not None and self.embedding_problem is None:
                similar = Similar.build(signals.positives, signals.background, self._stored_vectors)
            self._radar = Radar(self.rules, signals, similar)
            self._radar_fingerprint = fingerprint
            self._status = self._radar.status + self._embedding_note(similar)
        return self._radar

    def _embedding_note(self, similar: Similar | None) -> str:
        """What the status adds about the embeddings ("" without embeddings_url)."""
        if self.embedder is None:
            return ""
        if self.embedding_problem is not None:
            return f" · without embeddings: {self.embedding_problem}"
        if similar is None:
            return " · embeddings: not enough papers embedded yet"
        return f" · embeddings of {len(similar.keys)} liked papers"

    def embedding_queue(self, days: int | None = None) -> list[Paper]:
        """The papers to embed, most useful first: the positives, then the candidates
        (newest first), then a few of the background (their spread is the evidence's unit;
        the candidates are mostly background too); empty without embeddings_url."""
        if self.embedder is None:
            return []
        with self._lock:
            signals = self.signals()
            reference = signals.background[:REFERENCE_QUEUE]
            papers = [*signals.positives, *self.candidates(days), *reference]
        unique = list({p.key: p for p in papers}.values())
        return self.embedder.missing(unique)

    def embed_missing(
        self,
        limit: int,
        *,
        days: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        stop: Callable[[], bool] | None = None,
        batch: int = BATCH,
    ) -> list[str]:
        """Embed up to ``limit`` papers that have no vector yet (see ``embedding_queue``);
        the keys embedded. A failure is kept in ``embedding_problem`` (the radar then
        ranks without embeddings and says so) and raised as ``EmbeddingsError``; the
        batches embedded before it are kept."""
        if self.embedder is None or limit <= 0:
            return []
        queue = self.embedding_queue(days)[:limit]
        try:
            done = (
                self.embedder.embed(queue, progress=progress, stop=stop, batch=batch)
                if queue
                else []
            )
        except EmbeddingsError as exc:
            with self._lock:
                self.embedding_problem = str(exc)
            raise
        with self._lock:
            self.embedding_problem = None
        return done

    def _stored(self) -> dict[str, Ranked]:
        if self._scores is None:
            self._scores = {}
            data = load_scores(self._scores_file) or {}
            scores = data.get("scores")
            if isinstance(scores, dict) and isinstance(data.get("fingerprint"), str):
                self._scores_fingerprint = data["fingerprint"]
                self._status = str(data.get("status", ""))
                for key, value in scores.items():
                    if (ranked := ranked_from_json(key, value)) is not None:
                        self._scores[key] = ranked
        return self._scores

    def last_scores(self) -> dict[str, Ranked]:
        """The scores saved by the last refresh (of this or another process), at once: no
        model is fitted. They may be stale; ``refresh`` brings them up to date."""
        with self._lock:
            return dict(self._stored())

    @property
    def status(self) -> str:
        """How the radar ranks ("learning: 2 starred papers so far ..."), as last known."""
        with self._lock:
            self._stored()
            return self._status

    def candidates(self, days: int | None = None) -> list[Paper]:
        """The unread papers of the last ``days`` days (``[radar].days`` by default; 0:
        every cached paper), read with the indexed date range; not the starred or dismissed
        ones, which the reader has already judged."""
        days = self.config.days if days is None else days
        since = self._now() - timedelta(days=days) if days > 0 else None
        library = self.library
        hidden = library.read_keys() | library.dismissed_keys() | library.starred_keys()
        return self.cache.papers_where(PaperFilter(not_keys=hidden, since=since))

    def refresh(self, changed_keys: Collection[str] = (), *, days: int | None = None) -> RankedView:
        """Score the candidates: saved scores are reused while the signals and rules are
        the same, and only new papers (and ``changed_keys``, papers whose text changed)
        are scored; a changed fingerprint refits the model and rescores everything."""
        with self._lock:
            papers = self.candidates(days)
            fingerprint = self._fingerprint(self._label_state())
            stored = self._stored()
            stale = self._scores_fingerprint != fingerprint
            if stale:
                stored.clear()
                self._scores_fingerprint = fingerprint
            changed = set(changed_keys)
            need = [p for p in papers if p.key not in stored or p.key in changed]
            retrained = need and (self._radar is None or self._radar_fingerprint != fingerprint)
            if need:
                for ranked in self._model(fingerprint).rank(need):
                    stored[ranked.key] = ranked
            elif stale or not self._status:  # nothing to score, but the status may be news
                radar = self._model(fingerprint)
                self._status = radar.status + self._embedding_note(radar.similar)
            view = sorted(
                (stored[p.key] for p in papers), key=lambda r: (r.muted is not None, -r.score)
            )
            if need:
                self._save(stored, {p.key for p in papers})
            return RankedView(
                tuple(view), self._status, bool(retrained), {p.key: p for p in papers}
            )

    def _save(self, stored: dict[str, Ranked], keep: Iterable[str]) -> None:
        """Write the scores of the current candidates (a cache: failures are harmless,
        the next refresh writes them again)."""
        keep = set(keep)
        payload = {
            "fingerprint": self._scores_fingerprint,
            "status": self._status,
            "scores": {k: ranked_to_json(r) for k, r in stored.items() if k in keep},
        }
        try:
            save_scores(self._scores_file, payload)
        except OSError as exc:
            self.problems.append(f"cannot save {self._scores_file}: {exc.strerror or exc}")

    def rank(self, papers: Sequence[Paper], *, tag: str | None = None) -> list[Ranked]:
        """Any papers scored by the current model (a ``#tag`` view with ``tag``, or a digest)."""
        with self._lock:
            return self._model(self._fingerprint(self._label_state())).rank(papers, tag=tag)

    def _paper(self, key: str) -> Paper | None:
        return (
            self.cache.paper(key)
            or self.library.starred_paper(key)
            or next((p for p in self.library.dismissed_papers() if p.key == key), None)
        )

    def why(self, key: str, *, tag: str | None = None) -> Why | None:
        """Everything behind one paper's score, muted ones included; None when unknown."""
        paper = self._paper(key)
        if paper is None:
            return None
        with self._lock:
            return self._model(self._fingerprint(self._label_state())).why(paper, tag=tag)

    def missing_reason(self, key: str, days: int | None = None) -> str | None:
        """Why a paper is not on the Radar ("muted: word crypto", "read", ...); None when
        it is there or unknown."""
        paper = self._paper(key)
        if paper is None:
            return None
        if muted := self.rules.muted_by(paper):
            return muted
        if self.library.is_dismissed(key):
            return "dismissed: not interested"
        if self.library.is_starred(key):
            return "starred already"
        if self.library.is_read(key):
            return "read already"
        days = self.config.days if days is None else days
        if days > 0 and (paper.date is None or paper.date < self._now() - timedelta(days=days)):
            return f"older than {days} day{'s' if days != 1 else ''}"
        return None
