r"""Titles written in LaTeX (arXiv's are) keep their text-mode LaTeX in BibTeX and biblatex.

``\textsc{Lasso}`` used to be escaped into ``\textbackslash{}textsc\{Lasso\}``, which
typesets the command's name as text. The author's known commands, accents and ``\&``-style
escapes are kept as LaTeX; any other backslash is still a character. Checked as written,
through pybtex, and through pdflatex + bibtex (plain.bst) and lualatex + biber.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import parse_string

from tests.test_citations import _paper
from tests.test_citations_latex import (
    BIBLATEX_MISSING,
    BIBTEX_MISSING,
    CLASSIC,
    DOCUMENT,
    _latex_run,
)
from tuireader.export import render
from tuireader.export.latex import balanced, title

LASSO = r"Sharp bounds for $\ell_1$-regularized \textsc{Lasso} with $p \gg n$"

TITLES = [
    (LASSO, r"{Sharp} bounds for {$\ell_1$}-regularized {{\textsc{Lasso}}} with {$p \gg n$}"),
    (r"We \emph{prove} it \textit{twice}", r"{We} \emph{prove} it \textit{twice}"),
    (r"\textbf{Big Data} methods", r"{{\textbf{Big Data}}} methods"),
    (r"On a problem of Erd{\H o}s", r"{On} a problem of {Erd{\H o}s}"),
    (r"Schr\"odinger and \'{e}t\'e", r"{Schr\"odinger} and \'{e}t\'e"),
    (r"M\o ller and {\AA}ngstr\"om", r"{M\o ller} and {{\AA}ngstr\"om}"),
    (r"R\&D costs 50\% of \#1", r"{R\&D} costs 50\% of \#1"),
    (r"the set \{a, b\}", r"the set \{a, b\}"),
    # a backslash that starts no known LaTeX is the author's character, as before
    (r"Paths like C:\Users\x", r"{Paths} like {C:\textbackslash{}Users\textbackslash{}x}"),
    (r"\foo{bar} and a \ b", r"\textbackslash{}foo\{bar\} and a \textbackslash{} b"),
    (r"\textsc{never closed", r"\textbackslash{}textsc\textbraceleft{}never closed"),
    (r"\textsc{a \{ b}", r"\textsc{a \textbraceleft{} b}"),  # an unbalanced \{ is a command
]


@pytest.mark.parametrize(("source", "bibtex"), TITLES)
def test_title_keeps_the_authors_text_mode_latex(source: str, bibtex: str) -> None:
    assert title(source) == bibtex
    assert balanced(title(source))


def test_biblatex_keeps_utf8_around_the_kept_latex() -> None:
    assert (
        title(r"\textit{Zoë \textsc{Ångström}}")
        == r"{{\textit{Zo{\"e} \textsc{{\AA}ngstr{\"o}m}}}}"
    )
    assert title(r"\textit{Zoë \textsc{Ångström}}", unicode=True) == (
        r"{{\textit{Zoë \textsc{Ångström}}}}"
    )


def test_commands_nested_thousands_deep_stay_balanced_text() -> None:
    shown = title(r"\emph{" * 3000 + "x" + "}" * 3000)
    assert balanced(shown)
    assert shown.startswith(r"\emph{" * 8 + r"\textbackslash{}emph")


PAPERS = [
    _paper("Ann Lee", key="arxiv:2611.00001", title=LASSO),
    _paper(
        "Bo Chen",
        key="arxiv:2611.00002",
        title=r"On Erd{\H o}s and Schr\"odinger: \emph{fast} R\&D",
    ),
    _paper("Cy Diaz", key="arxiv:2611.00003", title=r"Paths like C:\Users and \foo{x}"),
]


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_pybtex_reads_the_kept_latex(flavour: str) -> None:
    bib = parse_string(render(flavour, PAPERS), "bibtex")
    titles = [entry.fields["title"] for entry in bib.entries.values()]
    assert r"{{\textsc{Lasso}}}" in titles[0]
    assert r"{Erd{\H o}s}" in titles[1] and r"\emph{fast}" in titles[1]
    assert r"\textbackslash{}Users" in titles[2]


@pytest.mark.skipif(bool(BIBTEX_MISSING), reason=BIBTEX_MISSING or "-")
def test_plain_bst_typesets_the_command_not_its_name(tmp_path: Path) -> None:
    bbl = _latex_run(tmp_path, PAPERS, "pdflatex", "bibtex", "bibtex", CLASSIC)
    assert r"{{\textsc{Lasso}}}" in bbl and "textbackslash{}textsc" not in bbl
    assert r"{Erd{\H o}s}" in bbl and r"\emph{fast}" in bbl
    assert r"\textbackslash{}Users" in bbl  # a real backslash is still one


@pytest.mark.skipif(bool(BIBLATEX_MISSING), reason=BIBLATEX_MISSING or "-")
def test_biber_typesets_the_command_not_its_name(tmp_path: Path) -> None:
    bbl = _latex_run(tmp_path, PAPERS, "lualatex", "biber", "biblatex", DOCUMENT)
    assert r"{{\textsc{Lasso}}}" in bbl and "textbackslash{}textsc" not in bbl
    assert r"\emph{fast}" in bbl
    assert r"\textbackslash{}Users" in bbl
