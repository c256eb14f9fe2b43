"""A body is recognised as unchanged by its hash, however it was split into chunks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tuireader.fetch.ingest import body_hash, chunked_body_hash

_bodies = st.lists(st.lists(st.binary(max_size=64), max_size=6), min_size=1, max_size=3)


@given(_bodies)
def test_chunks_hash_like_the_joined_body(bodies: list[list[bytes]]) -> None:
    joined = [b"".join(chunks) for chunks in bodies]
    assert chunked_body_hash(*bodies) == body_hash(*joined)


def test_where_one_body_ends_and_the_next_begins_counts() -> None:
    assert body_hash(b"ab", b"c") != body_hash(b"a", b"bc")
    assert body_hash(b"abc") != body_hash(b"ab", b"c")
