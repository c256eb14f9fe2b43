"""Every httpx failure a fetch can raise has words of its own (tuireader/net/failures.py).

The network tests (tests/test_refresh.py) produce the common ones for real; this keeps the
rest from falling back to the class name when httpx grows a new one.
"""

from __future__ import annotations

import inspect

import httpx
import pytest

from tuireader.net.failures import describe

# Not raised by a fetch: hubread never calls raise_for_status, and the stream errors are
# programming errors (reading a body twice), which the refresh reports as unexpected.
NOT_FROM_A_FETCH = {httpx.HTTPStatusError, httpx.StreamError, httpx.StreamConsumed,
                    httpx.StreamClosed, httpx.ResponseNotRead, httpx.RequestNotRead,
                    httpx.CookieConflict}
BASES = {httpx.HTTPError, httpx.RequestError, httpx.TransportError}
FAILURES = sorted((c for _, c in inspect.getmembers(httpx, inspect.isclass)
                   if issubclass(c, (httpx.HTTPError, httpx.InvalidURL))
                   and c not in NOT_FROM_A_FETCH), key=lambda c: c.__name__)


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
        "the server's answer is not valid HTTP (illegal status line)")  # not its bytes
