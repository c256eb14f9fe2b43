r"""A title as CSL rich text: its LaTeX rendered, its formulas out of the style's case.

CSL-JSON has no math: pandoc's citeproc and citeproc-js print ``$\mathcal{O}(n\log n)$``
as those characters, and a title-casing style even capitalises them. What they do read in
a title is citeproc-js's HTML-like rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<span class="nocase">``; https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html),
which Zotero keeps in its title field and pandoc renders. So a title's LaTeX is shown as
the reader shows it (latex_text: ``Erd{\H o}s`` as Erdős, ``\emph`` as ``<i>``, ``x^2`` as
x², readable in Zotero's title field and by citeproc-py too); a script Unicode has no
characters for becomes ``<sup>``/``<sub>`` (``T_{eff}``, ``e^{-x}``); and a word with a
formula in it (``$\alpha$-stable``, ``H$_2$O``) is wrapped in ``nocase``, or a style's
title case would make "α-Stable" of it and its sentence case "h₂o".

Capitalised words after the first are kept out of the case too, as BibTeX braces them: a
sentence-casing style (pandoc's citeproc lowers "Bayesian" and "Erdős" there; title case
never lowers a capital) would otherwise print "bayesian". A run of them shares one span
(``Attention <span class="nocase">Is All You Need</span>``), so that Zotero's title field,
which shows the markup, stays readable; and the .bib and the .json print alike.
Characters are not entity-escaped: both processors read ``&`` and ``<`` as themselves
(``&amp;`` would print as it is).
"""

from __future__ import annotations

import re

from tuireader.export.latex import split_math
from tuireader.latex_text import render_latex, render_latex_styled

# Private-use marks around scripts and formulas while the text is rendered (pylatexenc
# passes them through); latex_text's own are U+E000-U+E013.
_SUP, _SUB, _END_SUP, _END_SUB = "\ue040", "\ue041", "\ue042", "\ue043"
_MATH, _END_MATH = "\ue044", "\ue045"
_STYLE_MARKS = {"italic": ("\ue046", "\ue047"), "bold": ("\ue048", "\ue049")}
_SPACE = "\ue04a"
_OURS_RE = re.compile("[\ue040-\ue04a]")
_FORMULA_RE = re.compile(f"{_MATH}[^{_END_MATH}]*{_END_MATH}")
_TAGS = str.maketrans(
    {
        _SUP: "<sup>",
        _SUB: "<sub>",
        _END_SUP: "</sup>",
        _END_SUB: "</sub>",
        _MATH: "",
        _END_MATH: "",
        "\ue046": "<i>",
        "\ue047": "</i>",
        "\ue048": "<b>",
        "\ue049": "</b>",
        _SPACE: " ",
    }
)
_NOCASE, _END_NOCASE = '<span class="nocase">', "</span>"
_SPACES_RE = re.compile(r"(\s+)")
# ^x, ^{...} (one level of braces inside), ^\alpha
_SCRIPT_RE = re.compile(r"([\^_])\s*(?:\{((?:[^{}]|\{[^{}]*\})*)\}|(\\[A-Za-z]+|[^\s{}\\$]))")


def _scripts(body: str) -> str:
    def script(match: re.Match[str]) -> str:
        shown = render_latex("$" + match.group() + "$")
        if shown and all(ord(c) > 0x7F for c in shown):
            return match.group()  # x² as the reader shows it: readable in any title field
        inner = match.group(2) if match.group(2) is not None else match.group(3)
        opening, closing = (_SUP, _END_SUP) if match.group(1) == "^" else (_SUB, _END_SUB)
        return opening + "{" + _scripts(inner) + "}" + closing

    return _SCRIPT_RE.sub(script, body)


def _formula(piece: str) -> str:
    """``$x^{ab}$`` -> x, then ab between script marks; the rest (``x^2`` too: x²) rendered
    as the reader shows it."""
    shown = render_latex("$" + _scripts(piece[1:-1]) + "$")
    return _MATH + shown.strip("$") + _END_MATH


def _text(piece: str) -> str:
    styled = render_latex_styled(piece)
    out: list[str] = []
    last = 0
    for start, end, style in styled.spans:
        if start < last:
            continue  # nested emphasis: the outer one is enough
        opening, closing = _STYLE_MARKS[style]
        out += [styled.text[last:start], opening, styled.text[start:end], closing]
        last = end
    out.append(styled.text[last:])
    return "".join(out)


def _kept_case(word: str, first: bool) -> bool:
    """Whether a style must not change ``word``'s case: a formula is in it, or (after the
    first word) a capital; never a word that opens or closes emphasis only half."""
    if any(word.count(a) != word.count(b) for a, b in _STYLE_MARKS.values()):
        return False
    return _MATH in word or (not first and any(c.isupper() for c in word))


def csl_title(title: str) -> str:
    """``title`` (arXiv's LaTeX source) as CSL rich text."""
    title = _OURS_RE.sub("", title)
    marked = "".join(_formula(p) if math else _text(p) for p, math in split_math(title))
    # A formula is one word, spaces and all ("𝒪(n log n)").
    marked = _FORMULA_RE.sub(lambda m: m.group().replace(" ", _SPACE), marked)
    parts = _SPACES_RE.split(marked)  # words at even places, the spaces before them at odd
    out: list[str] = []
    kept = False
    for n in range(0, len(parts), 2):
        word = parts[n]
        keep = bool(word) and _kept_case(word, first=not "".join(parts[:n]).strip())
        if kept and not keep:
            out.append(_END_NOCASE)  # before the spaces
        out.append(parts[n - 1] if n else "")
        if keep and not kept:
            out.append(_NOCASE)
        out.append(word)
        kept = keep
    if kept:
        out.append(_END_NOCASE)
    return "".join(out).translate(_TAGS)
