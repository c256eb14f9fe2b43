"""Sub- and superscripts, citations and cross-references for ``latex_text``, read by
pylatexenc as nodes: a script is converted after the formula it sits in has been read,
so ``\\alpha_i`` is α then ᵢ (rewriting ``_i`` to ``ᵢ`` in the source first made it one
unknown macro, ``\\alphaᵢ``, since ``ᵢ`` is a letter to the parser)."""

from __future__ import annotations

import re
from typing import Any

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec

_SUPERSCRIPTS = str.maketrans(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzT'⊤", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ′ᵀ"
)
_SUBSCRIPTS = str.maketrans(
    "0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"
)
_TABLES = {"^": _SUPERSCRIPTS, "_": _SUBSCRIPTS}
# LaTeX ignores spaces in math: "_{i = 1}" is ᵢ₌₁; a space between letters stays one.
_SIGN_SPACE_RE = re.compile(r"\s*([=+\-−()])\s*")

SCRIPT_CHARS = "^_"
WALKER_SPECIALS = [
    macrospec.SpecialsSpec(c, args_parser=macrospec.MacroStandardArgsParser("{"))
    for c in SCRIPT_CHARS
]


def _args(node: Any) -> list[Any]:
    return list(node.nodeargd.argnlist) if node.nodeargd else []


def _script(node: Any, l2tobj: LatexNodes2Text) -> str:
    """``x^{-1}`` is x⁻¹ where every character has a Unicode form; otherwise
    ``x^{ab c}`` is x^(ab c) and ``x^q`` stays x^q, never a guess."""
    mark = node.specials_chars
    args = _args(node)
    if not args or args[0] is None:
        return str(mark)
    inner = l2tobj.nodelist_to_text([args[0]]).strip()
    compact = _SIGN_SPACE_RE.sub(r"\1", inner)
    table = _TABLES[mark]
    # "x^\\top A": the space after a macro raised is the formula's, kept as around others.
    tail = " " if getattr(args[0], "macro_post_space", "") else ""
    if compact and all(ord(c) in table for c in compact):
        return compact.translate(table) + tail
    grouped = args[0].isNodeType(latexwalker.LatexGroupNode)
    return (f"{mark}({inner})" if grouped and len(inner) > 1 else f"{mark}{inner}") + tail


SCRIPT_SPECIALS = [SpecialsTextSpec(c, simplify_repl=_script) for c in SCRIPT_CHARS]


def _braced(arg: Any, l2tobj: LatexNodes2Text) -> str:
    return l2tobj.nodelist_to_text([arg]).strip() if arg is not None else ""


def _cite(node: Any, l2tobj: LatexNodes2Text) -> str:
    """``\\citep[see][p.~3]{a,b}`` is "[see a, b, p. 3]": the keys as written (a reader
    knows "smith2020"), not pylatexenc's "<cit.>"."""
    args = _args(node)
    keys = ", ".join(k.strip() for k in _braced(args[-1] if args else None, l2tobj).split(","))
    notes = [_braced(a, l2tobj) for a in args[1:-1] if a is not None]
    pre, post = (notes[0], notes[1]) if len(notes) == 2 else ("", notes[0] if notes else "")
    return "[" + ", ".join(p for p in (f"{pre} {keys}".strip(), post) if p) + "]"


def _reference(opening: str, closing: str) -> Any:
    """``\\ref{sec:intro}`` is [sec:intro], ``\\eqref{eq:1}`` (eq:1): the label as written."""

    def repl(node: Any, l2tobj: LatexNodes2Text) -> str:
        args = _args(node)
        return opening + _braced(args[-1] if args else None, l2tobj) + closing

    return repl


_CITES = ("cite", "citep", "citet", "citealt", "citealp", "citeauthor", "citeyear", "citenum")
# Old font switches ("{\\rm mach}", "{\\bf x}"): the text they switch is what a reader sees.
_SWITCHES = ("rm", "bf", "it", "sl", "sf", "tt", "cal", "em", "sc")

TEXT_MACROS = [
    *(MacroTextSpec(name, simplify_repl=_cite) for name in _CITES),
    *(
        MacroTextSpec(name, simplify_repl=_reference("[", "]"))
        for name in ("ref", "autoref", "cref", "Cref")
    ),
    MacroTextSpec("eqref", simplify_repl=_reference("(", ")")),
    *(MacroTextSpec(name, "") for name in _SWITCHES),
]
