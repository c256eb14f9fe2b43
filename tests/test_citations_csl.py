r"""CSL-JSON titles as CSL rich text, read back by pandoc's citeproc and citeproc-py.

CSL has no math: a title's ``$...$`` is rendered as the reader shows it, scripts without
Unicode forms as ``<sup>``/``<sub>``, and a word with a formula kept out of the style's case
(``nocase``). pandoc renders with a small style that prints the title three ways: in
sentence case, in title case and as it is (skips, saying why, without pandoc).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from tuireader.export import render
from tuireader.export.csl_text import csl_title
from tuireader.model import Paper

NOW = datetime(2026, 11, 20, tzinfo=UTC)
NOCASE = '<span class="nocase">'


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (r"Sorting in $\mathcal{O}(n\log n)$ time", f"Sorting in {NOCASE}𝒪(n log n)</span> time"),
        (r"$\alpha$-stable laws", f"{NOCASE}α-stable</span> laws"),
        (r"On Erd{\H o}s--R\'enyi graphs", f"On {NOCASE}Erdős–Rényi</span> graphs"),
        (r"H$_2$O at $T_{eff}$", f"{NOCASE}H₂O</span> at {NOCASE}T<sub>eff</sub></span>"),
        (r"$e^{-x_i^2}$ decay", f"{NOCASE}e<sup>-xᵢ²</sup></span> decay"),
        (r"\emph{In vivo} GPU code", f"<i>In vivo</i> {NOCASE}GPU</span> code"),
        # BibTeX braces every capitalised word; here a run of them shares one span.
        ("Attention Is All You Need", f"Attention {NOCASE}Is All You Need</span>"),
        ("Costs of $5 and $10 & more", "Costs of $5 and $10 & more"),  # money, not math
        ("Plain title", "Plain title"),
        ("Marks \ue040\ue044 dropped", "Marks  dropped"),  # our private marks cannot leak
    ],
)
def test_titles_become_csl_rich_text(title: str, expected: str) -> None:
    assert csl_title(title) == expected


TITLES = [
    r"$\alpha$-stable walks on Erd{\H o}s--R\'enyi graphs",
    r"Water as H$_2$O at $T_{eff}$ in Bayesian GPU models",
]
PAPERS = [
    Paper(
        key=f"arxiv:2611.0000{n}",
        title=title,
        authors=("Ann Lee",),
        arxiv_id=f"2611.0000{n}",
        published=NOW,
    )
    for n, title in enumerate(TITLES)
]
STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Titles</title><id>titles</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <text variable="title" text-case="sentence"/>
    <text variable="title" text-case="title"/>
    <text variable="title"/>
  </group></layout></bibliography>
</style>
"""


@pytest.mark.skipif(
    shutil.which("pandoc") is None, reason="pandoc is not installed (apt-get install pandoc)"
)
def test_pandoc_renders_the_titles_and_keeps_formulas_out_of_the_case(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text(render("csljson", PAPERS), "utf-8")
    (tmp_path / "titles.csl").write_text(STYLE, "utf-8")
    (tmp_path / "doc.md").write_text('---\nnocite: "@*"\n---\n', "utf-8")
    done = subprocess.run(
        [
            "pandoc",
            "doc.md",
            "--citeproc",
            "--csl",
            "titles.csl",
            "--bibliography",
            "refs.json",
            "-t",
            "html",
            "--wrap=none",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if " | " in line]
    assert len(rows) == 2, done.stdout
    alpha, water = (row.split(" | ") for row in sorted(rows))
    # Title case capitalises "Walks" but not the formula's word; no "$" is left anywhere.
    assert f"{NOCASE}α-stable</span> Walks on {NOCASE}Erdős–Rényi</span> Graphs" == alpha[1]
    assert all("$" not in part and "\\" not in part for part in alpha + water)
    # Sentence case lowers what no capital protects, never a formula or a proper noun.
    assert alpha[0] == f"{NOCASE}α-stable</span> walks on {NOCASE}Erdős–Rényi</span> graphs"
    assert water[0] == (
        f"Water as {NOCASE}H₂O</span> at {NOCASE}T<sub>eff</sub></span> in "
        f"{NOCASE}Bayesian GPU</span> models"
    )
    assert water[1].endswith(f"{NOCASE}Bayesian GPU</span> Models")


def test_citeproc_py_reads_the_titles() -> None:
    items = json.loads(render("csljson", PAPERS))
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = " ".join(str(entry) for entry in bibliography.bibliography())
    assert "α-stable walks on Erdős–Rényi graphs" in rendered.replace("Α", "α")
    assert "H₂O" in rendered and "nocase" not in rendered and "$" not in rendered
