"""Every httpx failure a fetch can raise has words of its own (tuireader/net/failures.py).

The common ones are produced for real with the loopback server; the table test keeps the
rest from falling back to a class name when httpx grows a new one.
"""

from __future__ import annotations

import inspect
import itertools
from pathlib import Path

import httpx
import pytest

from tests.fixtures import demo_papers as demo
from tests.fixtures import feedwriter as fw
from tests.fixtures.server import FeedServer, Route
from tests.test_refresh import make_config, source
from tuireader.fetch.refresher import Refresher
from tuireader.net.failures import _causes, describe
from tuireader.storage.cache import CacheStore

# Not raised by a fetch: hubread never calls raise_for_status, and the stream errors are
# programming errors (reading a body twice), which the refresh reports as unexpected.
NOT_FROM_A_FETCH = {
    httpx.HTTPStatusError,
    httpx.StreamError,
    httpx.StreamConsumed,
    httpx.StreamClosed,
    httpx.ResponseNotRead,
    httpx.RequestNotRead,
    httpx.CookieConflict,
}
BASES = {httpx.HTTPError, httpx.RequestError, httpx.TransportError}
FAILURES = sorted(
    (
        c
        for _, c in inspect.getmembers(httpx, inspect.isclass)
        if issubclass(c, (httpx.HTTPError, httpx.InvalidURL)) and c not in NOT_FROM_A_FETCH
    ),
    key=lambda c: c.__name__,
)


@pytest.mark.parametrize("kind", FAILURES, ids=lambda c: c.__name__)
def test_each_httpx_failure_has_a_plain_message(kind: type[Exception]) -> None:
    message = describe(kind(""), "example.org", 10)
    assert message and kind.__name__ not in message
    if kind not in BASES:  # a failure httpx raises has words of its own
        assert message != describe(httpx.TransportError(""), "example.org", 10), kind


def test_the_reason_underneath_is_named() -> None:
    unreachable = httpx.ConnectError("All connection attempts failed")
    unreachable.__cause__ = OSError(101, "Network is unreachable")
    assert describe(unreachable, "example.org", 10) == "could not connect: Network is unreachable"
    timeout = httpx.ConnectTimeout("")
    assert describe(timeout, "example.org", 2.5) == "connection timed out (no answer within 2.5 s)"
    garbage = httpx.RemoteProtocolError("illegal status line: bytearray(b'[red]HELLO')")
    assert describe(garbage, "example.org", 10) == (
        "the server's answer is not valid HTTP (illegal status line)"
    )  # not its bytes


async def test_every_network_failure_is_said_in_words(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    body = fw.nature_rdf(demo.NATURE).encode()
    feed_server.routes["/reset"] = Route(body=body, cut_after=500, reset=True)
    feed_server.routes["/cut"] = Route(body=body, cut_after=500)
    feed_server.routes["/data"] = Route(status=302, headers={"Location": "data:text/xml,<x/>"})
    feed_server.routes["/js"] = Route(status=301, headers={"Location": "javascript:alert(1)"})
    feed_server.routes["/bad"] = Route(status=302, headers={"Location": "http://[::1/feed"})
    tls = FeedServer(tls=True).start()
    try:
        config = make_config(
            tmp_path,
            "".join(
                source(name, "feed", feed_server.url(f"/{name}"))
                for name in ("reset", "cut", "data", "js", "bad")
            )
            + source("tls", "feed", tls.url("/feed"))
            + source("dns", "feed", "http://no-such-host.invalid/feed"),
        )
        outcomes = {o.name: o.message for o in (await Refresher(config, cache).refresh()).outcomes}
    finally:
        tls.stop()
    assert outcomes == {
        "reset": "the connection was reset while the response was being read",
        "cut": f"the server closed the connection before the whole response arrived "
        f"(received 500 bytes, expected {len(body)})",
        "data": "redirected to a data: address, which is not http(s)",
        "js": "redirected to a javascript: address, which is not http(s)",
        "bad": "redirected to an address that is not valid",
        "tls": "TLS certificate not accepted: self-signed certificate",
        "dns": "host not found: no-such-host.invalid",
    }
    assert len(feed_server.requests_for("/data")) == 1  # a redirect is not worth a retry


def test_a_cyclic_cause_chain_ends() -> None:
    # Following __cause__ or __context__ with no memory went round such a loop for ever.
    outer = httpx.ConnectError("All connection attempts failed")
    inner = OSError("no reason given")
    outer.__cause__ = inner
    inner.__context__ = outer
    assert list(itertools.islice(_causes(outer), 10)) == [outer, inner]
    assert describe(outer, "example.org", 10) == "could not connect"
