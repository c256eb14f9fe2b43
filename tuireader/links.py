"""Links from feeds: only http(s), only well-formed, never a local file or script.

A feed can put any string in a link (``javascript:``, ``file:``, ``data:``, a URL with a
newline that a browser launcher would split into arguments); none of those is ever opened,
and none is written into an export as it came (``export_url``).
"""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

from tuireader.sanitize import clean

# What an exported URL may hold as it is: RFC 3986's unreserved and reserved characters,
# less the ones that end a link or start markup in the formats we write: ( ) ' for
# Markdown, < > " for HTML, and (never allowed anyway) { } \ space for BibTeX.
_EXPORT_SAFE = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&*+,;=")
_PERCENT_ESCAPE_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_AUTHORITY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)")


def _is_http_with_host(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and no control characters."""
    if not url or url != url.strip() or clean(url) != url or any(c.isspace() for c in url):
        return None
    return url if _is_http_with_host(url) else None


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


def export_url(url: str | None) -> str | None:
    """``url`` fit to write into a file other tools read (a Markdown link, a BibTeX
    ``url``): an absolute http(s) URL with a plain ASCII host, every other character that is
    not a URL character (spaces, line breaks, controls, quotes, ``<>``, parentheses,
    braces, backslash, non-ASCII) percent-encoded, existing ``%XX`` escapes kept. None for
    anything else (``javascript:``, no host), which is then left out."""
    if not url:
        return None
    url = clean(url, multiline=True).strip()  # a line break is then encoded as %0A
    authority = _AUTHORITY_RE.match(url)
    if authority is None or not authority.group(1) or not set(authority.group(1)) <= _EXPORT_SAFE:
        return None
    if not _is_http_with_host(url):
        return None
    out: list[str] = []
    i = 0
    while i < len(url):
        if _PERCENT_ESCAPE_RE.match(url, i):
            out.append(url[i : i + 3])
            i += 3
            continue
        char = url[i]
        out.append(
            char
            if char in _EXPORT_SAFE
            else "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        )
        i += 1
    return "".join(out)
