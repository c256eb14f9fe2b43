"""Which characters a feed's bytes mean, when the XML itself does not say.

An XML document that declares its encoding (or starts with a BOM) is decoded by the parser.
One that does not, and is not valid UTF-8, is decoded with the HTTP Content-Type charset
(RFC 7303 makes it authoritative); without one, the fallback parser guesses.
"""

from __future__ import annotations

import re

_DECLARED_RE = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=", re.IGNORECASE)
_CHARSET_RE = re.compile(r"charset\s*=\s*\"?([\w.:-]+)", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def charset_of(content_type: str | None) -> str | None:
    match = _CHARSET_RE.search(content_type or "")
    return match.group(1) if match else None


def to_utf8(body: bytes, content_type: str | None) -> bytes:
    """``body`` as UTF-8 when the HTTP charset is the only word on its encoding."""
    if body.startswith(_BOMS) or _DECLARED_RE.match(body[:512]):
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        charset = charset_of(content_type)
        if charset:
            try:
                return body.decode(charset).encode("utf-8")
            except (LookupError, UnicodeDecodeError):
                pass
    return body
