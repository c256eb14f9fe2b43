from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tuireader.model import (
    Paper,
    PaperDataError,
    merge_papers,
    normalize_doi,
    paper_key,
    parse_arxiv_id,
)


def test_paper_round_trips_through_dict() -> None:
    paper = Paper(
        key="arxiv:2611.00001",
        title="T",
        authors=("A B", "C D"),
        abstract="x",
        arxiv_id="2611.00001",
        version=2,
        doi="10.1/x",
        categories=("cs.AI", "cs.LG"),
        announce_type="new",
        published=datetime(2026, 11, 20, tzinfo=UTC),
        abs_url="https://arxiv.org/abs/2611.00001",
        sources=("s1",),
        upvotes=3,
        extra={"hf_url": "https://huggingface.co/papers/2611.00001"},
    )
    assert Paper.from_dict(paper.to_dict()) == paper
    assert Paper.from_dict(paper.to_dict()).extra == paper.extra


def test_keys_prefer_arxiv_then_doi_then_link() -> None:
    assert paper_key("2611.00001", "10.1/X", "http://x") == "arxiv:2611.00001"
    assert paper_key(None, "10.1/X", "http://x") == "doi:10.1/x"
    assert paper_key(None, None, "http://x") == "url:http://x"


def test_identifier_helpers() -> None:
    assert parse_arxiv_id("oai:arXiv.org:2609.26811v3") == ("2609.26811", 3)
    assert parse_arxiv_id("https://arxiv.org/abs/hep-th/9901001") == ("hep-th/9901001", None)
    assert normalize_doi("doi:10.1101/857789") == "10.1101/857789"
    assert normalize_doi("https://doi.org/10.1038/S41586-023-06826-7.") == (
        "10.1038/s41586-023-06826-7"
    )
    assert normalize_doi("no doi here") is None


def test_merge_keeps_newest_version_unions_sources_and_takes_latest_upvotes() -> None:
    old = Paper(
        key="k",
        title="Old title",
        abstract="short",
        version=1,
        sources=("a",),
        announce_type="new",
        upvotes=3,
    )
    new = Paper(
        key="k",
        title="New title",
        abstract="a longer abstract",
        version=2,
        sources=("b",),
        announce_type="replace",
        upvotes=9,
        authors=("X Y",),
    )
    merged = merge_papers(old, new)
    assert merged.title == "New title"
    assert merged.version == 2
    assert merged.sources == ("a", "b")
    assert merged.upvotes == 9
    assert merged.authors == ("X Y",)
    assert merged.announce_type == "replace"
    # An older sighting arriving later does not roll the version back.
    assert merge_papers(new, old).title == "New title"


def test_same_version_new_beats_cross() -> None:
    a = Paper(key="k", title="T", version=1, announce_type="cross", sources=("lg",))
    b = Paper(key="k", title="T", version=1, announce_type="new", sources=("ai",))
    assert merge_papers(a, b).announce_type == "new"
    assert merge_papers(b, a).announce_type == "new"


def test_merge_keeps_upvotes_when_later_source_has_none() -> None:
    hf = Paper(key="k", title="T", sources=("hf",), upvotes=12)
    arxiv = Paper(key="k", title="T", sources=("arxiv",), categories=("cs.AI",))
    merged = merge_papers(hf, arxiv)
    assert merged.upvotes == 12
    assert merged.categories == ("cs.AI",)


def test_every_paper_field_is_checked_when_read_back() -> None:
    from dataclasses import fields

    from tuireader.model import _FIELD_CHECKS

    assert set(_FIELD_CHECKS) == {f.name for f in fields(Paper)}


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"key": "k", "title": "t", "published": "garbage"}, '"published" is not an ISO 8601 date'),
        ({"key": "k", "title": "t", "authors": 5}, '"authors" is not a list of strings'),
        ({"key": "k", "title": "t", "authors": ["a", 1]}, '"authors" is not a list of strings'),
        ({"key": "k", "title": 3}, '"title" is a number, not a string'),
        ({"key": "k", "title": "t", "version": "2"}, '"version" is a string, not a whole number'),
        ({"key": "k", "title": "t", "upvotes": True}, '"upvotes" is true/false'),
        ({"key": "k", "title": "t", "extra": {"a": 1}}, '"extra" is not an object of strings'),
        ({"title": "t"}, 'the paper has no "key"'),
        ({"key": "", "title": "t"}, '"key" is empty'),
        ([], "a paper is a JSON object, not a list"),
    ],
)
def test_from_dict_names_the_field_of_the_wrong_type(record: object, expected: str) -> None:
    with pytest.raises(PaperDataError, match=re.escape(expected)):
        Paper.from_dict(record)  # type: ignore[arg-type]


def test_from_dict_takes_a_date_without_zone_as_utc() -> None:
    paper = Paper.from_dict(
        {"key": "k", "title": "t", "published": "2026-01-02", "future_field": [1]}
    )
    assert paper.published == datetime(2026, 1, 2, tzinfo=UTC)


@pytest.mark.parametrize("field", ["upvotes", "version"])
@pytest.mark.parametrize("value", [10**23, -1, 2**63])
def test_counts_sqlite_cannot_store_are_refused_by_name(field: str, value: int) -> None:
    with pytest.raises(PaperDataError, match=f'"{field}" is out of range'):
        Paper.from_dict({"key": "k", "title": "t", field: value})
