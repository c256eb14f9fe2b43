"""Citation-grade metadata from real feed shapes read through the generic ``feed`` kind.

Each fixture copies the shape of a capture in ../shared/samples/ (see its README) with
invented papers: an arXiv listing relayed by a mirror, Taylor & Francis and OJS RDF with
PRISM, and so on.
"""

from __future__ import annotations

from tests.fixtures.feedwriter import FakePaper, arxiv_rss
from tuireader.kinds import parse_feed
from tuireader.model import merge_papers

INVENTED = FakePaper(
    id="2611.04321",
    title="Sparse probes for invented transformers",
    authors=["Ada Quill", "Bram Osei"],
    abstract="We probe invented models (see doi:10.5555/other.paper.1 for prior work).",
    categories=["cs.LG", "cs.AI"],
    announce="replace",
    version=3,
    doi="10.5555/Inv.Probe.2026",
)

# An aggregator that relays arXiv items under its own links: only the guid says arXiv.
MIRRORED = arxiv_rss([INVENTED], ["cs.LG"]).replace(
    "<link>https://arxiv.org/abs/2611.04321</link>",
    "<link>https://mirror.example.org/item/77</link>",
)


def test_an_arxiv_item_of_a_generic_feed_is_read_as_arxiv() -> None:
    (paper,) = parse_feed("feed", MIRRORED.encode(), "aggregator")
    assert paper.key == "arxiv:2611.04321"
    assert (paper.arxiv_id, paper.version, paper.announce_type) == ("2611.04321", 3, "replace")
    assert paper.pdf_url == "https://arxiv.org/pdf/2611.04321"
    assert paper.abstract.startswith("We probe invented models")
    assert "Announce Type" not in paper.abstract
    assert paper.doi is not None and paper.doi.lower() == "10.5555/inv.probe.2026"  # <arxiv:DOI>


def test_it_merges_with_the_same_paper_from_arxiv() -> None:
    (relayed,) = parse_feed("feed", MIRRORED.encode(), "aggregator")
    (own,) = parse_feed("arxiv", arxiv_rss([INVENTED], ["cs.LG"]).encode(), "arxiv")
    assert relayed.key == own.key
    merged = merge_papers(own, relayed)
    assert merged.sources == ("arxiv", "aggregator")
    assert merged.abstract == own.abstract


def test_a_number_in_a_journal_link_is_not_an_arxiv_id() -> None:
    body = b"""<rss version="2.0"><channel><title>J</title><item>
      <title>Not a preprint</title><link>https://journal.example.org/article/2401.12345</link>
      <description>Text.</description></item></channel></rss>"""
    (paper,) = parse_feed("feed", body, "j")
    assert paper.arxiv_id is None
    assert paper.key == "url:https://journal.example.org/article/2401.12345"
