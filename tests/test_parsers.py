"""Each kind parses our own fixture feeds (written in the services' exact formats) exactly."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import DEMO_FEEDS, SAMPLES
from tuireader.feeds.authors import (
    decode_latex_accents,
    split_arxiv_authors,
    split_surname_initials,
)
from tuireader.kinds import FeedError, parse_feed


def _parse(kind: str, filename: str):
    return {p.key: p for p in parse_feed(kind, (DEMO_FEEDS / filename).read_bytes(), "src")}


def test_arxiv_rss_listing() -> None:
    papers = _parse("arxiv", "arxiv-cs.AI.xml")
    assert len(papers) == 6
    p = papers["arxiv:2611.14021"]
    assert p.title == "Planning with Partial Maps: Language Agents that Ask Before They Act"
    assert p.authors == ("Ines Marchetti", "Tobias Wendland", "Priya Raman")
    assert p.abstract.startswith("Language agents deployed")
    assert "Announce Type" not in p.abstract and "arXiv:" not in p.abstract
    assert p.announce_type == "new"
    assert p.version == 1
    assert p.categories == ("cs.AI", "cs.CL")
    assert p.published is not None and p.published.utcoffset() is not None
    assert p.abs_url == "https://arxiv.org/abs/2611.14021"
    assert p.pdf_url == "https://arxiv.org/pdf/2611.14021"
    replaced = papers["arxiv:2608.09914"]
    assert replaced.announce_type == "replace" and replaced.version == 2
    # Affiliation in parentheses dropped, LaTeX accent decoded.
    assert replaced.authors == ("Mateus Rocha", "Ana Pižanec")
    assert papers["arxiv:2611.14150"].authors == ("Jonas Møller", "Aiko Tanabe")


def test_arxiv_cross_list_keeps_doi_and_journal_ref() -> None:
    p = _parse("arxiv", "arxiv-cs.LG.xml")["arxiv:2611.14301"]
    assert p.announce_type == "cross"
    assert p.doi == "10.5555/hubread.demo.2026.118"
    assert p.journal_ref == "Journal of Invented Results 12, 118 (2026)"
    assert p.categories[0] == "stat.ML"


def test_biorxiv_rdf() -> None:
    papers = _parse("biorxiv", "biorxiv-bioinformatics.rdf")
    p = papers["doi:10.1101/2026.11.18.617234"]
    assert p.title.startswith("Single-cell atlas of regenerating axolotl limb")
    assert p.authors == ("M. Lindqvist", "C. J. Okafor", "T. Brenner", "R. Salas")
    assert p.journal == "bioRxiv"
    assert p.published is not None and p.published.date() == date(2026, 11, 19)
    assert p.version == 1
    # The newer DOI prefix is accepted too.
    assert "doi:10.64898/2026.11.16.616455" in papers


def test_nature_rdf_drops_citation_paragraph() -> None:
    papers = _parse("feed", "nature.rdf")
    p = papers["doi:10.1038/s41586-026-09912-4"]
    assert p.authors == ("Eva Lindholm", "Tomás Herrera", "Mei Chen", "Oskar Nyberg")
    assert p.abstract.startswith("Long-lived quantum memories")
    assert "Published online" not in p.abstract
    assert p.journal == "Nature"


def test_huggingface_daily_papers() -> None:
    papers = _parse("huggingface", "hf-daily-papers.json")
    p = papers["arxiv:2611.14233"]
    assert p.upvotes == 87
    assert p.arxiv_id == "2611.14233"
    assert p.authors == ("Wen Zhao", "Matteo Ricci", "Oluwaseun Adebayo")
    assert p.extra["hf_url"] == "https://huggingface.co/papers/2611.14233"


@pytest.mark.parametrize(
    ("creator", "expected"),
    [
        ("A. One, B. Two and C. Three", ("A. One", "B. Two", "C. Three")),
        ("Ann Lee (MIT, USA), Bo Chen (ETH)", ("Ann Lee", "Bo Chen")),
        ("Anders S{\\o}gaard, Nikola Pi\\v{z}urica", ("Anders Søgaard", "Nikola Pižurica")),
        ("J. M\\\"uller, F. Cr\\'epeau", ("J. Müller", "F. Crépeau")),
        ("", ()),
    ],
)
def test_arxiv_author_splitting(creator: str, expected: tuple[str, ...]) -> None:
    assert split_arxiv_authors(creator) == expected


def test_surname_initials_splitting() -> None:
    assert split_surname_initials("Kukla, D., Crampton, A., Novak, J.-P.") == (
        "D. Kukla", "A. Crampton", "J.-P. Novak")


def test_latex_accents() -> None:
    assert decode_latex_accents("Erd\\H{o}s and \\c{C}elik and Gau\\ss") == (
        "Erdős and Çelik and Gauß")


@pytest.mark.parametrize("body", [b"", b"   ", b"<html><body>hi</body></html>",
                                  b"<rss><channel><item>", b"\x00\x01\x02garbage"])
def test_unusable_bodies_raise_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed("feed", body, "s")


def test_entity_declarations_are_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title>'
            b"</channel></rss>")
    with pytest.raises(FeedError, match="unsafe"):
        parse_feed("feed", bomb, "s")


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")
def test_conformance_with_captured_samples() -> None:
    """Every captured real-world sample parses into papers with titles and keys."""
    kinds = {
        "arxiv-rss-multi.xml": "arxiv", "arxiv-rss-cs.AI.xml": "arxiv",
        "arxiv-atom-cs.AI.xml": "arxiv", "arxiv-api-legacy.atom": "arxiv-query",
        "arxiv-api-legacy-doi.atom": "arxiv-query", "arxiv-api-2026.atom": "arxiv-query",
        "biorxiv-rss-2019.rdf": "biorxiv", "nature-rss.rdf": "feed",
        "hf-daily-papers.json": "huggingface",
    }
    for filename, kind in kinds.items():
        papers = parse_feed(kind, (SAMPLES / filename).read_bytes(), "s")
        assert papers, filename
        assert all(p.title and p.key for p in papers), filename
    multi = {p.key: p for p in parse_feed("arxiv", (SAMPLES / "arxiv-rss-multi.xml")
                                          .read_bytes(), "s")}
    assert multi["arxiv:2205.06398"].doi == "10.1093/bioinformatics/btac431"
    assert multi["arxiv:2205.06398"].announce_type == "cross"
