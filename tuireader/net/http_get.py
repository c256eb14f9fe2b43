"""One polite, bounded, conditional HTTP GET.

Politeness is per host (a connection limit and a minimum interval between requests, arXiv's
terms by default for arxiv.org); a response is bounded in time (connect and total timeouts,
so a trickling body cannot hang a refresh) and in size (the cap is checked against
Content-Length and again while the body is decoded, piece by piece: see ``decoding``).
Transient failures get a retry with backoff; 429/503 honour a short Retry-After.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from tuireader import PROJECT_URL, __version__
from tuireader.config.settings import NetworkConfig
from tuireader.links import http_url_problem
from tuireader.net.decoding import BodyTooLarge, BoundedDecoder, UndecodableBody
from tuireader.net.failures import PERMANENT, describe, refuse_odd_redirects
from tuireader.net.tls import tls_context
from tuireader.sanitize import clean

USER_AGENT = f"hubread/{__version__} (+{PROJECT_URL})"
RETRYABLE_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 10.0  # longer waits are skipped for this round rather than slept through


class FetchError(Exception):
    """A URL could not be fetched; the message is the source's error as the user sees it."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched body, or ``not_modified`` for a 304; validators for the next request.

    The body is kept as the chunks it arrived in: a body identical to the last one is only
    hashed, and joining 1.5 MB of chunks for nothing would cost as much as hashing them.
    """

    url: str
    chunks: tuple[bytes, ...] = ()
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def body(self) -> bytes:
        """The whole body (joined on each access: read it once)."""
        return self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)


class HostGate:
    """Per-host connection limit and minimum interval between request starts, and the
    refresh's limit on requests in flight (``[network].concurrency``).

    The overall limit is taken here, before a request's timeout starts, rather than left to
    the client's connection pool: a request waiting there for a slot that stalled servers
    hold would spend its own timeout waiting, and fail without having been sent.
    """

    def __init__(self, network: NetworkConfig) -> None:
        self._network = network
        self._locks: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._turns: dict[str, asyncio.Lock] = {}
        self._in_flight = asyncio.Semaphore(max(1, network.concurrency))

    def slot(self, host: str) -> asyncio.Semaphore:
        """The semaphore that bounds simultaneous connections to ``host``."""
        if host not in self._locks:
            policy = self._network.policy_for(host)
            self._locks[host] = asyncio.Semaphore(max(1, policy.max_connections))
        return self._locks[host]

    def request_slot(self) -> asyncio.Semaphore:
        """The semaphore that bounds requests in flight to what the client's pool holds."""
        return self._in_flight

    async def wait_turn(self, host: str) -> None:
        """Wait until ``host``'s minimum interval has passed since its last request really
        started. Turns are taken one at a time and the next one is counted from when this
        one ends its wait, not from when it was due: a request that woke late (a busy event
        loop) never lets the next one follow it sooner than the interval."""
        interval = self._network.policy_for(host).min_interval
        if interval <= 0:
            return
        turn = self._turns.setdefault(host, asyncio.Lock())
        async with turn:
            delay = self._next_start.get(host, 0.0) - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next_start[host] = time.monotonic() + interval


async def open_client(network: NetworkConfig) -> httpx.AsyncClient:
    """The one shared client of a refresh: keep-alive, gzip, redirects, env proxies."""
    tls = await asyncio.wrap_future(tls_context())
    return make_client(network, tls)


def make_client(network: NetworkConfig, tls: ssl.SSLContext | None = None) -> httpx.AsyncClient:
    """A client with hubread's settings; ``tls`` saves loading the CA bundle again."""
    return httpx.AsyncClient(
        verify=tls if tls is not None else True,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(network.timeout, connect=network.connect_timeout),
        follow_redirects=True,
        max_redirects=10,
        event_hooks={"response": [refuse_odd_redirects]},
        limits=httpx.Limits(
            max_connections=network.concurrency, max_keepalive_connections=network.concurrency
        ),
        trust_env=True,
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():  # "²" is a digit too, but not a number
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


async def _get_once(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int
) -> tuple[httpx.Response, tuple[bytes, ...]]:
    async with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 304 or response.status_code >= 400:
            return response, ()
        declared = response.headers.get("Content-Length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(
                f"response too large ({int(declared) / 1e6:.1f} MB; the limit "
                f"is {max_bytes / 1e6:.0f} MB)"
            )
        chunks: list[bytes] = []
        try:
            decoder = BoundedDecoder(response.headers.get("Content-Encoding"), max_bytes)
            async for raw in response.aiter_raw():
                chunks += decoder.decode(raw)
            chunks += decoder.finish()
        except BodyTooLarge:
            raise FetchError(
                f"response too large (over the {max_bytes / 1e6:.0f} MB limit)"
            ) from None
        except UndecodableBody as exc:
            raise FetchError(str(exc)) from None
        return response, tuple(chunks)


async def fetch(
    client: httpx.AsyncClient,
    gate: HostGate,
    network: NetworkConfig,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET ``url`` politely with validators; raises ``FetchError`` with a readable reason."""
    if problem := http_url_problem(url):
        raise FetchError(f"not a usable http(s) address ({problem}): {clean(url)!r}")
    host = urlsplit(url).hostname or ""
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    max_bytes = int(network.max_body_mb * 1_000_000)
    attempt = 0
    while True:
        attempt += 1
        wait: float | None = None
        try:
            # The host's slot, then one of the pool's (never held while waiting for a
            # host), then the host's interval; the timeout starts with the request itself.
            async with gate.slot(host), gate.request_slot():
                await gate.wait_turn(host)
                async with asyncio.timeout(network.timeout):
                    response, chunks = await _get_once(client, url, headers, max_bytes)
        except TimeoutError:
            error = f"timed out after {network.timeout:g} s"
        except PERMANENT as exc:  # another try would go the same way
            raise FetchError(describe(exc, host, network.connect_timeout)) from None
        except httpx.HTTPError as exc:
            error = describe(exc, host, network.connect_timeout)
        else:
            status = response.status_code
            if status == 304:
                return FetchResult(
                    url,
                    not_modified=True,
                    etag=response.headers.get("ETag", etag),
                    last_modified=response.headers.get("Last-Modified", last_modified),
                )
            if status < 400:
                return FetchResult(
                    url,
                    chunks,
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                    content_type=response.headers.get("Content-Type"),
                )
            error = f"HTTP {status} {response.reason_phrase}".strip()
            if status not in RETRYABLE_STATUS:
                raise FetchError(error)
            wait = _retry_after(response)
            if wait is not None and wait > MAX_RETRY_AFTER:
                raise FetchError(
                    f"{error}: the server asks to wait {wait:.0f} s; skipped this round"
                )
        if attempt > network.retries:
            raise FetchError(error)
        await asyncio.sleep(wait if wait is not None else 0.5 * 2 ** (attempt - 1))
