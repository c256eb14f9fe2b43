"""Citation-grade metadata from real feed shapes read through the generic ``feed`` kind.

Each fixture copies the shape of a capture in ../shared/samples/ (see its README) with
invented papers: an arXiv listing relayed by a mirror, Taylor & Francis and OJS RDF with
PRISM, and so on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.feedwriter import FakePaper, arxiv_rss
from tuireader.feeds.errors import FeedError
from tuireader.feeds.fallback import read_with_feedparser
from tuireader.kinds import parse_feed
from tuireader.kinds.parsers.arxiv import arxiv_listing_papers
from tuireader.latex_text import render_latex
from tuireader.model import Paper, merge_papers
from tuireader.ui.render import abstract_content

SHAPES = Path(__file__).parent / "fixtures" / "feeds"

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


# Taylor & Francis (tandf-tzme20.rdf): prism:publicationName repeats the article title,
# dc:source names the journal, the link carries "?af=R".
TANDF_RDF = (SHAPES / "tandf-tzme20.rdf").read_bytes()

# Open Journal Systems (ojs-zootaxa.rdf): PRISM 1.2's namespace, DOI with upper-case letters.
OJS_RDF = (SHAPES / "ojs-zootaxa.rdf").read_bytes()

# Pensoft (pensoft-mycokeys.xml): RSS 0.91, the citation on labelled lines of the description.
PENSOFT_RSS = (SHAPES / "pensoft-mycokeys.xml").read_bytes()


def test_tandf_container_volume_issue_pages() -> None:
    (paper,) = parse_feed("feed", TANDF_RDF, "tandf")
    assert paper.doi == "10.5555/0939.2026.1992835"
    assert paper.journal == "Invented Zoology Letters"  # dc:source, not the repeated title
    assert (paper.volume, paper.issue, paper.pages) == ("67", "4", "283-289")
    assert paper.authors == ("Şafak Örnek", "Gül Kaya")
    assert paper.abstract == ""  # the description is the citation, not an abstract


def test_a_citation_only_description_gives_volume_issue_pages() -> None:
    body = _rss_item(
        "<link>https://x.example/a/9</link>"
        "<description>Volume 12, Issue 3, March 2026, Page 45-67&lt;br/&gt;. &lt;br/&gt;"
        "</description>"
    )
    (paper,) = parse_feed("feed", body, "j")
    assert (paper.volume, paper.issue, paper.pages, paper.abstract) == ("12", "3", "45-67", "")


def test_prism_1_2_doi_keeps_its_case_and_dedups_without_it() -> None:
    (paper,) = parse_feed("feed", OJS_RDF, "ojs")
    assert paper.doi == "10.5555/Zootaxa.5082.5.1"
    assert paper.key == "doi:10.5555/zootaxa.5082.5.1"
    assert (paper.journal, paper.volume, paper.issue) == ("Invented Zootaxa", "5082", "5")


def test_pensoft_labelled_lines() -> None:
    (paper,) = parse_feed("feed", PENSOFT_RSS, "pensoft")
    assert paper.doi == "10.5555/inventkeys.85.75309"  # the DOI line, not the one cited
    assert (paper.journal, paper.volume, paper.pages) == ("InventKeys", "85", "109-125")
    assert paper.authors == ("Ting Lo", "Wang-Qiu Den", "Bin Sun")
    assert paper.abstract == "Two invented species were found (see doi:10.5555/elsewhere.1)."
    assert paper.published is not None and paper.published.date().isoformat() == "2026-11-16"


def _rss_item(inner: str, title: str = "J: New Articles") -> bytes:
    return (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{title}</title><item><title>T</title>{inner}</item></channel></rss>"
    ).encode()


def test_doi_forms_and_addresses() -> None:
    cases = {
        "<dc:identifier>info:doi/10.5555/Ab.1</dc:identifier>": "10.5555/Ab.1",
        "<dc:identifier>doi:10.5555/Ab.2</dc:identifier>": "10.5555/Ab.2",
        "<dc:identifier>https://doi.org/10.5555/Ab.3?TRACK=RSS</dc:identifier>": "10.5555/Ab.3",
        "<link>https://www.example.org/doi/abs/10.5555/Ab.4?TRACK=RSS#x</link>": "10.5555/Ab.4",
        "<link>https://www.nature.com/articles/s41586-026-0001-x</link>": (
            "10.1038/s41586-026-0001-x"
        ),
        "<dc:identifier>ISSN 1234-5678</dc:identifier><link>https://x.example/a/1</link>": None,
        "<link>https://x.example/a/2</link><description>As 10.5555/cited.7 showed.</description>": (
            None
        ),
    }
    for inner, doi in cases.items():
        (paper,) = parse_feed("feed", _rss_item(inner), "j")
        assert paper.doi == doi, inner


def test_feed_title_is_trimmed_to_the_journal() -> None:
    for title, journal in {
        "PLOS ONE: New Articles": "PLOS ONE",
        "Latest Articles from MycoKeys": "MycoKeys",
        "tandf: Zoology in the Middle East: Table of Contents": "Zoology in the Middle East",
        "Cell": "Cell",
    }.items():
        (paper,) = parse_feed("feed", _rss_item("<link>https://x.example/1</link>", title), "j")
        assert paper.journal == journal


def test_author_lists_of_generic_feeds() -> None:
    cases = {
        "<dc:creator>Ann Lee and Bo Chen</dc:creator>": ("Ann Lee", "Bo Chen"),
        "<dc:creator>Ann Lee, Bo Chen and Cy Dee</dc:creator>": ("Ann Lee", "Bo Chen", "Cy Dee"),
        "<dc:creator>Lee, Ann; Chen, Bo</dc:creator>": ("Ann Lee", "Bo Chen"),
        "<dc:creator>Hou, N., Wu, Z., Yu, Y.</dc:creator>": ("N. Hou", "Z. Wu", "Y. Yu"),
        "<dc:creator>Ann Lee, Cher, Bo Chen</dc:creator>": ("Ann Lee", "Cher", "Bo Chen"),
        "<dc:creator>Rao, Priya</dc:creator><dc:creator>Menon, Arun</dc:creator>": (
            "Priya Rao",
            "Arun Menon",
        ),
        "<author>ann@example.org (Ann Lee)</author>": ("Ann Lee",),
        "<author>Ann Lee (ann@example.org)</author>": ("Ann Lee",),
    }
    for inner, authors in cases.items():
        (paper,) = parse_feed("feed", _rss_item(f"<link>https://x.example/1</link>{inner}"), "j")
        assert paper.authors == authors, inner


def test_json_feed_items_inherit_the_feeds_authors() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "Lab notes",'
        b' "authors": [{"name": "Ann Lee"}], "items": ['
        b'{"id": "1", "url": "https://x.example/1", "title": "Mine"},'
        b'{"id": "2", "url": "https://x.example/2", "title": "Theirs",'
        b' "authors": [{"name": "Bo Chen"}]}]}'
    )
    mine, theirs = parse_feed("feed", body, "j")
    assert (mine.authors, theirs.authors) == (("Ann Lee",), ("Bo Chen",))


ATOM_03 = b"""<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Invented Letters</title>
  <entry>
    <title>Old-format entry</title>
    <link rel="alternate" type="text/html" href="https://x.example/old/1"/>
    <id>tag:x.example,2026:1</id>
    <issued>2026-11-02T10:00:00Z</issued>
    <modified>2026-11-03T10:00:00Z</modified>
    <author><name>Ann Lee</name></author>
    <content type="text/html" mode="base64">PHA+QmFzZTY0IGFic3RyYWN0LjwvcD4=</content>
  </entry>
</feed>"""

RSS_090 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://my.netscape.com/rdf/simple/0.9/">
  <channel><title>Oldest Journal</title><link>https://x.example/</link></channel>
  <item><title>An RSS 0.90 item</title><link>https://x.example/090/1</link></item>
</rdf:RDF>"""

ATOM_XHTML = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>J</title>
  <entry><id>urn:x:1</id><title>X</title><link href="https://x.example/x/1"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First part.</p><p>Second
      <!-- an editor's note --> part.</p></div></content>
  </entry>
</feed>"""


def test_atom_0_3_with_base64_content() -> None:
    (paper,) = parse_feed("feed", ATOM_03, "old")
    assert paper.title == "Old-format entry"
    assert paper.abs_url == "https://x.example/old/1"
    assert paper.abstract == "Base64 abstract."
    assert paper.published is not None and paper.published.day == 2
    assert paper.updated is not None and paper.updated.day == 3
    assert paper.authors == ("Ann Lee",)


def test_rss_0_90() -> None:
    (paper,) = parse_feed("feed", RSS_090, "oldest")
    assert (paper.title, paper.abs_url) == ("An RSS 0.90 item", "https://x.example/090/1")


def test_atom_xhtml_content_keeps_its_parts_apart() -> None:
    (paper,) = parse_feed("feed", ATOM_XHTML, "j")
    assert paper.abstract == "First part. Second part."


def test_dcterms_and_dc_description() -> None:
    body = (
        b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        b' xmlns:dcterms="http://purl.org/dc/terms/"><channel><title>J</title><item>'
        b"<title>T</title><link>https://x.example/d/1</link>"
        b"<dc:description>Told in Dublin Core.</dc:description>"
        b"<dcterms:issued>2026-10-01</dcterms:issued>"
        b"<dcterms:modified>2026-10-05</dcterms:modified></item></channel></rss>"
    )
    (paper,) = parse_feed("feed", body, "j")
    assert paper.abstract == "Told in Dublin Core."
    assert paper.published is not None and paper.published.date().isoformat() == "2026-10-01"
    assert paper.updated is not None and paper.updated.date().isoformat() == "2026-10-05"


def test_a_guid_that_is_not_a_permalink_is_never_the_link() -> None:
    body = _rss_item('<guid isPermaLink="false">https://x.example/not-a-page/7</guid>')
    (paper,) = parse_feed("feed", body, "j")
    assert paper.abs_url is None
    assert paper.key == "url:https://x.example/not-a-page/7"  # still what identifies it


def test_abstract_markup_hidden_and_scripts_kept() -> None:
    description = (
        "&lt;p&gt;At &amp;ge; 10&lt;sup&gt;5&lt;/sup&gt; cells, CO&lt;sub&gt;2&lt;/sub&gt; rose."
        "&lt;!-- tracking --&gt;&lt;iframe src='https://ads.example/'&gt;Buy!&lt;/iframe&gt;"
        "&lt;style&gt;p {color: red}&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        " x &lt; y holds.&lt;/p&gt;"
    )
    body = _rss_item(f"<link>https://x.example/s/1</link><description>{description}</description>")
    (paper,) = parse_feed("feed", body, "j")
    assert paper.abstract == "At ≥ 10$^{5}$ cells, CO$_{2}$ rose. x < y holds."


def test_the_reader_shows_scripts_as_unicode() -> None:
    paper = Paper(key="k", title="T", abstract="At ≥ 10$^{5}$ cells, CO$_{2}$ and $^{ab c}$.")
    shown = abstract_content(
        paper,
        sources={},
        starred=False,
        tags=(),
        note="",
        keywords=(),
        radar_authors=(),
        shown=render_latex,
    )
    # A script with no Unicode form for every character is bracketed, never run together.
    assert "\nAt ≥ 10⁵ cells, CO₂ and ^(ab c).\n" in shown.plain


# arxiv-rss-error-badarchive.xml: what rss.arxiv.org answers for a category that does not exist.
ARXIV_ERROR_CHANNEL = b"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" \
xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title>Feed error for query: http://rss.arxiv.org/rss/csx</title>
    <link>http://rss.arxiv.org/rss/csx</link>
    <description>Bad archive 'csx'. Valid archive names are: astro-ph, cs, math, stat.</description>
    <language>en-us</language>
    <pubDate>Thu, 19 Nov 2026 00:00:00 -0500</pubDate>
  </channel>
</rss>"""


def test_an_arxiv_error_channel_is_an_error_not_a_quiet_day() -> None:
    for kind in ("arxiv", "feed"):
        with pytest.raises(FeedError, match="Bad archive 'csx'"):
            parse_feed(kind, ARXIV_ERROR_CHANNEL, "a")
    with pytest.raises(FeedError, match="Bad archive 'csx'"):
        arxiv_listing_papers(read_with_feedparser(ARXIV_ERROR_CHANNEL), "a")
