"""The TLS context every request of a process shares, loaded in a thread as early as possible.

Reading the CA bundle takes 25-40 ms, and OpenSSL lets other threads run meanwhile. Started
before the network stack is imported (``hubread fetch`` does so first thing), it is ready by
the time the first request needs it, and later refreshes reuse it. Only the standard library
and certifi here, so starting it costs nothing.
"""

from __future__ import annotations

import os
import ssl
import threading
from concurrent.futures import Future

_tls: Future[ssl.SSLContext] | None = None
_tls_lock = threading.Lock()


class TlsSetupError(Exception):
    """The CA certificates cannot be loaded, so no HTTPS request can be verified."""


def create_context() -> ssl.SSLContext:
    """What httpx makes for ``verify=True, trust_env=True``: the bundle SSL_CERT_FILE or
    SSL_CERT_DIR names, else certifi's. Raises ``TlsSetupError`` with what to fix."""
    cafile, capath = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
    where = (
        f" from SSL_CERT_FILE={cafile}"
        if cafile
        else f" from SSL_CERT_DIR={capath}"
        if capath
        else ""
    )
    try:
        if cafile:
            return ssl.create_default_context(cafile=cafile)
        if capath:
            return ssl.create_default_context(capath=capath)
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    except (OSError, ssl.SSLError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise TlsSetupError(f"cannot load the CA certificates{where}: {reason}") from exc


def tls_context() -> Future[ssl.SSLContext]:
    """The shared context, loading in a thread the first time this is called."""
    global _tls
    with _tls_lock:
        if _tls is None:
            future: Future[ssl.SSLContext] = Future()

            def load() -> None:
                try:
                    future.set_result(create_context())
                except BaseException as exc:  # surfaces where the client is made
                    future.set_exception(exc)

            # Not a daemon: the interpreter waits for it at exit instead of tearing
            # OpenSSL down under it (a segfault or "free(): invalid pointer").
            threading.Thread(target=load, name="hubread-tls").start()
            _tls = future
        return _tls
