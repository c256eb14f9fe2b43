"""The arXiv fields arXiv readers look for: comments, journal-ref, first-submitted day,
version history; parsed from the API's Atom, kept in the cache and through merges, shown in
the abstract pane."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixtures.feedwriter import FakePaper, arxiv_api_atom, arxiv_rss
from tuireader.export import render
from tuireader.kinds import parse_feed
from tuireader.latex_text import render_latex
from tuireader.model import Paper, PaperDataError, merge_papers
from tuireader.storage.cache import CacheStore
from tuireader.ui.arxiv_lines import version_line
from tuireader.ui.latex_toggle import LatexMode
from tuireader.ui.render import abstract_content

SHAPES = Path(__file__).parent / "fixtures" / "feeds"

# Invented papers, written in the API's and the listing's real shapes by feedwriter.
STABLE = FakePaper(
    "2611.20001",
    r"$\alpha$-Stable Attention in $\mathcal{O}(n\log n)$",
    ["Zsófia Erdős", "Tomáš Novák", "Lin Wei"],
    r"We study $\alpha$-stable kernels. Code: \href{https://example.org/s}{example.org/s}.",
    ["cs.LG", "stat.ML"],
    version=3,
    date="2026-11-30",
    submitted="2026-09-02",
    comment=r"12 pages, 4 figures; accepted at NeurIPS 2026 ($\epsilon$ fixed in v3)",
    journal_ref="J. Invented Learn. 7, 42 (2026)",
)


def _api(*papers: FakePaper) -> list[Paper]:
    return list(parse_feed("arxiv-query", arxiv_api_atom(list(papers), "all:x").encode(), "api"))


def _listing(*papers: FakePaper) -> list[Paper]:
    return list(
        parse_feed("arxiv", arxiv_rss(list(papers), ["cs.LG"], date="2026-11-30").encode(), "lg")
    )


def _pane(paper: Paper, shown=render_latex) -> str:
    return abstract_content(
        paper,
        sources={},
        starred=False,
        tags=(),
        note="",
        keywords=(),
        radar_authors=(),
        shown=shown,
    ).plain


def test_the_api_fixture_gives_comments_and_the_first_submission() -> None:
    papers = {
        p.key: p
        for p in parse_feed("arxiv-query", (SHAPES / "arxiv-api-2026.atom").read_bytes(), "s")
    }
    second = papers["arxiv:2611.16591"]
    assert second.comment == "12 pages, 4 figures"
    assert second.version == 2
    # <published> is the first version's submission, <updated> this version's.
    assert second.submitted == datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    assert second.updated == datetime(2026, 11, 17, 17, 12, 11, tzinfo=UTC)
    assert papers["arxiv:2611.16677"].comment == "Project page: none, this is a fixture"


def test_written_api_entry_parses_every_field() -> None:
    (paper,) = _api(STABLE)
    assert paper.comment == STABLE.comment
    assert paper.journal_ref == "J. Invented Learn. 7, 42 (2026)"
    assert paper.submitted is not None and paper.submitted.date().isoformat() == "2026-09-02"
    assert paper.updated is not None and paper.updated.date().isoformat() == "2026-11-30"
    assert paper.version == 3


def test_a_listing_knows_no_comment_or_first_submission() -> None:
    (paper,) = _listing(STABLE)
    assert paper.comment is None and paper.submitted is None


@pytest.mark.parametrize("api_first", [True, False])
def test_merges_keep_the_api_fields_whichever_source_came_first(api_first: bool) -> None:
    (api,) = _api(STABLE)
    (listed,) = _listing(STABLE)
    merged = merge_papers(api, listed) if api_first else merge_papers(listed, api)
    assert merged.comment == STABLE.comment
    assert merged.submitted == api.submitted
    assert merged.journal_ref == STABLE.journal_ref
    assert set(merged.sources) == {"api", "lg"}


def test_a_newer_version_keeps_the_first_submission_and_takes_its_own_comment() -> None:
    (old,) = _api(FakePaper("2611.20002", "T", ["A B"], "x", version=1, comment="v1 notes"))
    (new,) = _api(
        FakePaper(
            "2611.20002",
            "T",
            ["A B"],
            "x",
            version=2,
            date="2026-12-01",
            submitted="2026-11-20",
            comment="v2 notes",
        )
    )
    merged = merge_papers(old, new)
    assert merged.comment == "v2 notes" and merged.version == 2
    assert merged.submitted is not None and merged.submitted.date().isoformat() == "2026-11-20"


def test_the_cache_keeps_the_fields_through_a_later_listing(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("api", _api(STABLE))
    cache.store_papers("lg", _listing(STABLE))
    cache.close()
    paper = CacheStore(tmp_path / "cache.sqlite3").paper("arxiv:2611.20001")
    assert paper is not None
    assert paper.comment == STABLE.comment and paper.journal_ref == STABLE.journal_ref
    assert paper.submitted is not None and paper.submitted.date().isoformat() == "2026-09-02"
    assert paper.title == STABLE.title  # the cache keeps the LaTeX as the source wrote it


@pytest.mark.parametrize(
    ("record", "field"),
    [({"comment": 12}, "comment"), ({"submitted": "last week"}, "submitted")],
)
def test_a_bad_field_in_a_record_is_named(record: dict, field: str) -> None:
    with pytest.raises(PaperDataError, match=field):
        Paper.from_dict({"key": "arxiv:1", "title": "T", **record})


def test_the_abstract_pane_shows_version_comments_and_journal_ref() -> None:
    (paper,) = _api(STABLE)
    lines = _pane(paper).splitlines()
    assert (
        "v3, 2026-11-30; first submitted 2026-09-02  ·  versions: arxiv.org/abs/2611.20001" in lines
    )
    assert "comments: 12 pages, 4 figures; accepted at NeurIPS 2026 (ϵ fixed in v3)" in lines
    assert "journal-ref: J. Invented Learn. 7, 42 (2026)" in lines
    assert lines[0] == "α-Stable Attention in 𝒪(n log n)"
    assert lines[1] == "Zsófia Erdős, Tomáš Novák, Lin Wei"
    abstract = "We study α-stable kernels. Code: example.org/s <https://example.org/s>."
    # The abstract comes before the version line, the sources and the links (80x24).
    assert lines.index(abstract) < lines.index(next(x for x in lines if x.startswith("v3, ")))
    assert lines[-1].startswith("pdf: https://")
    # As written, when the reader asks for the source.
    raw = _pane(paper, shown=str)
    assert STABLE.title in raw and r"($\epsilon$ fixed in v3)" in raw


def test_version_line_only_past_the_first_version() -> None:
    (listed,) = _listing(STABLE)
    # A listing knows the version but not the first submission.
    assert version_line(listed) == "v3, 2026-11-30  ·  versions: arxiv.org/abs/2611.20001"
    (first,) = _api(FakePaper("2611.20003", "T", ["A B"], "x"))
    assert version_line(first) == ""
    assert "versions:" not in _pane(first) and "comments:" not in _pane(first)


def test_rendered_text_is_never_read_as_markup() -> None:
    paper = Paper(
        key="arxiv:2611.20009",
        title=r"$\alpha$ [b]not bold[/b] \emph{[red]x}",
        abstract=r"[link=https://evil.example]click[/link] $\beta$ \href{https://a.org}{[i]t}",
        arxiv_id="2611.20009",
        version=2,
        comment="[/] unbalanced [bold]",
    )
    text = _pane(paper)
    assert "α [b]not bold[/b] [red]x" in text
    assert "[link=https://evil.example]click[/link] β [i]t <https://a.org>" in text
    assert "comments: [/] unbalanced [bold]" in text


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "json", "csv", "markdown"])
def test_exports_keep_the_latex_as_the_source_wrote_it(fmt: str) -> None:
    (paper,) = _api(STABLE)
    text = render(fmt, [paper])
    # Escaped by each format its own way, but the LaTeX is there, not its rendering.
    assert "alpha" in text and "mathcal" in text
    assert "α-Stable" not in text and "𝒪" not in text


def test_csl_json_titles_are_rendered_for_citeproc_which_has_no_math() -> None:
    """The one exception (export/csl_text.py): CSL processors print "$" as written."""
    (paper,) = _api(STABLE)
    (record,) = json.loads(render("csljson", [paper]))
    assert "α" in record["title"] and "$" not in record["title"]


def test_the_pane_shows_emphasis_in_italic_and_bold() -> None:
    paper = Paper(
        key="arxiv:2611.20010",
        title=r"\textbf{Fast} $\alpha$-Stable Kernels",
        abstract=r"We \emph{prove} it, \textbf{twice}.",
    )
    mode = LatexMode()
    content = abstract_content(
        paper,
        sources={},
        starred=False,
        tags=(),
        note="",
        keywords=("twice",),
        radar_authors=(),
        shown=mode.shown,
        styled=mode.styled,
    )
    plain = content.plain
    styles = {(plain[s.start : s.end], str(s.style)) for s in content.spans}
    assert ("prove", "italic") in styles and ("twice", "bold") in styles
    assert ("Fast", "bold") in styles
    assert ("twice", "bold $accent") in styles  # radar keywords are still highlighted
    mode.rendered = False
    raw = abstract_content(
        paper, sources={}, starred=False, tags=(), note="", keywords=(), radar_authors=(),
        shown=mode.shown, styled=mode.styled,
    )  # fmt: skip
    assert r"We \emph{prove} it" in raw.plain
