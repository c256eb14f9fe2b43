r"""Our BibTeX exports through a real LaTeX run, as a paper's author would use them.

The biblatex flavour goes lualatex -> biber -> lualatex with ``style=authoryear`` and
``\nocite{*}``; the .bbl biber writes is parsed back and each name's family, given, prefix
and suffix, each title, journal, volume, number, pages, DOI and e-print compared with the
papers (test_citations' hard-case table, plus every hard name). The BibTeX flavour goes
pdflatex -> bibtex (plain.bst) -> pdflatex. Either run must leave a log without a single
"! " error. Both skip, saying what is missing, without TeX (Debian packages
``texlive-latex-base texlive-latex-recommended texlive-bibtex-extra texlive-luatex biber``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_citations import HARD_NAMES, TABLE, _paper
from tuireader.export import render
from tuireader.export.bibtex import unique_keys
from tuireader.export.publication import publication
from tuireader.feeds.authors import decode_latex_accents
from tuireader.model import Paper
from tuireader.names import PersonName

HARD = _paper(*(text for text, _ in HARD_NAMES), key="arxiv:2611.09999", title="Hard names")
PAPERS = [*TABLE, HARD]
DOCUMENT = r"""\documentclass{article}
\usepackage[backend=biber,style=authoryear]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""
CLASSIC = r"""\documentclass{article}
\usepackage{url}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


TEX_PACKAGES = (
    "texlive-latex-base texlive-latex-recommended texlive-bibtex-extra texlive-luatex biber"
)


def _missing(*programs: str, styles: tuple[str, ...] = ()) -> str:
    """What of ``programs`` and TeX ``styles`` this machine lacks, as a skip reason."""
    absent = [p for p in programs if shutil.which(p) is None]
    if not absent and styles:
        found = subprocess.run(
            ["kpsewhich", *styles], capture_output=True, text=True, timeout=60, check=False
        ).stdout
        absent = [s for s in styles if s not in found]
    return f"{', '.join(absent)} not installed (apt-get install {TEX_PACKAGES})" if absent else ""


BIBLATEX_MISSING = _missing(
    "lualatex", "biber", "kpsewhich", styles=("biblatex.sty", "etoolbox.sty")
)
BIBTEX_MISSING = _missing("pdflatex", "bibtex", "kpsewhich", styles=("plain.bst", "url.sty"))


def _run(args: list[str], cwd: Path) -> None:
    """One step of the LaTeX run; its output in the failure when it fails."""
    done = subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
    if args[0] == "biber":
        assert "WARN - " not in done.stdout and "ERROR - " not in done.stdout, done.stdout
    if args[0] == "bibtex":  # it exits 0 after warnings ("Warning--empty year in ...")
        assert "Warning--" not in done.stdout, done.stdout


def _latex_run(
    tmp_path: Path, papers: list[Paper], engine: str, bib_tool: str, flavour: str, doc: str
) -> str:
    """engine, bib_tool, engine again on ``doc`` with our ``flavour`` export of ``papers``
    as refs.bib; the .bbl, after the log was checked for errors."""
    (tmp_path / "refs.bib").write_text(render(flavour, papers), "utf-8")
    (tmp_path / "doc.tex").write_text(doc, "utf-8")
    latex = [engine, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    _run(latex, tmp_path)
    _run([bib_tool, "doc"], tmp_path)
    _run(latex, tmp_path)
    log = (tmp_path / "doc.log").read_text("utf-8", "replace")
    errors = [line for line in log.splitlines() if line.startswith("! ")]
    assert errors == [] and "Undefined control sequence" not in log, errors
    return (tmp_path / "doc.bbl").read_text("utf-8")


# --------------------------------------------------------------------------- biber's .bbl
def _group(text: str, start: int) -> tuple[str, int]:
    """The braced group opening at ``text[start]`` (its inside) and the index after it."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1 : i], i + 1
    raise AssertionError(f"unbalanced braces from {text[start : start + 60]!r}")


def _tex_text(value: str) -> str:
    """A .bbl value as plain text: biber's delimiters as spaces, case-protecting braces
    around words and math dropped, TeX accents outside math decoded."""
    value = re.sub(r"\\bibnamedelim[a-z] ?|~", " ", value).replace(r"\bibrangedash ", "-")
    value = re.sub(r"\{(\$[^$]*\$)\}", r"\1", value)
    while re.search(r"(?<![A-Za-z\\])\{([^{}$\\]*)\}", value):
        value = re.sub(r"(?<![A-Za-z\\])\{([^{}$\\]*)\}", r"\1", value)
    # Math stays as written; accents are decoded in the text around it.
    pieces = re.split(r"(\$[^$]*\$)", value)
    return "".join(p if p.startswith("$") else decode_latex_accents(p) for p in pieces)


def _bbl_entries(bbl: str) -> dict[str, dict[str, object]]:
    """Each ``\\entry`` of biber's .bbl: its type, fields, verbatim fields and names."""
    entries: dict[str, dict[str, object]] = {}
    for match in re.finditer(r"\\entry\{([^}]*)\}\{([^}]*)\}\{\}(.*?)\\endentry", bbl, re.S):
        key, kind, body = match.groups()
        fields: dict[str, str] = {"type": kind}
        for field in re.finditer(r"\\field\{([a-z]+)\}", body):
            fields[field[1]] = _tex_text(_group(body, field.end())[0])
        for verb in re.finditer(r"\\verb\{([a-z]+)\}\n\s*\\verb (.*)\n", body):
            fields[verb[1]] = verb[2]
        names: list[dict[str, str]] = []
        if (at := body.find(r"\name{author}")) >= 0:
            _, after = _group(body, body.index("{", at))  # {author}
            _, after = _group(body, after)  # {count}
            _, after = _group(body, after)  # {options}
            people, _ = _group(body, after)
            for part in re.finditer(r"^\s+(family|given|prefix|suffix)=", people, re.M):
                if part[1] == "family":
                    names.append({})
                names[-1][part[1]] = _tex_text(_group(people, part.end())[0])
        entries[key] = {"fields": fields, "names": names}
    return entries


def _parts(person: PersonName) -> dict[str, str]:
    """What biber must have made of ``person``: a group as its family, whole."""
    if person.literal:
        return {"family": person.literal}
    prefix = " ".join(p for p in (person.dropping_particle, person.particle) if p)
    parts = {"family": person.family, "given": person.given, "prefix": prefix}
    return {k: v for k, v in {**parts, "suffix": person.suffix}.items() if v}


def _expected_fields(paper: Paper) -> dict[str, str]:
    fields = {"title": paper.title}
    if pub := publication(paper):
        fields.update(journaltitle=pub.journal, volume=pub.volume, number=pub.issue)
        fields.update(pages=pub.page_range("-"), year=str(pub.year or ""))
    elif paper.date:
        fields["year"] = str(paper.date.year)
    if paper.doi:
        fields["doi"] = paper.doi
    if paper.arxiv_id:
        fields.update(eprint=paper.arxiv_id, eprinttype="arXiv")
    return {k: v for k, v in fields.items() if v}


@pytest.mark.skipif(bool(BIBLATEX_MISSING), reason=BIBLATEX_MISSING or "-")
def test_biblatex_through_lualatex_and_biber_keeps_every_part(tmp_path: Path) -> None:
    entries = _bbl_entries(_latex_run(tmp_path, PAPERS, "lualatex", "biber", "biblatex", DOCUMENT))
    keys = unique_keys(PAPERS)
    assert sorted(entries) == sorted(keys)
    for paper, key in zip(PAPERS, keys, strict=True):
        entry = entries[key]
        assert entry["names"] == [_parts(p) for p in paper.people], key
        fields = entry["fields"]
        assert isinstance(fields, dict)
        for name, value in _expected_fields(paper).items():
            assert fields.get(name) == value, (key, name, fields)
    hooft = entries[keys[-1]]["names"][4]  # type: ignore[index]
    assert hooft == {"family": "Hooft", "given": "Gerard", "prefix": "'t"}


# --------------------------------------------------------------------------- plain.bst
def _plain_name(person: PersonName) -> str:
    """A name as plain.bst prints it: "First von Last, Jr"."""
    if person.literal:
        return person.literal
    words = (person.given, person.dropping_particle, person.particle, person.family)
    text = " ".join(w for w in words if w)
    return f"{text}, {person.suffix}" if person.suffix else text


def _cjk(text: str) -> bool:
    return any(ord(c) > 0x2FFF for c in text)


@pytest.mark.skipif(bool(BIBTEX_MISSING), reason=BIBTEX_MISSING or "-")
def test_bibtex_through_pdflatex_and_plain_bst_prints_names_and_titles(tmp_path: Path) -> None:
    # pdflatex has no glyphs for Han and Hangul without CJK packages ("Unicode character
    # 王 not set up"), whatever a .bib says: the BibTeX flavour is checked without them.
    latin = [p for p in TABLE if not _cjk(" ".join(p.authors))]
    latin.append(_paper(*(t for t, _ in HARD_NAMES if not _cjk(t)), key="arxiv:4", title="Names"))
    bbl = _latex_run(tmp_path, latin, "pdflatex", "bibtex", "bibtex", CLASSIC)
    items = {
        m[1]: _tex_text(" ".join(m[2].split()))
        for m in re.finditer(r"\\bibitem\{([^}]*)\}\n(.*?)(?=\n\n|\n\\end)", bbl, re.S)
    }
    assert sorted(items) == sorted(unique_keys(latin))
    for paper, key in zip(latin, unique_keys(latin), strict=True):
        authors, _, rest = items[key].partition(r" \newblock ")
        names = [_plain_name(p) for p in paper.people]
        if len(names) > 2:
            expected = ", ".join(names[:-1]) + ", and " + names[-1]
        else:
            expected = " and ".join(names)
        assert authors == expected + ".", key
        assert rest.startswith(paper.title), (key, rest)
