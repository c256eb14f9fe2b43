"""How a chat-completions request fails, in one sentence that names the server.

Apart from ``client`` (which makes the request) because the wording is a concept of its
own: every failure (no server, 401, unknown model, 429 with its Retry-After, 5xx, a
malformed answer, a context-length error) becomes an ``LLMError`` whose kind callers react
to, and whose text never holds the key.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from tuireader.config.llm_settings import LLMConfig
from tuireader.net.openai_compat import key_refused, scrub
from tuireader.sanitize import clean

CONTEXT_WORDS = (
    "context length",
    "context_length",
    "context window",
    "context size",
    "maximum context",
    "too many tokens",
    "exceed_context",
    "prompt is too long",
    "n_ctx",
)


class LLMError(Exception):
    """A request failed; ``str()`` is the message for the user, naming the server.

    ``kind`` says what happened, for callers that react: "unreachable", "auth", "model",
    "rate_limited", "server", "timeout", "malformed", "truncated", "context_length",
    "refused", "cancelled".
    """

    def __init__(self, kind: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.retry_after = retry_after


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date; None when absent/odd."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def malformed(server: str, what: str) -> LLMError:
    return LLMError("malformed", f"{server}: malformed answer from the server ({what})")


def cancelled(server: str) -> LLMError:
    return LLMError("cancelled", f"{server}: cancelled")


def transport_error(server: str, exc: httpx.HTTPError, timeout: float, connect: float) -> LLMError:
    """A request that failed on the way (``timeout``: [llm].timeout; ``connect``: the
    connection's own limit)."""
    seconds = f"{timeout:g} s"
    if isinstance(exc, httpx.ConnectTimeout):
        return LLMError(
            "unreachable", f"{server}: no answer to the connection within {connect:g} s"
        )
    if isinstance(exc, httpx.ConnectError):
        return LLMError("unreachable", f"no server at {server}: is it running? ({reason(exc)})")
    if isinstance(exc, httpx.TimeoutException):
        return LLMError(
            "timeout",
            f"{server}: the server sent nothing for {seconds} "
            "(stalled); [llm].timeout sets how long to wait",
        )
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return LLMError(
            "truncated",
            f"{server}: the connection broke before the answer was complete ({reason(exc)})",
        )
    return LLMError("unreachable", f"{server}: {reason(exc)}")


def status_error(response: httpx.Response, server: str, config: LLMConfig, key: str) -> LLMError:
    """A status other than 200, in words, with the server's own message if it sent one."""
    try:
        raw = response.read()[:20_000].decode("utf-8", "replace")
    except httpx.HTTPError:
        raw = ""
    try:
        document = json.loads(raw)
    except ValueError:
        document = {"error": raw.strip() or response.reason_phrase}
    if not isinstance(document, dict) or "error" not in document:
        document = {"error": document}
    error = body_error(document, response.status_code, server, config, key)
    if response.status_code == 429:
        error.retry_after = retry_after_seconds(response.headers.get("Retry-After"))
    return error


def body_error(
    document: dict[str, Any], status: int, server: str, config: LLMConfig, key: str
) -> LLMError:
    """An ``{"error": ...}`` answer (a status error, or one sent inside a stream)."""
    error = document.get("error")
    detail = error.get("message") if isinstance(error, dict) else error
    code = (
        " ".join(str(error.get(k, "")) for k in ("type", "code")) if isinstance(error, dict) else ""
    )
    detail = scrub(clean(str(detail or "")), key)[:300]
    said = f": {detail}" if detail else ""
    lowered = f"{detail} {code}".lower()
    model = config.model
    if any(word in lowered for word in CONTEXT_WORDS):
        return LLMError(
            "context_length", f"{server}: the papers do not fit in the model's context{said}"
        )
    if status in (401, 403):
        refused = key_refused(server, status, key, "[llm].api_key_env", config.api_key_env)
        return LLMError("auth", f"{refused}{said}")
    if status == 404 or ("model" in lowered and "not found" in lowered):
        if "model" in lowered:
            return LLMError("model", f"{server}: model {model!r} not found on the server{said}")
        return LLMError(
            "model",
            f"{server}/chat/completions was not found (404): is "
            "[llm].base_url the API root, such as .../v1?",
        )
    if status == 429:
        return LLMError("rate_limited", f"{server}: too many requests (429){said}")
    if status >= 500:
        return LLMError("server", f"{server}: server error {status}{said}")
    if status != 200:
        return LLMError("refused", f"{server} refused the request ({status}){said}")
    return LLMError("server", f"{server}: the server reported an error{said}")


def reason(exc: Exception) -> str:
    return clean(str(exc)) or type(exc).__name__
