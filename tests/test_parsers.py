"""Each kind parses our own fixture feeds (written in the services' exact formats) exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import DEMO_FEEDS, SAMPLES, SHAPES
from tuireader.feeds.authors import (
    decode_latex_accents,
    split_arxiv_authors,
    split_surname_initials,
)
from tuireader.kinds import FeedError, parse_feed
from tuireader.model import Paper


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
        "D. Kukla",
        "A. Crampton",
        "J.-P. Novak",
    )


def test_latex_accents() -> None:
    assert decode_latex_accents("Erd\\H{o}s and \\c{C}elik and Gau\\ss") == (
        "Erdős and Çelik and Gauß"
    )


@pytest.mark.parametrize(
    "body",
    [b"", b"   ", b"<html><body>hi</body></html>", b"<rss><channel><item>", b"\x00\x01\x02garbage"],
)
def test_unusable_bodies_raise_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed("feed", body, "s")


def test_entity_declarations_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title>'
        b"</channel></rss>"
    )
    with pytest.raises(FeedError, match="unsafe"):
        parse_feed("feed", bomb, "s")


SHAPE_KINDS = {
    "arxiv-rss-multi.xml": "arxiv",
    "arxiv-rss-cs.AI.xml": "arxiv",
    "arxiv-atom-cs.AI.xml": "arxiv",
    "arxiv-api-legacy.atom": "arxiv-query",
    "arxiv-api-legacy-doi.atom": "arxiv-query",
    "arxiv-api-2026.atom": "arxiv-query",
    "biorxiv-rss-2019.rdf": "biorxiv",
    "nature-rss.rdf": "feed",
    "tandf-tzme20.rdf": "feed",
    "ojs-zootaxa.rdf": "feed",
    "pensoft-mycokeys.xml": "feed",
    "hf-daily-papers.json": "huggingface",
}


@pytest.mark.parametrize("folder", [SHAPES, SAMPLES], ids=["own-shapes", "captured-samples"])
def test_conformance_with_captured_shapes(folder: Path) -> None:
    """Every captured real-world shape parses into papers with titles and keys: our own
    copies of the shapes always, the captured samples themselves when present."""
    if not folder.is_dir():
        pytest.skip(f"{folder} is not present")
    for filename, kind in SHAPE_KINDS.items():
        papers = parse_feed(kind, (folder / filename).read_bytes(), "s")
        assert papers, filename
        assert all(p.title and p.key for p in papers), filename


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")
def test_captured_cross_list_keeps_its_doi() -> None:
    multi = {
        p.key: p for p in parse_feed("arxiv", (SAMPLES / "arxiv-rss-multi.xml").read_bytes(), "s")
    }
    assert multi["arxiv:2205.06398"].doi == "10.1093/bioinformatics/btac431"
    assert multi["arxiv:2205.06398"].announce_type == "cross"


def _shape(filename: str) -> dict[str, Paper]:
    body = (SHAPES / filename).read_bytes()
    return {p.key: p for p in parse_feed(SHAPE_KINDS[filename], body, "s")}


def test_arxiv_rss_multi_category_listing_shape() -> None:
    papers = _shape("arxiv-rss-multi.xml")
    assert len(papers) == 4
    cross = papers["arxiv:2304.05512"]
    assert cross.announce_type == "cross" and cross.version == 2
    assert cross.doi == "10.5555/hubread.fixture.2026.77"
    assert cross.categories == ("stat.ME", "stat.AP", "stat.ML")
    replaced = papers["arxiv:2102.01234"]
    assert replaced.announce_type == "replace" and replaced.version == 3
    assert papers["arxiv:2611.30117"].authors == ("Leila Haddad", "Bruno Carvalho", "Wen Zhou")
    assert all("Announce Type" not in p.abstract for p in papers.values())


def test_arxiv_rss_without_declaration_or_content_namespace() -> None:
    papers = _shape("arxiv-rss-cs.AI.xml")
    assert list(papers) == ["arxiv:2611.20011", "arxiv:2611.20042"]
    assert papers["arxiv:2611.20042"].authors == ("Tomasz Wrona",)
    assert papers["arxiv:2611.20011"].abstract.startswith("Two agents")


def test_arxiv_atom_listing_shape() -> None:
    papers = _shape("arxiv-atom-cs.AI.xml")
    ledger = papers["arxiv:2611.25001"]
    assert ledger.authors == ("Nikola Pešić", "Zoë Marchand", "Ravi Shankar")  # LaTeX decoded
    assert "< the context limit" in ledger.abstract  # &lt; read as text
    assert papers["arxiv:2611.25017"].doi == "10.5555/hubread.fixture.2026.12"
    tendons = papers["arxiv:2611.25033"]
    assert tendons.journal_ref == "2026 Invented Conference on Robots and Systems (ICRS)"
    assert tendons.announce_type == "cross" and tendons.categories[0] == "cs.RO"


def test_arxiv_api_legacy_shape() -> None:
    papers = _shape("arxiv-api-legacy.atom")
    first = papers["arxiv:2611.18811"]
    # The hard-wrapped title and summary come out on one line each.
    assert first.title == (
        "Retrieval of Demonstrations for Aligning Planners in Long-Horizon Household Tasks"
    )
    assert "\n" not in first.abstract and first.abstract.startswith("Hierarchical robot")
    assert first.categories == ("cs.RO", "cs.AI", "eess.SY")
    assert papers["arxiv:2611.18790"].authors == ("Freya Nilsen", "Omar Haddad", "Jana K. Dvorak")


def test_arxiv_api_legacy_doi_and_journal_ref() -> None:
    (paper,) = _shape("arxiv-api-legacy-doi.atom").values()
    assert paper.key == "arxiv:1702.00042"
    assert paper.doi == "10.5555/hubread.fixture.2017.3"
    assert paper.journal_ref == "J. Invented Phys. 146, 104107 (2017)"
    assert paper.title == "Heating in invented molecular wires: The probe picture at high bias"
    assert paper.categories == ("cond-mat.mes-hall",)


def test_arxiv_api_2026_shape() -> None:
    papers = _shape("arxiv-api-2026.atom")
    assert list(papers) == ["arxiv:2611.16677", "arxiv:2611.16591"]
    assert papers["arxiv:2611.16591"].version == 2
    assert papers["arxiv:2611.16677"].authors == ("Hye-jin Park", "Tariq Rahman")
    assert papers["arxiv:2611.16677"].categories == ("cs.RO", "cs.LG")


def test_biorxiv_2019_rdf_shape() -> None:
    (paper,) = _shape("biorxiv-rss-2019.rdf").values()
    assert paper.key == "doi:10.1101/861234"
    assert paper.title == (
        "Printed Hydrogel Lattices Keep Invented Kidney Organoids Alive for Eight Weeks"
    )  # the CDATA's tabs and newlines are gone
    assert paper.authors == ("A. Okonkwo", "L. Berg", "K. Sato", "P. Moreau")
    assert paper.published is not None and paper.published.date() == date(2019, 12, 4)
    assert paper.journal == "bioRxiv"


def test_nature_rss_shape() -> None:
    papers = _shape("nature-rss.rdf")
    assert len(papers) == 6
    salt = papers["doi:10.5555/s41586-026-06885-w"]
    assert salt.title == "Giant magnetocaloric effect in invented compound Na2BaFe(PO4)2"
    assert papers["doi:10.5555/s41586-026-06900-0"].title.endswith("Gigantopithecus fictus")
    assert papers["doi:10.5555/d41586-026-00006-x"].authors == ()  # a news item, no creator
    assert papers["doi:10.5555/s41586-026-06826-7"].authors == (
        "Anil K. Deshpande",
        "Wilhelmina Dekker",
        "Cora J. Lambert",
    )
    assert all(not p.abstract.startswith("Nature, Published") for p in papers.values())
    assert all(p.journal == "Nature" for p in papers.values())


def test_huggingface_daily_papers_shape() -> None:
    papers = _shape("hf-daily-papers.json")
    assert list(papers) == ["arxiv:2611.19409", "arxiv:2611.19377"]
    assert papers["arxiv:2611.19409"].authors == ("Malin Ekberg", "Boglárka Erdős")
    assert papers["arxiv:2611.19377"].title == "Tiny Planners Think in Sketches"
