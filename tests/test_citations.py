"""Structured names and citation exports, read back by the real consumers.

A table of hard names goes parse -> export -> parse through pybtex (BibTeX), rispy (RIS)
and the CSL-JSON name fields, and must give the same parts; pandoc's citeproc renders the
.bib and the CSL-JSON, biber validates the biblatex flavour (both skip, saying why, on a
machine without them: apt packages ``pandoc`` and ``biber``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rispy
from pybtex.database import parse_string

from tuireader.export import render
from tuireader.export.bibtex import check_key_style, to_bibtex, unique_keys
from tuireader.export.csljson import to_csljson
from tuireader.export.marks import ExportMarks
from tuireader.export.publication import Publication, parse_journal_ref
from tuireader.export.ris import to_ris
from tuireader.feeds.authors import decode_latex_accents
from tuireader.model import Paper, PaperDataError
from tuireader.names import PersonName, parse_person

NOW = datetime(2026, 11, 20, tzinfo=UTC)
P = PersonName
HARD_NAMES: list[tuple[str, PersonName]] = [
    ("Anna van der Berg", P("Anna", "Berg", particle="van der")),
    ("María de la Cruz", P("María", "Cruz", particle="de la")),
    ("Juan de los Santos", P("Juan", "Santos", particle="de los")),
    ("Ludwig von Mises", P("Ludwig", "Mises", particle="von")),
    ("Gerard 't Hooft", P("Gerard", "Hooft", particle="'t")),
    ("Ahmed ben Ali", P("Ahmed", "Ali", particle="ben")),
    ("Yann Le Cun", P("Yann", "Le Cun")),
    ("Le Cun, Yann", P("Yann", "Le Cun")),
    ("Martin Luther King Jr.", P("Martin Luther", "King", suffix="Jr.")),
    ("King, Jr., Martin Luther", P("Martin Luther", "King", suffix="Jr.")),
    ("King, Martin Luther, Jr.", P("Martin Luther", "King", suffix="Jr.")),
    ("John Smith III", P("John", "Smith", suffix="III")),
    ("ATLAS Collaboration", P(literal="ATLAS Collaboration")),
    ("The CMS Collaboration", P(literal="The CMS Collaboration")),
    ("Human Cell Atlas Consortium", P(literal="Human Cell Atlas Consortium")),
    ("Zoë Ångström", P("Zoë", "Ångström")),
    ("Dragan Pižurica", P("Dragan", "Pižurica")),
    ("Anders Søgaard", P("Anders", "Søgaard")),
    ("N. Hou", P("N.", "Hou")),
    ("Plato", P(family="Plato")),
    ("王小明", P(family="王小明")),
    ("김민수", P(family="김민수")),
    ("ann@example.org (Ann Lee)", P("Ann", "Lee")),
    ("Ann Lee (ann@example.org)", P("Ann", "Lee")),
]


def _paper(*authors: str, **fields: object) -> Paper:
    values: dict[str, object] = {
        "key": "arxiv:2611.00001",
        "title": "A title",
        "authors": authors,
        "published": NOW,
        "arxiv_id": "2611.00001",
        "categories": ("hep-ex",),
    }
    values.update(fields)
    return Paper(**values)  # type: ignore[arg-type]


def _same_parts(name: PersonName) -> tuple[str, str, str, str]:
    """What every consumer must keep: given, the family with its particle, suffix, literal
    (BibTeX and RIS have no dropping/non-dropping distinction)."""
    return name.given, name.full_family, name.suffix, name.literal


@pytest.mark.parametrize(("text", "expected"), HARD_NAMES)
def test_hard_names_parse_into_their_parts(text: str, expected: PersonName) -> None:
    assert parse_person(text) == expected


def test_display_stays_given_family_suffix() -> None:
    assert parse_person("King, Jr., Martin Luther").display == "Martin Luther King Jr."
    assert parse_person("van der Berg, Anna").display == "Anna van der Berg"
    assert parse_person("Humboldt, Alexander von") == P(
        "Alexander", "Humboldt", dropping_particle="von"
    )


@pytest.mark.parametrize(("text", "expected"), HARD_NAMES)
def test_names_round_trip_through_every_consumer(text: str, expected: PersonName) -> None:
    paper = _paper(text)
    # BibTeX, read by pybtex: "von Last, Jr, First" back into parts.
    person = next(iter(parse_string(to_bibtex([paper]), "bibtex").entries.values())).persons[
        "author"
    ][0]

    def joined(parts: list[str]) -> str:
        return decode_latex_accents(" ".join(parts))

    family = joined(person.prelast_names + person.last_names)
    bib = parse_person(
        ", ".join(
            p
            for p in (
                family,
                joined(person.lineage_names),
                joined(person.first_names + person.middle_names),
            )
            if p
        )
    )
    if expected.literal:
        assert person.last_names == ["{" + expected.literal + "}"] and not person.first_names
    else:
        assert _same_parts(bib) == _same_parts(expected)
    # RIS, read by rispy.
    (ris_author,) = rispy.loads(to_ris([paper]))[0]["authors"]
    assert _same_parts(parse_person(ris_author)) == _same_parts(expected)
    # CSL-JSON: the name object's fields are the parts.
    (csl,) = json.loads(to_csljson([paper]))[0]["author"]
    back = P(
        csl.get("given", ""),
        csl.get("family", ""),
        csl.get("non-dropping-particle", ""),
        csl.get("dropping-particle", ""),
        csl.get("suffix", ""),
        csl.get("literal", ""),
    )
    assert back == expected


def test_bibtex_spells_names_titles_and_eprints_for_bibtex_and_biblatex() -> None:
    paper = _paper(
        "Yann Le Cun",
        "Martin Luther King Jr.",
        "ATLAS Collaboration",
        "Zoë Ångström",
        title=r"Sorting in $\mathcal{O}(n\log n)$ with {sets}",
    )
    bib = to_bibtex([paper])
    assert (
        "author = {{Le Cun}, Yann and King, Jr., Martin Luther and {ATLAS Collaboration}"
        ' and {\\AA}ngstr{\\"o}m, Zo{\\"e}}'
    ) in bib
    assert r"{$\mathcal{O}(n\log n)$}" in bib and r"\{sets\}" in bib
    assert "textbrace" not in bib
    entry = next(iter(parse_string(bib, "bibtex").entries.values()))
    assert entry.type == "misc"
    assert (
        entry.fields["eprint"],
        entry.fields["archivePrefix"],
        entry.fields["eprinttype"],
        entry.fields["primaryClass"],
    ) == ("2611.00001", "arXiv", "arXiv", "hep-ex")
    assert entry.fields["month"] == "November" and entry.fields["year"] == "2026"
    utf8 = to_bibtex([paper], unicode=True)
    assert "Ångström, Zoë" in utf8 and "eprintclass = {hep-ex}" in utf8
    assert "archivePrefix" not in utf8


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (
            "Phys. Rev. Lett. 125, 123456 (2020)",
            Publication("Phys. Rev. Lett.", "125", "", "123456", 2020),
        ),
        ("Nature 596, 583-589 (2021)", Publication("Nature", "596", "", "583-589", 2021)),
        ("JHEP 05 (2021) 123", Publication("JHEP", "05", "", "123", 2021)),
        (
            "J. Mach. Learn. Res. 21(140):1-67, 2020",
            Publication("J. Mach. Learn. Res.", "21", "140", "1-67", 2020),
        ),
        ("Proceedings of the 40th ICML", None),
        ("accepted at NeurIPS 2025", None),
    ],
)
def test_journal_references_parse_or_are_left_alone(ref: str, expected: Publication | None) -> None:
    assert parse_journal_ref(ref) == expected


PUBLISHED = _paper(
    "Ann Lee",
    title="Dark matter",
    journal_ref="Nature 596, 583-589 (2021)",
    doi="10.1038/s41586-021-0",
)
JOURNAL = Paper(
    key="doi:10.1/j",
    title="Cells",
    authors=("Bo Chen",),
    journal="Cell",
    volume="184",
    issue="7",
    pages="1-20",
    doi="10.1/j",
    published=NOW,
)
BIORXIV = Paper(
    key="doi:10.1101/b",
    title="Genes",
    authors=("Hou, N.",),
    journal="bioRxiv",
    doi="10.1101/b",
    published=NOW,
)
UNPUBLISHED = _paper("Ann Lee", title="Workshop paper", journal_ref="Proceedings of X")


def test_published_versions_and_journals_in_every_format() -> None:
    papers = [PUBLISHED, JOURNAL, BIORXIV, UNPUBLISHED]
    entries = list(parse_string(to_bibtex(papers), "bibtex").entries.values())
    assert [e.type for e in entries] == ["article", "article", "misc", "misc"]
    assert (
        entries[0].fields["journal"],
        entries[0].fields["volume"],
        entries[0].fields["pages"],
        entries[0].fields["year"],
    ) == ("Nature", "596", "583--589", "2021")
    assert (entries[1].fields["number"], entries[1].fields["pages"]) == ("7", "1--20")
    assert entries[2].fields["howpublished"] == "bioRxiv" and "journal" not in entries[2].fields
    assert entries[3].fields["note"] == "Proceedings of X"
    ris = rispy.loads(to_ris(papers))
    assert [r["type_of_reference"] for r in ris] == ["JOUR", "JOUR", "MANSCPT", "MANSCPT"]
    assert (
        ris[1]["journal_name"],
        ris[1]["volume"],
        ris[1]["number"],
        ris[1]["start_page"],
        ris[1]["end_page"],
    ) == ("Cell", "184", "7", "1", "20")
    assert ris[0]["year"] == "2021" and ris[0]["accession_number"] == "arXiv:2611.00001"
    csl = json.loads(to_csljson(papers))
    assert (csl[0]["container-title"], csl[0]["page"], csl[0]["issued"]) == (
        "Nature",
        "583-589",
        {"date-parts": [[2021]]},
    )
    assert (csl[1]["volume"], csl[1]["issue"]) == ("184", "7")
    assert "container-title" not in csl[2] and csl[2]["publisher"] == "bioRxiv"
    assert "container-title" not in csl[3] and csl[3]["note"] == "Proceedings of X"


def test_keys_follow_a_style_and_do_not_depend_on_order() -> None:
    a = _paper("Ann Lee", key="arxiv:1", title="Graphs")
    b = _paper("Ann Lee", key="arxiv:2", title="Graphs")
    assert unique_keys([a, b]) == ["lee2026graphsa", "lee2026graphsb"]
    assert unique_keys([b, a]) == ["lee2026graphsb", "lee2026graphsa"]
    assert unique_keys([a], "[Surname][shortyear]-[arxiv]") == ["Lee26-261100001"]
    assert unique_keys([_paper("Anna van der Berg")]) == ["berg2026title"]
    with pytest.raises(ValueError, match=r"unknown key part \[auth\]"):
        check_key_style("[auth][year]")
    with pytest.raises(ValueError, match="a key style is"):
        check_key_style("{x}")


def test_a_key_carries_the_year_its_entry_carries_in_every_format() -> None:
    # PUBLISHED is a 2026 e-print of a 2021 Nature paper: its key says 2021, as its year.
    bib = parse_string(to_bibtex(TABLE), "bibtex").entries
    for key, entry in bib.items():
        assert entry.fields["year"] in key, (key, entry.fields["year"])
    assert "lee2021dark" in bib
    biblatex = parse_string(render("biblatex", TABLE), "bibtex").entries
    assert list(biblatex) == list(bib)
    csl = json.loads(to_csljson(TABLE))
    assert [c["id"] for c in csl] == list(bib)
    assert all(str(c["issued"]["date-parts"][0][0]) in c["id"] for c in csl)
    ris = rispy.loads(to_ris(TABLE))
    assert [r["year"] for r in ris] == [e.fields["year"] for e in bib.values()]
    # The same paper not yet published keeps its own year; one that shares the new key
    # gets a suffix, in the order of the record keys whatever order the list has.
    preprint = _paper("Ann Lee", key="arxiv:9", title="Dark matter")
    other = _paper("Ann Lee", key="arxiv:0", title="Dark matter", journal_ref="Nature 1, 2 (2021)")
    assert unique_keys([PUBLISHED, preprint]) == ["lee2021dark", "lee2026dark"]
    assert unique_keys([PUBLISHED, preprint, other]) == [
        "lee2021darkb",
        "lee2026dark",
        "lee2021darka",
    ]
    assert unique_keys([other, PUBLISHED]) == ["lee2021darka", "lee2021darkb"]
    # A reference without a year: the e-print's, with its month, in the key and the entry.
    no_year = _paper("Ann Lee", title="Dark matter", journal_ref="Nature 596, 583-589")
    assert unique_keys([no_year], "[surname][shortyear]") == ["lee26"]


def test_markdown_export_has_tags_and_notes_and_no_digest_date() -> None:
    paper = _paper("Ann Lee")
    marks = ExportMarks(
        tags={paper.key: ("to-read", "llm")}, notes={paper.key: "Check *this*\nand the appendix"}
    )
    text = render("markdown", [paper], marks)
    assert text.startswith("# Papers\n") and "2026" not in text.splitlines()[0]
    assert ">Tags: to-read, llm" in text
    assert "> **Note:** Check \\*this\\*\n> and the appendix" in text


def test_structured_names_are_kept_in_records_and_parsed_for_old_ones() -> None:
    structured = _paper("Yann LeCun", names=(P("Yann", "LeCun"),))
    assert Paper.from_dict(structured.to_dict()).people == (P("Yann", "LeCun"),)
    old = {"key": "k", "title": "T", "authors": ["Anna van der Berg"]}  # no "names"
    assert Paper.from_dict(old).people == (P("Anna", "Berg", particle="van der"),)
    assert Paper.from_dict(old).to_dict()["names"] == [
        {"given": "Anna", "family": "Berg", "particle": "van der"}
    ]
    with pytest.raises(PaperDataError, match='"names"'):
        Paper.from_dict({**old, "names": [{"given": 3}]})


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


TABLE = [
    _paper(
        "Yann Le Cun",
        "Martin Luther King Jr.",
        "ATLAS Collaboration",
        "Zoë Ångström",
        "王小明",
        "김민수",
        title=r"Sorting in $\mathcal{O}(n\log n)$ time",
    ),
    PUBLISHED,
    JOURNAL,
    BIORXIV,
    _paper(*(f"Author{n} Person{n}" for n in range(55)), key="arxiv:3", title="Many hands"),
]


@pytest.mark.skipif(
    shutil.which("pandoc") is None, reason="pandoc is not installed (apt-get install pandoc)"
)
@pytest.mark.parametrize(("name", "option"), [("bibtex", "refs.bib"), ("csljson", "refs.json")])
def test_pandoc_citeproc_renders_names_titles_and_containers(
    tmp_path: Path, name: str, option: str
) -> None:
    (tmp_path / option).write_text(render(name, TABLE), "utf-8")
    (tmp_path / "doc.md").write_text('---\nnocite: "@*"\n---\n', "utf-8")
    done = _run(
        ["pandoc", "doc.md", "--citeproc", "--bibliography", option, "-t", "plain", "--wrap=none"],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for expected in (
        "Le Cun, Yann",
        "Martin Luther King Jr.",
        "ATLAS Collaboration",
        "Zoë Ångström",
        "王小明",
        "김민수",
        "“Dark Matter.” Nature 596: 583–89",
        "Cell 184 (7): 1–20",
        "Genes",
        "Many Hands",
        "Person0, Author0",
        "Author6 Person6, et al.",
    ):
        assert expected in text, (expected, text)
    # The title's math came through as math (BibTeX: pandoc's own spacing), or rendered,
    # as CSL-JSON has none (kept out of the style's title case, which capitalises "Time").
    shown = "Sorting in 𝒪(nlogn) Time" if name == "bibtex" else "Sorting in 𝒪(n log n) Time"
    assert shown in text and "$" not in text, text
    assert "bioRxiv. bioRxiv" not in text


@pytest.mark.skipif(
    shutil.which("biber") is None, reason="biber is not installed (apt-get install biber)"
)
def test_biber_validates_the_biblatex_flavour(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(render("biblatex", TABLE), "utf-8")
    done = _run(
        ["biber", "--tool", "--validate-datamodel", "--output-file=out.bib", "refs.bib"], tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARN" not in done.stdout and "ERROR" not in done.stdout, done.stdout
