"""``embeddings.sqlite3`` in the data dir: the radar's paper embeddings, computed once.

A row is one paper's vector from one model (``model``: the server and model name, so two
servers never mix) for one text (``text_hash``: the exact text sent, prefix included, so an
abstract that changed is embedded again). Vectors are L2-normalised float32 blobs: a cosine
is a dot product. Like cache.sqlite3 it is only a cache (never library.json): a damaged
file is moved aside and a new one started, with a message in ``problems``; a failed write
costs the vectors, which the next run computes again.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from tuireader.storage.cache_health import is_damage, move_aside

FILE_NAME = "embeddings.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    key TEXT NOT NULL,
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (key, model)
) WITHOUT ROWID
"""
_CHUNK = 500  # keys per SELECT (SQLite's limit on parameters is 999 on old builds)


def embeddings_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


class EmbeddingStore:
    """The vectors of one home; safe to share between threads (one lock, one connection)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            moved = move_aside(self.path)
            self.problems.append(
                f"{self.path} was damaged ({exc}); moved aside to {moved.name}: the radar's "
                "embeddings will be computed again"
            )
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(_SCHEMA)
        return db

    def vectors(self, model: str, wanted: Mapping[str, str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``wanted`` (key -> text hash) whose text is unchanged."""
        found: dict[str, np.ndarray] = {}
        keys = list(wanted)
        with self._lock:
            for i in range(0, len(keys), _CHUNK):
                part = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT key, text_hash, dim, vector FROM embeddings "
                    f"WHERE model = ? AND key IN ({marks})",
                    (model, *part),
                )
                for key, text_hash, dim, blob in rows:
                    if text_hash == wanted[key] and len(blob) == 4 * dim:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, model: str, rows: Iterable[tuple[str, str, np.ndarray]]) -> None:
        """Store (key, text hash, vector) rows, replacing a paper's older vector."""
        values = [
            (key, model, text_hash, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
            for key, text_hash, v in rows
        ]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?, ?)", values
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def keys_of(self, model: str, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` have a vector from ``model`` (whatever their text)."""
        wanted = list(keys)
        found: set[str] = set()
        with self._lock:
            for i in range(0, len(wanted), _CHUNK):
                part = wanted[i : i + _CHUNK]
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT key FROM embeddings WHERE model = ? AND key IN ({marks})",
                    (model, *part),
                )
                found.update(key for (key,) in rows)
        return found

    def count(self, model: str) -> int:
        """How many papers have a vector from ``model`` (whatever their text)."""
        with self._lock:
            row = self._db.execute(
                "SELECT count(*) FROM embeddings WHERE model = ?", (model,)
            ).fetchone()
        return int(row[0])

    def dimension(self, model: str) -> int | None:
        """The length of ``model``'s stored vectors; None when it has none."""
        with self._lock:
            row = self._db.execute(
                "SELECT dim FROM embeddings WHERE model = ? LIMIT 1", (model,)
            ).fetchone()
        return None if row is None else int(row[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
