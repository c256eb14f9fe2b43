"""Property tests: parsers raise nothing but FeedError; any paper exports and parses back."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import rispy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from tests.conftest import DEMO_FEEDS, SAMPLES, SHAPES
from tuireader.export import FORMATS, clean_paper, render
from tuireader.feeds.items import papers_of
from tuireader.feeds.safe_xml import NS
from tuireader.kinds import SOURCE_KINDS, FeedError, parse_feed
from tuireader.model import Paper
from tuireader.storage.cache import CacheStore

FEEDS = {
    "arxiv": (DEMO_FEEDS / "arxiv-cs.AI.xml").read_bytes(),
    "biorxiv": (DEMO_FEEDS / "biorxiv-bioinformatics.rdf").read_bytes(),
    "feed": (DEMO_FEEDS / "nature.rdf").read_bytes(),
    "huggingface": (DEMO_FEEDS / "hf-daily-papers.json").read_bytes(),
    # The API's answer in its 2026 shape (captured in ../shared/samples), invented papers.
    "arxiv-query": (SHAPES / "arxiv-api-2026.atom").read_bytes(),
}
SEEDS = sorted(FEEDS.items())
if (SAMPLES / "arxiv-api-2026.atom").exists():  # the captured answer itself, an extra seed
    SEEDS.append(("arxiv-query", (SAMPLES / "arxiv-api-2026.atom").read_bytes()))
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


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
    kind, seed = draw(st.sampled_from(SEEDS))
    body = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        operation = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = draw(st.integers(0, max(0, len(body) - 1)))
        if operation == "flip" and body:
            body[at] = draw(st.integers(0, 255))
        elif operation == "cut":
            del body[at:]
        elif operation == "insert":
            body[at:at] = draw(
                st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"&",
                        b"&amp;",
                        b"]]>",
                        b"<![CDATA[",
                        b"\x00",
                        b"\xff\xfe",
                        b'"',
                        b"{",
                        b"}",
                        b"[",
                        b"]",
                        b",",
                        b"<item>",
                        b"</item>",
                        b"<entry>",
                        b'<!DOCTYPE x [<!ENTITY e "e">]>',
                        b"&e;",
                        "é".encode(),
                        b"\x1b[2J",
                    ]
                )
            )
        elif operation == "delete" and body:
            del body[at : at + draw(st.integers(1, 50))]
    return kind, bytes(body)


@FUZZ
@given(case=mutated())
def test_mutated_real_feeds(case: tuple[str, bytes]) -> None:
    parses_or_feed_error(*case)


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
papers = st.builds(
    Paper,
    key=st.text(min_size=1, max_size=40).map(lambda t: f"url:{t}"),  # as paper_key makes them
    title=text,
    authors=st.lists(text.map(lambda t: " ".join(t.split())).filter(bool), max_size=5).map(tuple),
    abstract=text,
    arxiv_id=st.none() | st.from_regex(r"2\d{3}\.\d{5}", fullmatch=True),
    doi=st.none() | st.from_regex(r"10\.\d{4}/[a-z0-9.]{1,12}", fullmatch=True),
    categories=st.lists(st.from_regex(r"[a-z]{2}\.[A-Z]{2}", fullmatch=True), max_size=3).map(
        tuple
    ),
    published=st.none()
    | st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
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
    assert Paper.from_dict(
        {
            k: v
            for k, v in json.loads(render("json", [paper]))[0].items()
            if k not in ("starred", "tags", "note")
        }
    ) == clean_paper(paper)


# One bad item costs that item only: any shape of item, next to good ones, in every kind
# that reads items of its own shape. The good items always come through, the whole
# parse raises nothing but FeedError, and what comes out can be stored.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
JSON_FEED_FIELDS = (
    "id",
    "url",
    "title",
    "summary",
    "content_text",
    "content_html",
    "authors",
    "author",
    "tags",
    "date_published",
    "date_modified",
)
HF_FIELDS = ("id", "title", "summary", "authors", "publishedAt", "upvotes", "githubRepo")
DATES = st.datetimes(timezones=st.timezones()).map(datetime.isoformat) | st.sampled_from(
    [
        "0001-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-00:01",
        "Mon, 01 Jan 0001 00:00:00 +0100",
        "2026-02-30",
        "²⁰²⁶-01-01",
    ]
)
_store: list[CacheStore] = []


def stored(papers: list[Paper]) -> CacheStore:
    """The papers in a real cache (created once for the module): encodable and storable."""
    if not _store:
        _store.append(CacheStore(Path(tempfile.mkdtemp()) / "cache.sqlite3"))
    _store[0].store_papers("fuzz", papers)
    return _store[0]


def item_of(fields: tuple[str, ...], draw: st.DrawFn) -> object:
    shape = draw(st.sampled_from(["object", "any"]))
    if shape == "any":
        return draw(json_values)
    item = draw(st.fixed_dictionaries({}, optional={f: json_values | DATES for f in fields}))
    if draw(st.booleans()):
        item["authors"] = draw(
            st.lists(
                st.fixed_dictionaries({}, optional={"name": json_values}) | json_values, max_size=3
            )
        )
    return item


@st.composite
def json_feed_with_a_bad_item(draw: st.DrawFn) -> tuple[bytes, set[str]]:
    good = [{"id": f"https://example.org/good/{i}", "title": f"Good {i}"} for i in range(2)]
    bad = item_of(JSON_FEED_FIELDS, draw)
    items = [good[0], bad, good[1]]
    return (
        json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode(),
        {f"url:{g['id']}" for g in good},
    )


@st.composite
def hf_with_a_bad_item(draw: st.DrawFn) -> tuple[bytes, set[str]]:
    good = [{"paper": {"id": f"2611.0000{i}", "title": f"Good {i}"}} for i in range(2)]
    bad = item_of(HF_FIELDS, draw)
    if isinstance(bad, dict) and draw(st.booleans()):
        bad = {"paper": bad}
    return (json.dumps([good[0], bad, good[1]]).encode(), {f"arxiv:2611.0000{i}" for i in range(2)})


def keeps_the_good_items(kind: str, body: bytes, good: set[str]) -> None:
    try:
        papers = parse_feed(kind, body, "fuzz")
    except FeedError as exc:
        raise AssertionError(f"the good items were lost: {exc}") from exc
    assert good <= {p.key for p in papers}  # (a bad item with a good one's id merges in)
    store = stored(papers)
    assert all(store.paper(key) is not None for key in good)


@FUZZ
@given(case=json_feed_with_a_bad_item())
def test_a_bad_json_feed_item_costs_that_item_only(case: tuple[bytes, set[str]]) -> None:
    keeps_the_good_items("feed", *case)


@FUZZ
@given(case=hf_with_a_bad_item())
def test_a_bad_daily_paper_costs_that_item_only(case: tuple[bytes, set[str]]) -> None:
    keeps_the_good_items("huggingface", *case)


xml_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "title": xml_text,
            "link": xml_text,
            "guid": xml_text,
            "description": xml_text,
            "pubDate": DATES | xml_text,
            "dc:date": DATES | xml_text,
            "dc:creator": xml_text,
            "category": xml_text,
            "prism:doi": xml_text,
        },
    ),
    kind=st.sampled_from(["feed", "biorxiv"]),
)
def test_a_bad_xml_item_costs_that_item_only(fields: dict[str, str], kind: str) -> None:
    item = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in fields.items())
    body = (
        f'<?xml version="1.0"?><rss version="2.0" xmlns:dc="{NS["dc"]}" '
        f'xmlns:prism="{NS["prism"]}"><channel><title>J</title>'
        f"<item><title>Good 0</title><link>https://example.org/good/0</link></item>"
        f"<item>{item}</item>"
        f"<item><title>Good 1</title><link>https://example.org/good/1</link></item>"
        "</channel></rss>"
    ).encode()
    keeps_the_good_items(kind, body, {f"url:https://example.org/good/{i}" for i in range(2)})


def test_an_item_that_fails_to_read_is_dropped_and_counted() -> None:
    def to_paper(item: int) -> Paper:
        return Paper(key=f"k{10 // item}", title="t")  # item 0 cannot be read

    parsed = papers_of([1, 0, 2], to_paper)
    assert [p.key for p in parsed.papers] == ["k10", "k5"] and parsed.unreadable == 1
    with pytest.raises(FeedError, match="none of the feed's 2 items could be read"):
        papers_of([0, 0], to_paper)
