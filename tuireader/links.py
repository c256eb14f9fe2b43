"""Opening links from feeds: only http(s), only well-formed, never a local file or script.

A feed can put any string in a link (``javascript:``, ``file:``, ``data:``, a URL with a
newline that a browser launcher would split into arguments); none of those is ever opened.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tuireader.cleantext import strip_unsafe


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and no control characters."""
    if not url or url != url.strip() or strip_unsafe(url) != url or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def open_url(url: str | None) -> bool:
    """Open a safe URL in the user's browser; False when refused or no browser works."""
    checked = safe_url(url)
    if checked is None:
        return False
    import webbrowser  # slow to import, and only needed when a link is opened

    try:
        return webbrowser.open(checked, new=2)
    except webbrowser.Error:
        return False
