"""Every export format goes back through a real parser."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from tests.conftest import DEMO_FEEDS
from tuireader.export.bibtex import to_bibtex
from tuireader.export.csljson import to_csljson
from tuireader.export.csv_table import to_csv
from tuireader.export.json_records import to_json
from tuireader.export.markdown import to_markdown
from tuireader.export.marks import ExportMarks
from tuireader.export.ris import ris_name, to_ris
from tuireader.feeds.authors import decode_latex_accents
from tuireader.kinds import parse_feed
from tuireader.model import Paper
from tuireader.names import PersonName, parse_person

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def demo_papers() -> list[Paper]:
    papers = []
    for kind, name in [
        ("arxiv", "arxiv-cs.LG.xml"),
        ("biorxiv", "biorxiv-bioinformatics.rdf"),
        ("feed", "nature.rdf"),
    ]:
        papers += parse_feed(kind, (DEMO_FEEDS / name).read_bytes(), name)
    return papers


TRICKY = Paper(
    key="doi:10.5555/x",
    title="Cost & benefit: 100% of C_n {sets} cost $5 #1 ~ ^x \\ y",
    authors=("Zoë Ångström", "Jean-Luc Picard", "Anna van der Berg", "Bob and Co"),
    doi="10.5555/x",
    journal="Journal of Things & Stuff",
    published=NOW,
    abs_url="https://example.org/x?a=1&b=2",
)


def _unlatex(text: str) -> str:
    """Undo our BibTeX escaping and capital protection, to compare with the source text."""
    swaps = {
        r"\textbackslash{}": "\x00",
        r"\textasciitilde{}": "~",
        r"\textasciicircum{}": "^",
        r"\&": "&",
        r"\%": "%",
        r"\$": "$",
        r"\#": "#",
        r"\_": "_",
        r"\textbraceleft{}": "\x01",
        r"\textbraceright{}": "\x02",
        r"\{": "\x01",
        r"\}": "\x02",
        r"\textendash{}": "\u2013",
        r"\textemdash{}": "\u2014",
        r"\textquoteleft{}": "\u2018",
        r"\textquoteright{}": "\u2019",
        r"\textquotedblleft{}": "\u201c",
        r"\textquotedblright{}": "\u201d",
    }
    for latex, plain in swaps.items():
        text = text.replace(latex, plain)
    text = decode_latex_accents(text)  # also drops the grouping braces
    return text.replace("\x00", "\\").replace("\x01", "{").replace("\x02", "}")


def _person_text(person) -> str:
    return _unlatex(
        " ".join(
            person.first_names + person.middle_names + person.prelast_names + person.last_names
        )
    )


def test_bibtex_parses_back_with_pybtex() -> None:
    papers = [*demo_papers(), TRICKY, TRICKY]
    bib = parse_string(to_bibtex(papers), "bibtex")
    keys = list(bib.entries.keys())
    assert len(keys) == len(set(keys)) == len(papers)  # unique within one export
    assert "demir2026conformal" in keys
    dup = [k for k in keys if k.startswith("angstrom2026cost")]
    assert dup == ["angstrom2026costa", "angstrom2026costb"]
    entry = bib.entries["demir2026conformal"]
    # Its journal reference "Journal of Invented Results 12, 118 (2026)" is its published
    # version: an article in that journal, still with its e-print fields.
    assert entry.type == "article"
    assert (
        entry.fields["journal"],
        entry.fields["volume"],
        entry.fields["pages"],
        entry.fields["year"],
    ) == ("Journal of Invented Results", "12", "118", "2026")
    assert entry.fields["eprinttype"] == "arXiv"
    assert "note" not in entry.fields
    assert {
        e.type for e in bib.entries.values() if "eprint" in e.fields and "journal" not in e.fields
    } == {"misc"}
    assert entry.fields["eprint"] == "2611.14301"
    assert entry.fields["archivePrefix"] == "arXiv"
    assert entry.fields["primaryClass"] == "stat.ML"
    assert entry.fields["doi"] == "10.5555/hubread.demo.2026.118"
    assert [_person_text(p) for p in entry.persons["author"]] == [
        "Yusuf Demir",
        "Hannah Kowalski",
        "Rafael Ibáñez",
    ]
    tricky = bib.entries["angstrom2026costa"]
    assert tricky.type == "article"
    assert _unlatex(tricky.fields["title"]) == TRICKY.title
    assert [_person_text(p) for p in tricky.persons["author"]] == list(TRICKY.authors)
    assert _unlatex(tricky.fields["journal"]) == "Journal of Things & Stuff"
    nature = next(e for e in bib.entries.values() if e.fields.get("journal") == "Nature")
    assert nature.type == "article" and nature.fields["doi"].startswith("10.1038/")
    assert "{Benchmark}" in bib.entries["okonkwo2026benchmark"].fields["title"]


names = st.lists(
    st.from_regex(
        r"[A-Za-zÀ-ÿ][a-zà-ÿ'-]{0,10}( [A-Za-zÀ-ÿ][a-zà-ÿ'-]{0,10}){1,2}", fullmatch=True
    ),
    min_size=1,
    max_size=4,
)
titles = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co")), min_size=1, max_size=80
    )
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
    # A backslash that may start LaTeX (``\&``, ``\emph``) is kept as the author's LaTeX:
    # tests/test_bibtex_title_latex.py checks those; here every character is one.
    .filter(lambda t: not re.search(r"\\[A-Za-z&%$#_{}\"'`^~=.]", t))
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=titles, authors=names)
def test_any_paper_round_trips_through_bibtex(title: str, authors: list[str]) -> None:
    paper = Paper(
        key="url:x",
        title=title,
        authors=tuple(authors),
        published=NOW,
        arxiv_id="2611.00001",
        categories=("cs.AI",),
    )
    entry = next(iter(parse_string(to_bibtex([paper]), "bibtex").entries.values()))
    assert _unlatex(entry.fields["title"]) == title
    assert [_person_text(p) for p in entry.persons["author"]] == authors


def test_ris_parses_back_with_rispy() -> None:
    papers = demo_papers()
    marks = ExportMarks(
        tags={papers[0].key: ("to-read", "llm")}, notes={papers[0].key: "Check the appendix"}
    )
    records = rispy.loads(to_ris(papers, marks))
    assert len(records) == len(papers)
    first = records[0]
    assert first["type_of_reference"] == "MANSCPT"
    assert first["title"] == papers[0].title
    assert first["authors"] == [ris_name(parse_person(a)) for a in papers[0].authors]
    assert first["keywords"] == ["to-read", "llm"]
    assert first["notes"] == ["Check the appendix"]
    assert first["abstract"] == papers[0].abstract
    assert first["year"] == "2026"
    nature = next(r for r in records if r.get("journal_name") == "Nature")
    assert nature["type_of_reference"] == "JOUR" and nature["doi"].startswith("10.1038/")


def test_csl_json_renders_a_bibliography_with_citeproc() -> None:
    papers = demo_papers()
    items = json.loads(to_csljson(papers))
    assert {i["type"] for i in items} == {"article", "article-journal"}
    demir = next(i for i in items if i["id"] == "demir2026conformal")
    assert demir["number"] == "arXiv:2611.14301" and "publisher" not in demir
    assert demir["type"] == "article-journal"
    assert (demir["container-title"], demir["volume"], demir["page"]) == (
        "Journal of Invented Results",
        "12",
        "118",
    )
    assert {i["publisher"] for i in items if i["type"] == "article"} == {"arXiv", "bioRxiv"}
    assert not any("container-title" in i for i in items if i["type"] == "article")
    assert demir["author"][0] == {"family": "Demir", "given": "Yusuf"}
    assert demir["issued"] == {"date-parts": [[2026, 11, 20]]}
    bio = next(i for i in items if i.get("publisher") == "bioRxiv")
    assert bio["DOI"].startswith("10.1101/")
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    assert any(
        "Conformal prediction for graph neural networks" in r.lower().capitalize()
        or "Conformal Prediction for Graph Neural Networks" in r
        for r in rendered
    )
    assert any("Demir, Y." in r for r in rendered)


def test_csv_neutralises_formulas_and_parses_back() -> None:
    evil = Paper(
        key="url:e",
        title='=HYPERLINK("http://evil","x")',
        authors=("+cmd", "@SUM(1)"),
        abstract="-2+3",
        sources=("s",),
    )
    papers = [*demo_papers()[:2], evil]
    marks = ExportMarks(starred=frozenset({evil.key}), tags={evil.key: ("x",)})
    rows = list(csv.DictReader(io.StringIO(to_csv(papers, marks))))
    assert len(rows) == 3
    row = rows[2]
    assert row["title"] == '\'=HYPERLINK("http://evil","x")'
    assert row["authors"] == "'+cmd; @SUM(1)"
    assert row["abstract"] == "'-2+3"
    assert row["starred"] == "yes" and row["tags"] == "x"
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_json_round_trips_papers_and_marks() -> None:
    papers = demo_papers()
    marks = ExportMarks(starred=frozenset({papers[1].key}), notes={papers[1].key: "n"})
    records = json.loads(to_json(papers, marks))
    assert [
        Paper.from_dict({k: v for k, v in r.items() if k not in ("starred", "tags", "note")})
        for r in records
    ] == papers
    assert records[1]["starred"] is True and records[1]["note"] == "n"
    assert records[0]["starred"] is False and records[0]["tags"] == []


def test_citation_keys_are_ascii() -> None:
    bib = to_bibtex([TRICKY])
    key = re.match(r"@\w+\{([^,]+),", bib).group(1)
    assert key.isascii() and key == "angstrom2026cost"


def test_name_splitting() -> None:
    assert parse_person("Anna van der Berg") == PersonName("Anna", "Berg", particle="van der")
    assert parse_person("Kukla, D.") == PersonName("D.", "Kukla")
    assert parse_person("Plato") == PersonName(family="Plato")


def test_markdown_dates_are_utc_days_as_the_digest_picks_them() -> None:
    # The digest takes a paper into a day by its UTC date; the line under its title said the
    # feed's own day, so the digest of 2026-11-21 listed a paper dated 2026-11-20.
    late = datetime.fromisoformat("2026-11-20T23:30:00-05:00")
    paper = Paper(key="k", title="Late in New York", published=late)
    digest = to_markdown([paper], day=late.astimezone(UTC).date())
    assert digest.startswith("# 2026-11-21\n")
    assert ">2026-11-21\n" in digest
    assert ">2026-11-21\n" in to_markdown([paper], day=None)
