"""The generic `feed` kind: RSS 2.0, Atom and JSON Feed journals, DOIs wherever they are."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from tuireader.kinds import parse_feed
from tuireader.kinds.arxiv_query import arxiv_api_page_url
from tuireader.kinds.registry import source_url
from tuireader.kinds.source import SourceConfig

SCIENCE_LIKE_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Invented Science: First Release</title>
<item>
  <title>Gut microbes tune the &lt;i&gt;circadian&lt;/i&gt; clock of the host</title>
  <link>https://www.example.org/doi/10.5555/inv.adq1234?af=R</link>
  <description>&lt;p&gt;Mice without gut microbes keep time poorly.&lt;/p&gt;</description>
  <dc:creator>Ana Lima, Bo Chen, Carla Ruiz</dc:creator>
  <dc:identifier>doi:10.5555/inv.adq1234</dc:identifier>
  <pubDate>Thu, 19 Nov 2026 14:00:00 GMT</pubDate>
</item>
<item>
  <title>An item with a DOI only in its text</title>
  <link>https://www.example.org/news/42</link>
  <description>See https://doi.org/10.5555/News.42 for details.</description>
  <author>editor@example.org (The Editors)</author>
</item>
</channel></rss>"""

PLOS_LIKE_ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Invented PLOS Journal: New Articles</title>
  <entry>
    <id>info:doi/10.5555/journal.pinv.0001234</id>
    <title type="html">Soil fungi &amp;amp; drought resistance in maize</title>
    <link rel="alternate" href="https://journals.example.org/article?id=10.5555/journal.pinv.0001234"/>
    <author><name>Dana Okafor</name></author>
    <author><name>Eli Sørensen</name></author>
    <published>2026-11-18T00:00:00Z</published>
    <updated>2026-11-19T00:00:00Z</updated>
    <summary type="html">&lt;p&gt;Fungal partners help maize survive drought.&lt;/p&gt;</summary>
  </entry>
</feed>""".encode()

JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Invented Cell Press Feed",
        "items": [
            {
                "id": "https://cell.example.org/article/S0092-8674(26)00001-1",
                "url": "https://doi.org/10.5555/j.cell.2026.11.001",
                "title": "Mitochondria share cristae across cells",
                "content_html": "<p>Cells pass <b>mitochondrial</b> fragments to neighbours.</p>",
                "date_published": "2026-11-17T09:00:00+00:00",
                "authors": [{"name": "Farah Haddad"}, {"name": "Gustav Larsen"}],
                "tags": ["Cell biology"],
            }
        ],
    }
).encode()


def test_rss2_journal_with_html_and_doi_fields() -> None:
    first, second = parse_feed("feed", SCIENCE_LIKE_RSS, "sci")
    assert first.key == "doi:10.5555/inv.adq1234"
    assert first.title == "Gut microbes tune the circadian clock of the host"
    assert first.abstract == "Mice without gut microbes keep time poorly."
    assert first.authors == ("Ana Lima", "Bo Chen", "Carla Ruiz")
    assert first.published == datetime(2026, 11, 19, 14, tzinfo=UTC)
    assert first.journal == "Invented Science"  # the feed's title without ": First Release"
    assert second.doi is None  # a DOI in the prose cites some other work
    assert second.published is None  # missing dates stay missing, not "now"


def test_atom_journal() -> None:
    (paper,) = parse_feed("feed", PLOS_LIKE_ATOM, "plos")
    assert paper.key == "doi:10.5555/journal.pinv.0001234"
    assert paper.title == "Soil fungi & drought resistance in maize"
    assert paper.authors == ("Dana Okafor", "Eli Sørensen")
    assert paper.abstract == "Fungal partners help maize survive drought."
    assert paper.updated == datetime(2026, 11, 19, tzinfo=UTC)


def test_json_feed() -> None:
    (paper,) = parse_feed("feed", JSON_FEED, "cell")
    assert paper.doi == "10.5555/j.cell.2026.11.001"
    assert paper.abstract == "Cells pass mitochondrial fragments to neighbours."
    assert paper.authors == ("Farah Haddad", "Gustav Larsen")
    assert paper.categories == ("Cell biology",)
    assert paper.journal == "Invented Cell Press Feed"


def test_source_urls_for_every_kind() -> None:
    day = datetime(2026, 11, 20, tzinfo=UTC)
    assert source_url(SourceConfig("a", "arxiv", categories=("cs.AI", "stat.ML"))) == (
        "https://rss.arxiv.org/rss/cs.AI+stat.ML"
    )
    assert source_url(SourceConfig("b", "biorxiv", subject="Cell Biology")) == (
        "https://connect.biorxiv.org/biorxiv_xml/cell_biology"
    )
    assert source_url(SourceConfig("m", "medrxiv", subject="epidemiology")) == (
        "https://connect.medrxiv.org/medrxiv_xml/epidemiology"
    )
    assert source_url(SourceConfig("h", "huggingface"), today=day) == (
        "https://huggingface.co/api/daily_papers?date=2026-11-20"
    )
    assert source_url(SourceConfig("h", "huggingface", date="2026-01-02")).endswith(
        "date=2026-01-02"
    )
    query = SourceConfig("q", "arxiv-query", query="all:transformer AND cat:cs.LG", max_results=450)
    assert source_url(query).startswith("https://export.arxiv.org/api/query?search_query=")
    assert "max_results=200" in arxiv_api_page_url(query, 0)
    assert "start=400" in arxiv_api_page_url(query, 400)
    assert "max_results=50" in arxiv_api_page_url(query, 400)
    mirror = SourceConfig("a", "arxiv", categories=("cs.AI",), url="http://127.0.0.1:9/x")
    assert source_url(mirror) == "http://127.0.0.1:9/x"
