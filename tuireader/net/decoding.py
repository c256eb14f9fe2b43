"""A response body's Content-Encoding (gzip, deflate) undone within the body size cap.

httpx inflates each piece it reads in one call, so a small compressed piece can grow a
thousandfold (256 KB of gzip can be 260 MB of zeros) before any size check sees it. Here a
piece is inflated only as far as the cap still allows, so a response never makes hubread
hold more than the cap (plus one piece as read from the socket), however it is compressed.
"""

from __future__ import annotations

import zlib

# The codings hubread asks for (Accept-Encoding: gzip, deflate) -> zlib's window bits.
# "deflate" is zlib-wrapped by the RFC; some servers send it raw, which shows as an error
# before the first decoded byte: the data read so far (up to _REPLAY_LIMIT) is then
# decoded again as raw deflate, as browsers and urllib3 do.
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16,
          "deflate": zlib.MAX_WBITS}
_REPLAY_LIMIT = 64 * 1024


class BodyTooLarge(Exception):
    """The decoded body would exceed the cap."""


class UndecodableBody(Exception):
    """The body's Content-Encoding is unknown, or its compressed data is broken."""


class BoundedDecoder:
    """Decodes one response body piece by piece, never producing more than ``max_bytes``."""

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c not in ("", "identity")]
        if len(codings) > 1 or (codings and codings[0] not in _WBITS):
            raise UndecodableBody(f"unsupported Content-Encoding {content_encoding!r} "
                                  "(hubread asks for gzip or deflate)")
        self._coding = codings[0] if codings else None
        self._inflate = zlib.decompressobj(_WBITS[self._coding]) if self._coding else None
        self._replay: bytearray | None = bytearray() if self._coding == "deflate" else None
        self.remaining = max_bytes

    def decode(self, data: bytes) -> list[bytes]:
        """The decoded pieces of the next ``data`` read from the body."""
        if self._inflate is None:
            self._take(data)
            return [data] if data else []
        if self._replay is not None:
            self._replay += data
            if len(self._replay) > _REPLAY_LIMIT:
                self._replay = None
        pieces = []
        while data:
            try:
                piece = self._inflate.decompress(data, self.remaining + 1)
            except zlib.error as exc:
                if self._replay is None:
                    raise UndecodableBody("the response could not be decompressed") from exc
                data, self._replay = bytes(self._replay), None
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                continue  # everything so far again, as raw deflate
            self._take(piece)
            if piece:
                pieces.append(piece)
                self._replay = None
            tail = self._inflate.unconsumed_tail  # left over when the piece hit its limit
            if tail == data and not piece:
                break  # no progress (cannot happen with zlib; never loop forever on it)
            data = tail
        return pieces

    def finish(self) -> list[bytes]:
        """What the decoder still holds once the whole body has been read."""
        if self._inflate is None:
            return []
        try:
            rest = self._inflate.flush()
        except zlib.error as exc:
            raise UndecodableBody("the response could not be decompressed") from exc
        self._take(rest)
        return [rest] if rest else []

    def _take(self, piece: bytes) -> None:
        self.remaining -= len(piece)
        if self.remaining < 0:
            raise BodyTooLarge
