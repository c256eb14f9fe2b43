"""What every request to an OpenAI-compatible server shares: the key, headers, TLS and
the sentence for a refused key.

Shared by the LLM client (briefing/) and the radar's embeddings client (radar/), which
talk to servers of the same family and must word the same trouble the same way: the key
comes from an environment variable named in config.toml, goes only into the
Authorization header, and is scrubbed from anything a server echoes back.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping

from tuireader import PROJECT_URL, __version__
from tuireader.net.tls import tls_context


class MissingKey(Exception):
    """The setting names an environment variable that is not set; ``str()`` says so."""


def api_key(environ: Mapping[str, str], name: str, server: str, setting: str) -> str:
    """The key in ``$name`` ("" when no variable is configured). ``setting`` is the
    config key that names the variable, for the ``MissingKey`` message."""
    if not name:
        return ""
    key = environ.get(name, "").strip()
    if not key:
        raise MissingKey(
            f"{server}: {setting} names the environment variable {name}, "
            "which is not set (or empty)"
        )
    return key


def api_headers(key: str, accept: str | None = None) -> dict[str, str]:
    """hubread's User-Agent, ``accept`` if given, and the key as a bearer token."""
    headers = {"User-Agent": f"hubread/{__version__} (+{PROJECT_URL})"}
    if accept:
        headers["Accept"] = accept
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return headers


def tls_verify(url: str) -> ssl.SSLContext | bool:
    """httpx's ``verify`` for ``url``: the shared TLS context for https (``TlsSetupError``
    when it cannot be built); plain http has nothing to verify, no CA bundle to load."""
    if not url.lower().startswith("https:"):
        return True
    return tls_context().result()


def key_refused(server: str, status: int, key: str, setting: str, env_name: str) -> str:
    """A 401/403, in words: whether a key was sent, and where to set or check it."""
    hint = (
        f"set {setting} to the variable that holds it"
        if not env_name
        else f"check the key in ${env_name}"
    )
    return (
        f"{server} refused the request ({status}, {'no' if not key else 'wrong'} API key?): {hint}"
    )


def scrub(text: str, key: str) -> str:
    """``text`` with the key blanked out: servers quote a wrong key back in their errors."""
    return text.replace(key, "***") if key else text
