"""A configured server's address as messages show it, and whether it is on this machine.

Shared by the LLM client (briefing/) and the radar's embeddings client (radar/): both send
paper text to a server the reader names in config.toml, and both must say which one
without echoing a ``user:password@`` part, and ask before papers leave the machine.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def server_label(base_url: str) -> str:
    """``base_url`` as messages show it: no user:password part, no query."""
    parts = urlsplit(base_url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def is_local(base_url: str) -> bool:
    """Whether ``base_url`` is on this machine (a hosted one needs the reader's consent)."""
    host = (urlsplit(base_url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")
