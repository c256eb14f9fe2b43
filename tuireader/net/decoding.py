"""A response body's Content-Encoding (gzip, deflate) undone within the body size cap.

httpx inflates each piece it reads in one call, so a small compressed piece can grow a
thousandfold (256 KB of gzip can be 260 MB of zeros) before any size check sees it. Here a
piece is inflated only as far as the cap still allows, so a response never makes hubread
hold more than the cap (plus one piece as read from the socket), however it is compressed.
"""

from __future__ import annotations

import zlib

# The codings hubread asks for (Accept-Encoding: gzip, deflate) -> zlib's window bits.
# "deflate" is zlib-wrapped by the RFC; some servers send it raw. Which one a body is shows
# in its first two bytes (a zlib header, RFC 1950), however the body is split into pieces.
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_BROKEN = "the response could not be decompressed"


class BodyTooLarge(Exception):
    """The decoded body would exceed the cap."""


class UndecodableBody(Exception):
    """The body's Content-Encoding is unknown, or its compressed data is broken."""


def _is_zlib_header(first: int, second: int) -> bool:
    """RFC 1950: method 8 (deflate), a window of at most 32 KB, header check bits. Raw
    deflate never starts so: those bits would make its first block a stored one with
    padding bits set, which no encoder writes."""
    return first & 0x0F == 8 and first >> 4 <= 7 and (first << 8 | second) % 31 == 0


class BoundedDecoder:
    """Decodes one response body piece by piece, never producing more than ``max_bytes``."""

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c not in ("", "identity")]
        if len(codings) > 1 or (codings and codings[0] not in _WBITS):
            raise UndecodableBody(
                f"unsupported Content-Encoding {content_encoding!r} "
                "(hubread asks for gzip or deflate)"
            )
        coding = codings[0] if codings else None
        self._coding = coding
        self._gzip = coding in ("gzip", "x-gzip")
        # deflate waits for its first two bytes to say whether it is zlib-wrapped or raw.
        self._inflate = (
            zlib.decompressobj(_WBITS[coding]) if coding is not None and self._gzip else None
        )
        self._head = b""
        self._fed = False  # some compressed data went in: the stream must then end
        self.remaining = max_bytes

    def decode(self, data: bytes) -> list[bytes]:
        """The decoded pieces of the next ``data`` read from the body."""
        if self._coding is None:
            self._take(data)
            return [data] if data else []
        if self._inflate is None:
            data, self._head = self._head + data, b""
            if len(data) < 2:
                self._head = data
                return []
            wbits = zlib.MAX_WBITS if _is_zlib_header(data[0], data[1]) else -zlib.MAX_WBITS
            self._inflate = zlib.decompressobj(wbits)
        pieces = []
        while data:
            if self._inflate.eof:
                data = self._after_end(data)
                continue
            try:
                piece = self._inflate.decompress(data, self.remaining + 1)
            except zlib.error as exc:
                raise UndecodableBody(_BROKEN) from exc
            self._fed = True
            self._take(piece)
            if piece:
                pieces.append(piece)
            # Input left over: unconsumed when the piece hit its limit, unused after the end.
            tail = self._inflate.unused_data if self._inflate.eof else self._inflate.unconsumed_tail
            if tail == data and not piece:
                break  # no progress (cannot happen with zlib; never loop forever on it)
            data = tail
        return pieces

    def _after_end(self, data: bytes) -> bytes:
        """Data after the end of a compressed stream: zero padding is skipped (as gzip
        does); in gzip, anything else is the next member (``cat a.gz b.gz`` is one body),
        which starts a fresh decompressor; after deflate's one stream, it is an error."""
        data = data.lstrip(b"\0")
        if data:
            if not self._gzip:
                raise UndecodableBody(f"{_BROKEN} (data after the end of the stream)")
            self._inflate = zlib.decompressobj(_WBITS["gzip"])
        return data

    def finish(self) -> list[bytes]:
        """What the decoder still holds once the whole body has been read."""
        if self._coding is None:
            return []
        if self._inflate is None:
            if self._head:  # one byte of deflate
                raise UndecodableBody(f"{_BROKEN} (it ends early)")
            return []
        if self._fed and not self._inflate.eof:
            raise UndecodableBody(f"{_BROKEN} (it ends early)")
        return []

    def _take(self, piece: bytes) -> None:
        self.remaining -= len(piece)
        if self.remaining < 0:
            raise BodyTooLarge
