"""The feedparser fallback gives the same Papers as the fast path, and recovers broken XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEMO_FEEDS, SAMPLES, SHAPES
from tuireader.feeds.fallback import read_with_feedparser
from tuireader.feeds.xml_reader import read_xml_feed
from tuireader.kinds import FeedError, parse_feed
from tuireader.kinds.parsers.arxiv import arxiv_listing_papers
from tuireader.kinds.parsers.arxiv_query import api_page_papers
from tuireader.kinds.parsers.biorxiv import preprint_papers
from tuireader.kinds.parsers.feed import journal_papers

MAPPERS = {
    "arxiv": lambda feed, source: arxiv_listing_papers(feed, source).papers,
    "arxiv-query": lambda feed, source: api_page_papers(feed, source)[0].papers,
    "biorxiv": lambda feed, source: preprint_papers(feed, source, "bioRxiv").papers,
    "feed": lambda feed, source: journal_papers(feed, source).papers,
}
CAPTURED_SHAPES = [
    ("arxiv-rss-multi.xml", "arxiv"),
    ("arxiv-rss-cs.AI.xml", "arxiv"),
    ("arxiv-atom-cs.AI.xml", "arxiv"),
    ("arxiv-api-legacy.atom", "arxiv-query"),
    ("arxiv-api-legacy-doi.atom", "arxiv-query"),
    ("arxiv-api-2026.atom", "arxiv-query"),
    ("biorxiv-rss-2019.rdf", "biorxiv"),
    ("nature-rss.rdf", "feed"),
    ("tandf-tzme20.rdf", "feed"),
    ("ojs-zootaxa.rdf", "feed"),
    ("pensoft-mycokeys.xml", "feed"),
]
# Each captured shape twice: our copy with invented papers (always there) and the captured
# sample itself (skipped in a checkout without ../shared).
FILES = [
    (DEMO_FEEDS / "arxiv-cs.AI.xml", "arxiv"),
    (DEMO_FEEDS / "arxiv-cs.LG.xml", "arxiv"),
    (DEMO_FEEDS / "biorxiv-bioinformatics.rdf", "biorxiv"),
    (DEMO_FEEDS / "nature.rdf", "feed"),
    *((SHAPES / name, kind) for name, kind in CAPTURED_SHAPES),
    *((SAMPLES / name, kind) for name, kind in CAPTURED_SHAPES),
]


@pytest.mark.parametrize(
    ("path", "kind"), FILES, ids=[f"{p.parent.name}/{p.name}" for p, _ in FILES]
)
def test_both_readers_give_identical_papers(path: Path, kind: str) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not present")
    body = path.read_bytes()
    fast = MAPPERS[kind](read_xml_feed(body), "s")
    slow = MAPPERS[kind](read_with_feedparser(body), "s")
    assert fast
    assert [p.to_dict() for p in fast] == [p.to_dict() for p in slow]


def test_broken_xml_is_recovered_by_the_fallback() -> None:
    body = (DEMO_FEEDS / "arxiv-cs.AI.xml").read_bytes()
    # An unescaped ampersand and a stray tag: not well-formed, but readable.
    broken = body.replace(b"Planning with Partial Maps", b"Planning & Partial <Maps", 1)
    papers = {p.key: p for p in parse_feed("arxiv", broken, "s")}
    assert len(papers) == 6
    assert (
        papers["arxiv:2611.14037"].title == "Counterfactual Credit Assignment for "
        "Multi-Agent Tool Use"
    )


def test_truncated_xml_keeps_what_it_can_or_fails_clearly() -> None:
    body = (DEMO_FEEDS / "nature.rdf").read_bytes()
    truncated = body[: len(body) * 2 // 3]
    try:
        papers = parse_feed("feed", truncated, "s")
    except FeedError as exc:
        assert "malformed XML" in str(exc)
    else:
        assert 1 <= len(papers) <= 3
        assert all(p.title for p in papers)
