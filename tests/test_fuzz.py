"""Property tests: parsers raise nothing but FeedError; any paper exports and parses back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import rispy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from tests.conftest import DEMO_FEEDS, SAMPLES
from tuireader.export import FORMATS, clean_paper, render
from tuireader.kinds import SOURCE_KINDS, FeedError, parse_feed
from tuireader.model import Paper

FEEDS = {
    "arxiv": (DEMO_FEEDS / "arxiv-cs.AI.xml").read_bytes(),
    "biorxiv": (DEMO_FEEDS / "biorxiv-bioinformatics.rdf").read_bytes(),
    "feed": (DEMO_FEEDS / "nature.rdf").read_bytes(),
    "huggingface": (DEMO_FEEDS / "hf-daily-papers.json").read_bytes(),
}
if (SAMPLES / "arxiv-api-2026.atom").exists():
    FEEDS["arxiv-query"] = (SAMPLES / "arxiv-api-2026.atom").read_bytes()
FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def parses_or_feed_error(kind: str, body: bytes) -> None:
    try:
        papers = parse_feed(kind, body, "fuzz")
    except FeedError:
        return
    for paper in papers:  # whatever comes out is a well-formed Paper
        assert isinstance(paper.title, str) and isinstance(paper.key, str) and paper.key
        assert Paper.from_dict(paper.to_dict()) == paper


@FUZZ
@given(kind=st.sampled_from(SOURCE_KINDS), body=st.binary(max_size=2000))
def test_arbitrary_bytes(kind: str, body: bytes) -> None:
    parses_or_feed_error(kind, body)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(FEEDS)))
    body = bytearray(FEEDS[kind])
    for _ in range(draw(st.integers(1, 8))):
        operation = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = draw(st.integers(0, max(0, len(body) - 1)))
        if operation == "flip" and body:
            body[at] = draw(st.integers(0, 255))
        elif operation == "cut":
            del body[at:]
        elif operation == "insert":
            body[at:at] = draw(st.sampled_from(
                [b"<", b">", b"&", b"&amp;", b"]]>", b"<![CDATA[", b"\x00", b"\xff\xfe",
                 b'"', b"{", b"}", b"[", b"]", b",", b"<item>", b"</item>", b"<entry>",
                 b'<!DOCTYPE x [<!ENTITY e "e">]>', b"&e;", "é".encode(), b"\x1b[2J"]))
        elif operation == "delete" and body:
            del body[at:at + draw(st.integers(1, 50))]
    return kind, bytes(body)


@FUZZ
@given(case=mutated())
def test_mutated_real_feeds(case: tuple[str, bytes]) -> None:
    parses_or_feed_error(*case)


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
papers = st.builds(
    Paper,
    key=st.text(min_size=1, max_size=40),
    title=text,
    authors=st.lists(text.map(lambda t: " ".join(t.split())).filter(bool), max_size=5)
    .map(tuple),
    abstract=text,
    arxiv_id=st.none() | st.from_regex(r"2\d{3}\.\d{5}", fullmatch=True),
    doi=st.none() | st.from_regex(r"10\.\d{4}/[a-z0-9.]{1,12}", fullmatch=True),
    categories=st.lists(st.from_regex(r"[a-z]{2}\.[A-Z]{2}", fullmatch=True), max_size=3)
    .map(tuple),
    published=st.none() | st.datetimes(min_value=datetime(1990, 1, 1),
                                       max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    journal=st.none() | text,
    sources=st.lists(text, max_size=3).map(tuple),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paper=papers)
def test_any_paper_exports_to_every_format(paper: Paper) -> None:
    for name in FORMATS:
        assert isinstance(render(name, [paper]), str)
    assert len(parse_string(render("bibtex", [paper]), "bibtex").entries) == 1
    assert len(rispy.loads(render("ris", [paper]))) == 1
    assert len(json.loads(render("csljson", [paper]))) == 1
    assert Paper.from_dict({k: v for k, v in json.loads(render("json", [paper]))[0].items()
                            if k not in ("starred", "tags", "note")}) == clean_paper(paper)
