"""Links from feeds: only http(s), only well-formed, never a local file or script.

A feed can put any string in a link (``javascript:``, ``file:``, ``data:``, a URL with a
newline that a browser launcher would split into arguments); none of those is ever opened,
and none is written into an export as it came (``export_url``). The only local file ever
opened is one hubread saved itself (``open_file``: a PDF it downloaded).
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from urllib.parse import urlsplit

from tuireader.sanitize import clean

# What an exported URL may hold as it is: RFC 3986's unreserved and reserved characters,
# less the ones that end a link or start markup in the formats we write: ( ) ' for
# Markdown, < > " for HTML, and (never allowed anyway) { } \ space for BibTeX.
_EXPORT_SAFE = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&*+,;=")
_PERCENT_ESCAPE_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_AUTHORITY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)")


HTTP_SCHEMES = ("http", "https")


def http_url_problem(url: str) -> str | None:
    """Why ``url`` is not a clean absolute http(s) address; None when it is one.

    The one check of every address hubread fetches, opens or exports: a source's URL in
    config.toml, the LLM server's, a feed's link, a redirect's target. (Every character
    ``sanitize.clean`` removes is non-printable, so none of them passes.)
    """
    if not url.isprintable() or any(c.isspace() for c in url):
        return "it contains spaces or control characters"
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is no number raises ValueError
    except ValueError as exc:
        return f"it is not a valid address ({clean(str(exc))})"
    if parts.scheme.lower() not in HTTP_SCHEMES:
        return "only http:// and https:// addresses can be fetched"
    if not parts.hostname:
        return "it names no host"
    return None


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and no control characters."""
    return url if url and http_url_problem(url) is None else None


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


def open_file(path: Path) -> bool:
    """Open a file hubread wrote itself (a saved PDF) with the opener links use: the
    ``webbrowser`` module, which hands a ``file://`` address to the platform's opener
    (xdg-open, open, the Windows shell) as one argument, never through a shell. False when
    the file is not there or nothing can open it."""
    if not path.is_file():
        return False
    import webbrowser

    try:
        return webbrowser.open(path.resolve().as_uri(), new=2)
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
    encoded = "".join(out)  # the scheme and host as they were: only the rest is encoded
    return encoded if http_url_problem(encoded) is None else None
