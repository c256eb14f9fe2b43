"""LaTeX in titles and abstracts as readable Unicode, for people to read (and CSL-JSON titles,
which have no math; the LaTeX exports keep the source).

arXiv titles and abstracts are LaTeX source: ``$\\alpha$-stable``, ``Erd{\\H o}s``,
``$\\mathcal{O}(n\\log n)$``. pylatexenc's latex2text does the conversion (its tables of
symbols, accents and fonts are far larger than any we would keep); around it we keep what
an abstract means, not what a LaTeX compiler would do with it:

- a macro pylatexenc does not know stays as written (``\\foo{bar}``) rather than vanishing;
- ``%``, ``&`` and ``#`` are the author's characters (arXiv does not compile the abstract:
  "improves by 5%" is common), and ``~`` before a number means "about";
- a ``$`` that opens no formula is a dollar sign ("$5 and $10"), not the start of one
  running to the next price;
- a web address is written as is (``~user``, ``a_b`` in it are not LaTeX);
- sub- and superscripts become Unicode where every character has a form (``n^2`` -> n²);
- anything pylatexenc still refuses leaves the text as it was.

The result is plain text: callers show it as such (never as markup) and clean it like any
other text. ``render_latex`` is cached per string, so a list scrolled back and forth or an
abstract shown twice costs one conversion.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from tuireader.latex_macros import SCRIPT_SPECIALS, TEXT_MACROS, WALKER_SPECIALS
from tuireader.sanitize import clean

# The longest text converted: arXiv abstracts stop at 1,920 characters, journals' near
# 5,000; pylatexenc takes ~25 ms per 1,000 characters of dense LaTeX, and the reader must
# not freeze on a feed's megabyte "abstract" (it is shown as written instead).
MAX_RENDERED = 8000

# Characters a LaTeX abstract may hold that a lone literal character is "like": cheap test
# for the common case of a title with no LaTeX at all.
_LATEX_HINT_RE = re.compile(r"[\\${}~^_]|``|''")

# Placeholders from Unicode's private use area for characters shown as written: pylatexenc
# passes them through untouched, and they are put back afterwards.
_KEEP = {"\\": "\ue000", "{": "\ue001", "}": "\ue002", "%": "\ue003", "&": "\ue004",
         "#": "\ue005", "~": "\ue006", "$": "\ue007", "^": "\ue008", "_": "\ue009"}  # fmt: skip
_RESTORE = str.maketrans({v: k for k, v in _KEEP.items()})
_PLACEHOLDER_RE = re.compile("[\ue000-\ue013]")
# Emphasis is marked around its text (private use too) for a screen that shows italic and
# bold (``render_latex_styled``); plain text (``render_latex``) drops the marks.
_ITALIC, _BOLD = "\ue010", "\ue012"
_MARK_STYLES = {_ITALIC: "italic", _BOLD: "bold"}
_MARK_ENDS = {_ITALIC: "\ue011", _BOLD: "\ue013"}

_MACRO_RE = re.compile(r"\\([A-Za-z]+)\*?((?:\{[^{}$]*\})*)")
_URL_RE = re.compile(r"https?://[^\s{}$]+")
_SPECIAL_RE = re.compile(r"(?<!\\)([%&#])")
_TILDE_RE = re.compile(r"(?:(?<=\s)|^)~(?=\s*[\d.])")  # "~100 samples": about 100
# Spacing by hand ("\\mathcal{E\\mkern-2mu L}", "\\hspace{1em}") means nothing on a terminal.
_KERN_RE = re.compile(r"\\m?kern\s*-?[\d.]+\s*(?:mu|em|ex|pt)\s*")
_SPACE_RE = re.compile(r"\\[hv]space\*?\{[^{}]*\}")
_DOLLAR_RE = re.compile(r"(?<!\\)\$")
_MATH_RE = re.compile(r"\$([^$]+)\$")
# A script with nothing to raise ("$x^$", "{x_}") is the author's character.
_BARE_SCRIPT_RE = re.compile(r"(?<!\\)[\^_](?=\s*(?:\}|$))")
# Outside a formula "_" and "^" are characters ("snake_case"), as LaTeX would not have them.
_TEXT_SCRIPT_RE = re.compile(r"(?<!\\)[\^_]")
# Operator names read as words: "n\log n" is "n log n", not "nlog n".
_OPERATOR_RE = re.compile(r"(?<=[\w)])\\(log|ln|exp|sin|cos|tan|max|min|sup|inf|lim|det|arg)\b")

# Macros of abstracts that pylatexenc's walker or text tables lack or get wrong.
_WALKER_MACROS = [macrospec.std_macro("href", False, 2), macrospec.std_macro("texttt", False, 1)]


def _href(node: Any, l2tobj: LatexNodes2Text) -> str:
    """``\\href{url}{text}``: the text, with the address only if it is a web address."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    if len(args) < 2:
        return ""
    url = (args[0].latex_verbatim() if args[0] is not None else "").strip("{} ")
    text = l2tobj.nodelist_to_text([args[1]]).strip() if args[1] is not None else ""
    if url.startswith(("http://", "https://")) and url != text:
        return f"{text} <{url}>" if text else url
    return text or url


def _marked(mark: str) -> Any:
    """A macro's text between emphasis marks (``\\emph{x}``: x, in italic)."""

    def repl(node: Any, l2tobj: LatexNodes2Text) -> str:
        args = node.nodeargd.argnlist if node.nodeargd else []
        inner = "".join(l2tobj.nodelist_to_text([a]) for a in args if a is not None)
        return mark + inner + _MARK_ENDS[mark] if inner.strip() else inner

    return repl


_EMPHASIS_MACROS = {"emph": _ITALIC, "textit": _ITALIC, "textsl": _ITALIC, "textbf": _BOLD}

_BRACED_ONLY = {"href", "url"}  # never written without braces: a bare one is not LaTeX

_TEXT_MACROS = [
    *TEXT_MACROS,
    MacroTextSpec("href", simplify_repl=_href),
    MacroTextSpec("texttt", discard=False),
    MacroTextSpec("|", "‖"),
    *(MacroTextSpec(name, simplify_repl=_marked(mark)) for name, mark in _EMPHASIS_MACROS.items()),
]


def _walker_context() -> macrospec.LatexContextDb:
    db = latexwalker.get_default_latex_context_db()
    db.add_context_category(
        "hubread", macros=_WALKER_MACROS, specials=WALKER_SPECIALS, prepend=True
    )
    return db


def _text_context() -> macrospec.LatexContextDb:
    db = get_default_latex_context_db()
    db.add_context_category("hubread", macros=_TEXT_MACROS, specials=SCRIPT_SPECIALS, prepend=True)
    return db


class _Converter(LatexNodes2Text):
    """latex2text, with the space after a macro kept where a reader needs it: in math
    (``$\\gamma \\to 1$`` reads "γ → 1"; LaTeX spaces math itself) and after a word
    (``\\LaTeX is``), not after a symbol (``\\textasciitilde 3`` is "~3", as in LaTeX)."""

    def macro_node_to_text(self, node: Any) -> str:
        text = str(super().macro_node_to_text(node))
        if node.nodeargd and node.nodeargd.argnlist:
            return text
        state = getattr(node, "parsing_state", None)
        if getattr(state, "in_math_mode", False) or len(text) > 1:
            text += node.macro_post_space
        return text


_WALKER_CONTEXT = _walker_context()
_TEXT_CONTEXT = _text_context()
_CONVERTER = _Converter(
    latex_context=_TEXT_CONTEXT,
    math_mode="text",
    strict_latex_spaces={"between-macro-and-chars": True, "between-latex-constructs": True},
)
# pylatexenc logs every construct it finds odd (an unclosed brace) as a warning: the text
# still converts, and a reader's terminal is no place for a parser's log.
logging.getLogger("pylatexenc").setLevel(logging.ERROR)


def looks_like_latex(text: str) -> bool:
    """Whether ``text`` may hold LaTeX at all (most titles do not: nothing to convert)."""
    return _LATEX_HINT_RE.search(text) is not None


def _kept(text: str) -> str:
    return "".join(_KEEP.get(c, c) for c in text)


def _keep_unknown_macro(match: re.Match[str]) -> str:
    """A macro pylatexenc does not know, or one missing its arguments where LaTeX would
    take them from what follows (``$\\frac{1}$``, ``\\href{url}`` with no text), is shown
    as written: a converter's guess would eat the ``$`` or the next word."""
    name = match.group(1)
    if _TEXT_CONTEXT.get_macro_spec(name) is None:
        return _kept(match.group(0))
    spec = _WALKER_CONTEXT.get_macro_spec(name)
    needed = getattr(getattr(spec, "args_parser", None), "argspec", "").count("{")
    if match.group(2).count("}") < needed:
        after = match.string[match.end() :].lstrip()[:1]
        if name in _BRACED_ONLY or after in ("", "$", "}"):
            return _kept(match.group(0))
    return match.group(0)


def _math(match: re.Match[str]) -> str:
    body = _OPERATOR_RE.sub(r" \\\1", match.group(1))
    return "$" + _BARE_SCRIPT_RE.sub(lambda m: _KEEP[m.group(0)], body) + "$"


def _unpaired_braces_kept(text: str) -> str:
    """A brace without its partner is the author's character, shown as written."""
    unpaired: list[int] = []
    opened: list[int] = []
    for i, char in enumerate(text):
        if char in "{}" and (i == 0 or text[i - 1] != "\\"):
            if char == "{":
                opened.append(i)
            elif opened:
                opened.pop()
            else:
                unpaired.append(i)
    unpaired += opened
    if not unpaired:
        return text
    chars = list(text)
    for i in unpaired:
        chars[i] = _KEEP[chars[i]]
    return "".join(chars)


def _is_formula(text: str, start: int, end: int) -> bool:
    """Whether ``$`` at ``start`` and ``end`` enclose a formula rather than two prices.
    A macro inside always makes one ("$ \\alpha $"); otherwise, as in Pandoc, no space just
    inside either ``$``, and no digit right after the closing one ("$5 and $10" is money)
    unless a math sign says otherwise ("$<$1%", arXiv's way of writing "<1%")."""
    inner = text[start + 1 : end]
    if "\\" in inner:
        return True
    if not inner or inner[0].isspace() or inner[-1].isspace():
        return False
    return not text[end + 1 : end + 2].isdigit() or any(c in inner for c in "^_{<>=|")


def _dollars_kept(text: str) -> str:
    """Every ``$`` that opens or closes no formula is a dollar sign, shown as written."""
    dollars = [m.start() for m in _DOLLAR_RE.finditer(text)]
    literal: list[int] = []
    i = 0
    while i < len(dollars):
        # A formula ends at the next "$" (LaTeX's own rule), or this one is a dollar sign.
        if i + 1 < len(dollars) and _is_formula(text, dollars[i], dollars[i + 1]):
            i += 2
        else:
            literal.append(dollars[i])
            i += 1
    if not literal:
        return text
    chars = list(text)
    for position in literal:
        chars[position] = _KEEP["$"]
    return "".join(chars)


def _prepared(text: str) -> str:
    """The source with what the author meant literally protected (see the module)."""
    # A web address is written as is: "~user" or "a_b" in it is not LaTeX.
    text = _URL_RE.sub(lambda m: _kept(m.group(0)), text)
    text = _unpaired_braces_kept(_SPECIAL_RE.sub(lambda m: _KEEP[m.group(1)], text))
    text = _TILDE_RE.sub(_KEEP["~"], text)
    text = _SPACE_RE.sub(" ", _KERN_RE.sub("", text))
    text = _dollars_kept(text)
    text = _MACRO_RE.sub(_keep_unknown_macro, text)
    return _scripts_in_math_only(text)


def _scripts_in_math_only(text: str) -> str:
    """Formulas prepared for their scripts; a ``_`` or ``^`` outside them kept as written."""
    out: list[str] = []
    done = 0
    for match in _MATH_RE.finditer(text):
        out.append(_TEXT_SCRIPT_RE.sub(lambda m: _KEEP[m.group(0)], text[done : match.start()]))
        out.append(_math(match))
        done = match.end()
    out.append(_TEXT_SCRIPT_RE.sub(lambda m: _KEEP[m.group(0)], text[done:]))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class StyledText:
    """Rendered text and where it is emphasized: ``(start, end, "italic" | "bold")``."""

    text: str
    spans: tuple[tuple[int, int, str], ...] = ()


def _unmarked(shown: str) -> StyledText:
    """The text without its emphasis marks, and the spans they marked."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    opened: list[tuple[str, int]] = []
    ends = {end: start for start, end in _MARK_ENDS.items()}
    for char in shown:
        if char in _MARK_STYLES:
            opened.append((char, len(out)))
        elif char in ends:
            for i in range(len(opened) - 1, -1, -1):
                if opened[i][0] == ends[char]:
                    mark, begin = opened.pop(i)
                    if begin < len(out):
                        spans.append((begin, len(out), _MARK_STYLES[mark]))
                    break
        else:
            out.append(char)
    spans += [(begin, len(out), _MARK_STYLES[mark]) for mark, begin in opened if begin < len(out)]
    return StyledText("".join(out), tuple(sorted(spans)))


def render_latex(text: str) -> str:
    """``text`` with its LaTeX shown as Unicode; text without LaTeX comes back unchanged.

    Never raises: text pylatexenc cannot read is returned as it was."""
    return render_latex_styled(text).text


@lru_cache(maxsize=8192)
def render_latex_styled(text: str) -> StyledText:
    """``render_latex`` with the spans ``\\emph``, ``\\textit`` and ``\\textbf`` mark.

    Escape sequences go first: pylatexenc would drop a lone ESC and leave an OSC 52
    payload behind as text that no later cleaning could recognise."""
    text = clean(text, multiline=True)
    if (
        not text
        or len(text) > MAX_RENDERED
        or not looks_like_latex(text)
        or _PLACEHOLDER_RE.search(text)
    ):
        return StyledText(text)
    try:
        nodes = latexwalker.LatexWalker(
            _prepared(text), latex_context=_WALKER_CONTEXT, tolerant_parsing=True
        ).get_latex_nodes()[0]
        shown = _CONVERTER.nodelist_to_text(nodes)
    except (
        latexwalker.LatexWalkerError,
        IndexError,
        ValueError,
        TypeError,
        KeyError,
        RecursionError,  # braces nested thousands deep (a hostile feed)
    ):
        return StyledText(text)
    # No-break spaces from "~" and runs of spaces left where a macro was are one space.
    shown = re.sub(r"[ \u00a0]{2,}|\u00a0", " ", shown.translate(_RESTORE))
    return _unmarked(shown.strip() if text == text.strip() else shown)
