"""Feed text and links in Markdown and BibTeX exports, read back by real parsers.

Markdown goes through markdown-it (CommonMark, raw HTML allowed, as most renderers do):
a hostile link or title must not add a heading, a list, a rule or any HTML element. BibTeX
goes through pybtex, and through biber (biblatex's own reader) when it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pybtex.database import parse_string

from tuireader.export.bibtex import to_bibtex
from tuireader.export.markdown import to_markdown
from tuireader.links import export_url
from tuireader.model import Paper

DAY = datetime(2026, 11, 20, tzinfo=UTC)
SCRIPT_LINK = 'http://x/"><script>alert(1)</script>'
HEADING_LINK = "https://x.example/a\n# injected heading"


class _Elements(HTMLParser):
    """The elements and links of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def rendered(markdown: str) -> _Elements:
    elements = _Elements()
    elements.feed(MarkdownIt("commonmark").render(markdown))
    return elements


def paper(n: int, **fields: object) -> Paper:
    base: dict[str, object] = {
        "key": f"doi:10.5555/{n}",
        "title": f"Paper {n}",
        "authors": ("Ann Lee",),
        "published": DAY,
    }
    return Paper(**{**base, **fields})  # type: ignore[arg-type]


def test_links_cannot_inject_html_or_headings() -> None:
    papers = [
        paper(1, abs_url=SCRIPT_LINK),
        paper(2, abs_url=HEADING_LINK),
        paper(3, abs_url="javascript:alert(1)"),
        paper(4, abs_url=None, doi="10.1016/s0140-6736(20)30183-5"),
    ]
    text = to_markdown(papers, day=DAY.date())
    html = rendered(text)
    assert "script" not in html.tags
    assert html.tags.count("h1") == 1 and html.tags.count("h2") == len(papers)
    assert "http://x/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E" in html.hrefs
    assert "https://x.example/a%0A#%20injected%20heading" in html.hrefs
    assert "https://doi.org/10.1016/s0140-6736%2820%2930183-5" in html.hrefs
    assert not any("javascript" in h for h in html.hrefs) and "javascript" not in text
    assert "<script>" not in text and "\n# injected" not in text


def test_feed_text_cannot_start_blocks_or_inject_html() -> None:
    hostile = paper(
        1,
        title="Title\n# injected heading\n- item",
        authors=("</li><img src=x onerror=alert(1)>", "Bo\n\n---"),
        abstract="- not a list\n1. nor this\n\n=== <b>bold</b> &lt;i&gt; `code` "
        "[link](javascript:x) ![img](x) | a | b |",
    )
    for grouped in (False, True):
        text = to_markdown(
            [hostile, paper(2, abstract="1) ordered? no")], day=DAY.date(), group_by_source=grouped
        )
        html = rendered(text)
        allowed = {"h1", "h2", "h3", "ul", "li", "a", "blockquote", "p"}
        assert set(html.tags) <= allowed, set(html.tags) - allowed
        assert html.tags.count("ul") == 1 + grouped  # the table of contents only
        assert all(h.startswith(("#", "https://")) for h in html.hrefs)
        assert not any(
            line.startswith(("- not", "1.", "1)", "===", "---")) for line in text.splitlines()
        )


def test_toc_anchors_match_the_headings_as_written() -> None:
    text = to_markdown([paper(1, title="A \x1b]0;x\x07title\u202e here")], day=DAY.date())
    assert "- [A title here](#a-title-here)" in text
    assert "## A title here" in text


def test_bibtex_urls_and_dois_are_verbatim_and_parse_back() -> None:
    url = "https://example.org/x?a=1&b=2%20c#frag_1~}{\\ y"
    papers = [
        paper(1, abs_url=url, doi="10.5555/a_b%c{d", journal="J & K"),
        paper(2, abs_url=SCRIPT_LINK),
        paper(3, abs_url="javascript:alert(1)"),
        Paper(key="arxiv:2611.00001", title="E-print", arxiv_id="2611.00001", published=DAY),
    ]
    text = to_bibtex(papers)
    assert "\\%" not in text and "\\textbrace" not in text
    entries = list(parse_string(text, "bibtex").entries.values())
    fields = [dict(e.fields) for e in entries]
    assert fields[0]["url"] == "https://example.org/x?a=1&b=2%20c#frag_1~%7D%7B%5C%20y"
    assert fields[0]["url"] == export_url(url)
    assert fields[0]["doi"] == "10.5555/a_b%c%7Bd"
    assert fields[0]["journal"] == "J \\& K"  # ordinary fields stay LaTeX-escaped
    assert fields[1]["url"] == "http://x/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E"
    assert "url" not in fields[2]
    assert fields[3]["url"] == "https://arxiv.org/abs/2611.00001"


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_reads_the_urls_as_written(tmp_path: Path) -> None:
    url = "https://example.org/x?a=1&b=2%20c#frag_1~}{\\ y"
    bib = tmp_path / "in.bib"
    bib.write_text(to_bibtex([paper(1, abs_url=url, doi="10.5555/a_b%c{d")]), "utf-8")
    out = tmp_path / "out.bib"
    result = subprocess.run(
        ["biber", "--tool", "--quiet", "--output-file", str(out), str(bib)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARN" not in result.stdout + result.stderr and "ERROR" not in result.stdout
    written = out.read_text("utf-8")
    assert "https://example.org/x?a=1&b=2%20c#frag_1~%7D%7B%5C%20y" in written
    assert "10.5555/a_b%c%7Bd" in written
