"""Content-Encoding undone within the size cap (tuireader/sources/decoding.py), with zlib."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from tuireader.net.decoding import BodyTooLarge, BoundedDecoder, UndecodableBody

TEXT = b"".join(
    b"<item><title>Paper %d about axolotls</title></item>\n" % i for i in range(20_000)
)  # about 1 MB


def pieces(data: bytes, size: int) -> Iterator[bytes]:
    return (data[i : i + size] for i in range(0, len(data), size))


def decode_all(encoding: str | None, data: bytes, size: int, cap: int = 10**8) -> bytes:
    decoder = BoundedDecoder(encoding, cap)
    out = [p for piece in pieces(data, size) for p in decoder.decode(piece)]
    return b"".join(out + decoder.finish())


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        (None, TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT)),
        ("X-GZIP", gzip.compress(TEXT)),
        ("identity, gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),  # as the RFC says: zlib-wrapped
        ("deflate", raw_deflate(TEXT)),  # as some servers send it
    ],
    ids=["none", "identity", "gzip", "x-gzip", "identity+gzip", "deflate", "raw-deflate"],
)
@pytest.mark.parametrize("size", [1, 777, 65_536, 10**7])
def test_every_coding_decodes_whatever_the_pieces(
    encoding: str | None, encoded: bytes, size: int
) -> None:
    if size == 1 and len(encoded) > 100_000:
        encoded_pieces = 5_000  # one byte at a time through 1 MB would only be slow
        size = len(encoded) // encoded_pieces
    assert decode_all(encoding, encoded, size) == TEXT


def test_every_member_of_a_multi_member_gzip_body_is_decoded() -> None:
    """gzip allows several members one after another (``cat a.gz b.gz``); all of them are
    the body, as gzip -d says. Zero padding after the last one is ignored, as gzip does."""
    half = len(TEXT) // 2
    encoded = gzip.compress(TEXT[:half]) + gzip.compress(TEXT[half:])
    for size in (1000, 65_536, 10**7):
        assert decode_all("gzip", encoded, size) == TEXT
        assert decode_all("gzip", encoded + bytes(100), size) == TEXT
    with pytest.raises(BodyTooLarge):  # the cap counts every member
        decode_all("gzip", encoded, 65_536, cap=len(TEXT) - 1)


def test_data_after_the_last_gzip_member_is_a_clear_error() -> None:
    with pytest.raises(UndecodableBody, match="could not be decompressed"):
        decode_all("gzip", gzip.compress(TEXT) + b"trailing junk", 65_536)


@pytest.mark.parametrize("size", [1000, 256 * 1024, 10**7])
def test_a_big_raw_deflate_body_decodes_however_it_arrives(size: int) -> None:
    """216 KB of raw deflate, read in one piece or many: the raw stream is recognised by
    its first bytes, not by how much of it arrived before the first error."""
    data = b"".join(b"%d %x\n" % (i, (i * 2654435761) % 2**32) for i in range(30_000))
    encoded = raw_deflate(data)
    assert 200_000 < len(encoded) < 256 * 1024
    assert decode_all("deflate", encoded, size) == data


def test_a_body_over_the_cap_is_refused_whatever_its_coding() -> None:
    for encoding, encoded in (
        (None, TEXT),
        ("gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
    ):
        with pytest.raises(BodyTooLarge):
            decode_all(encoding, encoded, 65_536, cap=len(TEXT) - 1)
        assert decode_all(encoding, encoded, 65_536, cap=len(TEXT)) == TEXT  # exactly fits


def test_a_compression_bomb_never_grows_past_the_cap() -> None:
    """200 MB of zeros in about 200 KB of gzip, read in 256 KB pieces as asyncio does: with
    a 1 MB cap, decoding must stop near 1 MB, not inflate a whole piece (~200 MB) first."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1_000_000)
    bomb = b"".join(compressor.compress(zeros) for _ in range(200)) + compressor.flush()
    assert len(bomb) < 256 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge):
            decode_all("gzip", bomb, 256 * 1024, cap=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, peak


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
def test_codings_hubread_did_not_ask_for_are_refused_by_name(encoding: str) -> None:
    with pytest.raises(UndecodableBody, match=f"unsupported Content-Encoding '{encoding}'"):
        BoundedDecoder(encoding, 1000)


def test_broken_compressed_data_is_a_clear_error() -> None:
    broken = bytearray(gzip.compress(TEXT))
    broken[200:260] = bytes(60)
    with pytest.raises(UndecodableBody, match="could not be decompressed"):
        decode_all("gzip", bytes(broken), 65_536)
    with pytest.raises(UndecodableBody, match="could not be decompressed"):
        decode_all("deflate", b"definitely not deflate data", 65_536)


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", raw_deflate(TEXT)),
    ],
)
def test_a_compressed_body_cut_short_is_a_clear_error(encoding: str, encoded: bytes) -> None:
    with pytest.raises(UndecodableBody, match="ends early"):
        decode_all(encoding, encoded[: len(encoded) // 2], 65_536)
    with pytest.raises(UndecodableBody, match="ends early"):
        decode_all(encoding, encoded[:1], 65_536)
