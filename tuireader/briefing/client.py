"""A chat-completions client for any OpenAI-compatible server, streaming first.

httpx (already a dependency) rather than the ``openai`` package: one POST and a
Server-Sent-Events reader are all hubread needs, and owning them lets every failure become
one sentence that names the server and the problem (no server, 401, unknown model, 429 with
its Retry-After, 5xx, a stalled, malformed or cut-off stream, a context-length error)
without the key: it is sent only in the Authorization header and scrubbed from any text a
server echoes back. ``cancel()`` from another thread stops a request at once, even one
still waiting for its first token.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import ssl
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import httpx

from tuireader.briefing.llm_errors import (
    LLMError,
    body_error,
    cancelled,
    malformed,
    status_error,
    transport_error,
)
from tuireader.config.llm_settings import LLMConfig
from tuireader.net.endpoints import server_label
from tuireader.net.openai_compat import MissingKey, api_headers, api_key, scrub, tls_verify
from tuireader.net.tls import TlsSetupError

# LLMError is imported from here by its many callers (the reader's screens too).
__all__ = ["CONNECT_TIMEOUT", "MAX_ANSWER_CHARS", "ChatClient", "LLMError", "Message"]

Message = Mapping[str, str]  # {"role": "system" | "user" | "assistant", "content": ...}
MAX_RETRY_AFTER = 60.0  # a 429 asking for a longer wait is reported, not slept through
MAX_ANSWER_CHARS = 200_000  # a runaway answer is cut here, and the error says so
CONNECT_TIMEOUT = 10.0
_END, _CANCEL = object(), object()  # markers in a request's queue of pieces


class ChatClient:
    """One configured server. ``stream`` yields text as it arrives; ``complete`` returns it
    whole. Either can be stopped from another thread with ``cancel``."""

    def __init__(
        self,
        config: LLMConfig,
        *,
        environ: Mapping[str, str] | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.config = config
        self.server = server_label(config.base_url)
        self._environ = environ
        self._on_wait = on_wait
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._active: httpx.Client | None = None
        self._queues: list[queue.SimpleQueue[object]] = []

    # -- public ---------------------------------------------------------------------------

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int | None = None,
    ) -> Iterator[str]:
        """The answer's text, piece by piece as the server streams it (SSE)."""
        yield from self._request(messages, stream=True, max_tokens=max_tokens)

    def complete(self, messages: Sequence[Message], *, max_tokens: int | None = None) -> str:
        """The whole answer of a non-streaming request."""
        return "".join(self._request(messages, stream=False, max_tokens=max_tokens))

    def cancel(self) -> None:
        """Stop the running request (closing its connection) and any later one."""
        self._cancelled.set()
        with self._lock:
            active, waiting = self._active, list(self._queues)
        for pieces in waiting:
            pieces.put(_CANCEL)
        if active is not None:
            with contextlib.suppress(Exception):  # best effort: it frees the connection
                active.close()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    # -- the request ----------------------------------------------------------------------

    def _key(self) -> str:
        environ = os.environ if self._environ is None else self._environ
        try:
            return api_key(environ, self.config.api_key_env, self.server, "[llm].api_key_env")
        except MissingKey as exc:
            raise LLMError("auth", str(exc)) from None

    def _request(
        self, messages: Sequence[Message], *, stream: bool, max_tokens: int | None
    ) -> Iterator[str]:
        key = self._key()
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": list(messages),
            "temperature": self.config.temperature,
            "stream": stream,
        }
        if max_tokens:
            body["max_tokens"] = max_tokens
        headers = api_headers(key, "text/event-stream" if stream else "application/json")
        for attempt in (1, 2):
            try:
                yield from self._pumped(body, headers, stream, key)
                return
            except LLMError as exc:
                wait = exc.retry_after
                if (
                    exc.kind != "rate_limited"
                    or attempt == 2
                    or wait is None
                    or wait > MAX_RETRY_AFTER
                ):
                    raise
                if self._on_wait:
                    self._on_wait(
                        f"{self.server} is rate limiting: waiting {wait:.0f} s as it asked"
                    )
                if self._cancelled.wait(wait):
                    raise cancelled(self.server) from None

    def _pumped(
        self, body: dict[str, Any], headers: dict[str, str], stream: bool, key: str
    ) -> Iterator[str]:
        """The request's pieces, read by a helper thread: a socket read cannot be
        interrupted, but this thread's wait on the queue can, so ``cancel`` stops the
        caller at once, even before the first token (the helper ends at its timeout or
        with the server's next byte, and its connection is closed)."""
        pieces: queue.SimpleQueue[object] = queue.SimpleQueue()
        abandoned = threading.Event()
        with self._lock:
            if self._cancelled.is_set():
                raise cancelled(self.server)
            self._queues.append(pieces)

        def pump() -> None:
            try:
                for piece in self._attempt(body, headers, stream, key):
                    if abandoned.is_set() or self._cancelled.is_set():
                        return
                    pieces.put(piece)
            except LLMError as exc:
                pieces.put(exc)
            except Exception as exc:  # a bug: raised in the caller's thread, not lost here
                pieces.put(exc)
            finally:
                pieces.put(_END)

        threading.Thread(target=pump, name="hubread-llm", daemon=True).start()
        try:
            while (item := pieces.get()) is not _END:
                if item is _CANCEL:
                    raise cancelled(self.server)
                if isinstance(item, BaseException):
                    raise item
                yield str(item)
        finally:
            abandoned.set()
            with self._lock:
                self._queues.remove(pieces)

    def _attempt(
        self, body: dict[str, Any], headers: dict[str, str], stream: bool, key: str
    ) -> Iterator[str]:
        timeout = httpx.Timeout(
            self.config.timeout, connect=min(CONNECT_TIMEOUT, self.config.timeout)
        )
        http = httpx.Client(
            timeout=timeout, verify=self._verify(), follow_redirects=False, trust_env=False
        )
        with self._lock:
            if self._cancelled.is_set():
                http.close()
                raise cancelled(self.server)
            self._active = http
        try:
            url = f"{self.config.base_url}/chat/completions"
            with http.stream("POST", url, json=body, headers=headers) as response:
                if response.status_code != 200:
                    raise status_error(response, self.server, self.config, key)
                if stream:
                    yield from self._read_events(response, key)
                else:
                    yield self._read_whole(response, key)
        except LLMError:
            raise
        except httpx.HTTPError as exc:
            if self._cancelled.is_set():
                raise cancelled(self.server) from None
            raise transport_error(
                self.server, exc, self.config.timeout, min(CONNECT_TIMEOUT, self.config.timeout)
            ) from None
        except RuntimeError:  # httpx on a client closed by cancel()
            if self._cancelled.is_set():
                raise cancelled(self.server) from None
            raise
        finally:
            with self._lock:
                self._active = None
            http.close()

    def _verify(self) -> ssl.SSLContext | bool:
        try:
            return tls_verify(self.config.base_url)
        except TlsSetupError as exc:
            raise LLMError("unreachable", f"{self.server}: {exc}") from None

    # -- reading ----------------------------------------------------------------------------

    def _read_events(self, response: httpx.Response, key: str) -> Iterator[str]:
        done = finished = False
        size = 0
        for line in response.iter_lines():
            if self._cancelled.is_set():
                raise cancelled(self.server)
            if not line.startswith("data:"):
                continue  # blank separators, ": keep-alive" comments, event:/id: fields
            data = line[5:].strip()
            if data == "[DONE]":
                done = True
                break
            chunk = self._json(data, key)
            if "error" in chunk:
                raise body_error(chunk, response.status_code, self.server, self.config, key)
            for choice in chunk.get("choices") or ():
                if not isinstance(choice, dict):
                    raise malformed(self.server, "a chunk's choices are not objects")
                delta = choice.get("delta") or {}
                text = delta.get("content") if isinstance(delta, dict) else None
                if isinstance(text, str) and text:
                    size += len(text)
                    if size > MAX_ANSWER_CHARS:
                        raise LLMError(
                            "malformed",
                            f"{self.server}: the answer ran past "
                            f"{MAX_ANSWER_CHARS:,} characters; "
                            "stopped",
                        )
                    yield text
                if choice.get("finish_reason"):
                    finished = True
        if not done and not finished:
            raise LLMError(
                "truncated", f"{self.server}: the stream ended before the answer was complete"
            )

    def _read_whole(self, response: httpx.Response, key: str) -> str:
        raw = b""
        for part in response.iter_bytes():
            raw += part
            if len(raw) > 4 * MAX_ANSWER_CHARS:
                raise LLMError("malformed", f"{self.server}: the answer is too large")
        document = self._json(raw.decode("utf-8", "replace"), key)
        if "error" in document:
            raise body_error(document, response.status_code, self.server, self.config, key)
        try:
            text = document["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise malformed(self.server, "the answer has no choices[0].message.content") from None
        if not isinstance(text, str):
            raise malformed(self.server, "the answer's content is not text")
        return text

    def _json(self, data: str, key: str) -> dict[str, Any]:
        try:
            value = json.loads(data)
        except ValueError:
            raise malformed(self.server, f"not JSON: {scrub(data, key)[:80]!r}") from None
        if not isinstance(value, dict):
            raise malformed(self.server, "a JSON value that is not an object")
        return value

    # -- errors in words --------------------------------------------------------------------
