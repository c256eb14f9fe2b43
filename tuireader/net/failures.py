"""What went wrong with a request, in words: every exception a fetch can raise, named.

httpx's messages are written for programmers ("ReadError" with no text, "For absolute URLs,
path must be empty..."), and some quote what the server sent. A source's error is read by
a researcher, so each failure gets a plain sentence, with the reason underneath (the OS
error, the TLS verdict) where there is one and never the server's own bytes.
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx

from tuireader.links import HTTP_SCHEMES, http_url_problem

_SCHEME_SHOWN = 20  # a longer "scheme" is not worth repeating to the user
_RECEIVED_RE = re.compile(r"\(received \d+ bytes, expected \d+\)")


class RedirectRefused(Exception):
    """A redirect that hubread does not follow; the message says where it pointed."""


async def refuse_odd_redirects(response: httpx.Response) -> None:
    """A response hook: a redirect to an address that is not http(s) (``data:``,
    ``javascript:``, ``file:``) is refused by name before httpx tries to follow it; its
    target (a relative one resolved) passes the one URL check, ``http_url_problem``."""
    if not response.is_redirect:
        return
    location = response.headers.get("Location", "").strip()
    try:
        target = str(response.request.url.join(location))
        problem = http_url_problem(target)
        scheme = urlsplit(target).scheme.lower()
    except (httpx.InvalidURL, ValueError):  # "http://[::1": httpx says so, in words below
        return
    if problem is None:
        return
    if scheme not in HTTP_SCHEMES:
        shown = scheme if len(scheme) <= _SCHEME_SHOWN else scheme[:_SCHEME_SHOWN] + "…"
        raise RedirectRefused(f"redirected to a {shown}: address, which is not http(s)")
    raise RedirectRefused(f"redirected to an address that cannot be fetched: {problem}")


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it was raised from, outermost first; each once, so that a chain
    that loops back on itself (``a.__context__ = b``, ``b.__cause__ = a``) ends."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _os_reason(exc: BaseException) -> str | None:
    """The strerror of the first OS error under ``exc`` ("Network is unreachable")."""
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
    return None


def _tls_reason(exc: BaseException) -> str | None:
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted: {cause.verify_message or cause.reason}"
        if isinstance(cause, ssl.SSLError):
            reason = (cause.reason or str(cause)).replace("_", " ").lower()
            return f"TLS handshake failed: {reason}"
    return None


def _connect_reason(exc: httpx.ConnectError, host: str) -> str:
    """httpx says "All connection attempts failed"; the error underneath says why."""
    for cause in _causes(exc):
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return f"host not found: {host}"
    tls = _tls_reason(exc)
    if tls:
        return tls
    reason = _os_reason(exc)
    return f"could not connect: {reason}" if reason else "could not connect"


def _broken_while(doing: str, exc: BaseException) -> str:
    for cause in _causes(exc):
        if isinstance(cause, ConnectionResetError):
            return f"the connection was reset while {doing}"
    tls = _tls_reason(exc)
    if tls:
        return f"the connection failed while {doing} ({tls})"
    reason = _os_reason(exc)
    return f"the connection broke while {doing}" + (f" ({reason})" if reason else "")


def _remote_protocol(exc: httpx.RemoteProtocolError) -> str:
    text = str(exc)
    if "without sending complete message body" in text:
        received = _RECEIVED_RE.search(text)
        return "the server closed the connection before the whole response arrived" + (
            f" {received.group(0)}" if received else ""
        )
    if "without sending a response" in text:
        return "the server closed the connection without answering"
    if "Invalid URL in location header" in text:
        return "redirected to an address that is not valid"
    # h11's words up to the colon; after it comes what the server sent.
    return f"the server's answer is not valid HTTP ({text.split(':', 1)[0].strip()})"


# Failures that another try would only repeat.
PERMANENT = (
    httpx.TooManyRedirects,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
    httpx.InvalidURL,
    RedirectRefused,
)


def describe(exc: Exception, host: str, connect_timeout: float) -> str:
    """A fetch's failure as the source's error reads it."""
    if isinstance(exc, RedirectRefused):
        return str(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out (no answer within {connect_timeout:g} s)"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    if isinstance(exc, httpx.WriteTimeout):
        return "timed out sending the request"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out waiting for the server"
    if isinstance(exc, httpx.ConnectError):
        return _connect_reason(exc, host)
    if isinstance(exc, httpx.ReadError):
        return _broken_while("the response was being read", exc)
    if isinstance(exc, httpx.WriteError):
        return _broken_while("the request was being sent", exc)
    if isinstance(exc, httpx.CloseError):
        return "the connection could not be closed cleanly"
    if isinstance(exc, httpx.ProxyError):
        return f"the proxy refused the connection ({exc})"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects (a redirect loop?)"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "redirected to an address that is not http(s)"
    if isinstance(exc, httpx.InvalidURL):
        return "redirected to an address that is not valid"
    if isinstance(exc, httpx.RemoteProtocolError):
        return _remote_protocol(exc)
    if isinstance(exc, httpx.LocalProtocolError):
        return "the request could not be sent as valid HTTP"  # (its words quote the headers)
    if isinstance(exc, httpx.DecodingError):
        return "the response could not be decompressed"
    if isinstance(exc, httpx.ProtocolError):
        return "the server's answer is not valid HTTP"
    if isinstance(exc, httpx.NetworkError):
        return _broken_while("talking to the server", exc)
    # httpx's base classes, raised as such only by other transports: what is underneath.
    reason = _tls_reason(exc) or _os_reason(exc)
    return "the request could not be completed" + (f" ({reason})" if reason else "")
