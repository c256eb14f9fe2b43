r"""Plain text as LaTeX for BibTeX fields: specials escaped, math kept, accents as commands.

Classic BibTeX is an 8-bit program: a UTF-8 "Å" is two bytes to it, so initials, sorting
and ``purify$`` come out wrong, and pdflatex without the right font encoding cannot print
many letters at all. So by default accented Latin letters are written as the LaTeX
commands every engine knows (``{\"o}``, ``{\AA}``, ``{\v{z}}``), braced the way BibTeX
treats a "special character" (kept whole in initials, case changes and sorting). Text with
no LaTeX spelling (Han, Hangul, Greek...) stays UTF-8. ``unicode=True`` keeps everything
UTF-8, for biber and biblatex, which read Unicode natively.

``$...$`` with something mathematical in it (a backslash, ``^``, ``_``, ``=``, a letter
run) is kept as math, as arXiv authors write it in titles (``$\mathcal{O}(n\log n)$``).
So is a title's text-mode LaTeX (``\textsc{Lasso}``, ``\emph{}``, ``Erd{\H o}s``, ``\&``):
escaped, it would typeset the command's name. Any other backslash is a character.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# BibTeX counts braces even when escaped (``\{`` opens a group for its parser), so ``\{``
# is safe only while a field's braces balance; an unbalanced one is written as a command.
_UNBALANCED = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_SPECIALS_RE = re.compile(r"[\\&%$#_{}~^]")
_LETTERS = {
    "Å": r"\AA",
    "å": r"\aa",
    "Ø": r"\O",
    "ø": r"\o",
    "ß": r"\ss",
    "Æ": r"\AE",
    "æ": r"\ae",
    "Œ": r"\OE",
    "œ": r"\oe",
    "Ł": r"\L",
    "ł": r"\l",
    "ı": r"\i",
    "ȷ": r"\j",
}
_SYMBOL_ACCENTS = {
    "\u0301": "'",
    "\u0300": "`",
    "\u0302": "^",
    "\u0308": '"',
    "\u0303": "~",
    "\u0304": "=",
    "\u0307": ".",
}
_LETTER_ACCENTS = {
    "\u030c": "v",
    "\u0306": "u",
    "\u030b": "H",
    "\u0327": "c",
    "\u0328": "k",
    "\u030a": "r",
    "\u0323": "d",
    "\u0331": "b",
}
# Commands, not ``--`` or ``''``: those would read back as two characters.
_PUNCTUATION = {
    "\u2013": r"\textendash{}",
    "\u2014": r"\textemdash{}",
    "\u2018": r"\textquoteleft{}",
    "\u2019": r"\textquoteright{}",
    "\u201c": r"\textquotedblleft{}",
    "\u201d": r"\textquotedblright{}",
}
_MATH_RE = re.compile(r"\$(?=\S)([^$]*?\S)\$")
_MATHY_RE = re.compile(r"[\\^_=<>]|^[A-Za-z]$|^[A-Za-z0-9]+\([^)]*\)$")


def balanced(text: str) -> bool:
    """Braces that close in order, as BibTeX's parser needs them."""
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def escape(text: str, *, unicode: bool = False) -> str:
    """``text`` as LaTeX: specials escaped, braces ``\\{ \\}`` (commands if unbalanced),
    and non-ASCII letters as accent commands unless ``unicode``."""
    return _escape(text, balanced(text), unicode)


def _escape(text: str, braces_balance: bool, unicode: bool) -> str:
    specials = _SPECIALS if braces_balance else {**_SPECIALS, **_UNBALANCED}
    text = _SPECIALS_RE.sub(lambda m: specials[m.group()], text)
    return text if unicode or text.isascii() else "".join(_char(c) for c in text)


def _char(char: str) -> str:
    if char.isascii():
        return char
    if char in _LETTERS:
        return "{" + _LETTERS[char] + "}"
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if not base.isascii() or not base.isalpha() or len(marks) != 1:
        return char  # no LaTeX spelling that pdflatex knows without packages
    mark = marks[0]
    letter = {"i": r"\i", "j": r"\j"}.get(base, base) if mark in _SYMBOL_ACCENTS else base
    if mark in _SYMBOL_ACCENTS:
        return "{\\" + _SYMBOL_ACCENTS[mark] + letter + "}"
    if mark in _LETTER_ACCENTS:
        return "{\\" + _LETTER_ACCENTS[mark] + "{" + letter + "}}"
    return char


def split_math(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_math) pieces; only balanced, math-looking ``$...$`` count."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in _MATH_RE.finditer(text):
        body = match.group(1)
        if not (_MATHY_RE.search(body) and balanced(body)):
            continue
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((match.group(), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


# Text-mode LaTeX an author may write in a title (arXiv titles are LaTeX source), kept as
# LaTeX: the commands below, the accents, the letters, ``\&``-style escapes, and a brace
# group holding just an accent or letter (``{\H o}``). Any other backslash is a character.
_ACCENT = (
    r"""\\["'`^~=.](?:\{\\?[A-Za-z]{1,2}\}|\\[ij](?![A-Za-z])|[A-Za-z])"""
    r"|\\[vuHckrdbt](?:\{\\?[A-Za-z]{1,2}\}|\s+[A-Za-z]|\s*\\[ij](?![A-Za-z]))"
)
# A control word eats the space after it ("M\o ller" is Møller): the space goes with it.
_LETTER = r"\\(?:ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|[ \t]+)?"
_TEXT_LATEX_RE = re.compile(
    rf"(?P<command>\\(?:textsc|emph|textit|textbf|texttt|textsf|textrm|textsl|textup|textmd"
    rf"|textnormal|mbox)\s*\{{)|\{{(?:{_ACCENT}|{_LETTER})\}}|{_ACCENT}|{_LETTER}"
    rf"|\\(?P<escaped>[&%$#_{{}}])"
)
# Letters a word shows; an uppercase letter command (``\AA``) is a capital too.
_COMMAND_NAME_RE = re.compile(r"\\(?!(?:AA|AE|OE|O|L)(?![A-Za-z]))[A-Za-z]+")


_MAX_NESTING = 8


def _closings(text: str) -> dict[int, int]:
    """Where each brace of ``text`` that opens a group is closed (one pass, for long text);
    ``\\{`` and ``\\}`` are characters, not groups."""
    partners: dict[int, int] = {}
    opened: list[int] = []
    for i, char in enumerate(text):
        if i and text[i - 1] == "\\":
            continue
        if char == "{":
            opened.append(i)
        elif char == "}" and opened:
            partners[opened.pop()] = i
    return partners


def _text_latex(
    text: str, braces_balance: bool, unicode: bool, depth: int = 0
) -> list[tuple[str, str | None]]:
    """``text`` as (source, LaTeX kept) pieces: the LaTeX a title's author wrote, kept
    (a command's argument converted the same way), or plain text (``None``) to escape.
    Commands nested deeper than any title's (a hostile feed's thousands) are text."""
    pieces: list[tuple[str, str | None]] = []
    closings = _closings(text) if "\\" in text else {}
    last = pos = 0
    while (match := _TEXT_LATEX_RE.search(text, pos)) is not None:
        end = match.end()
        if match["command"] and depth >= _MAX_NESTING:
            pos = end
            continue
        if match["command"]:
            close = closings.get(end - 1, -1)
            if close < 0:  # no closing brace: not LaTeX, a backslash and a brace
                pos = end
                continue
            inner = _text_latex(text[end:close], braces_balance, unicode, depth + 1)
            body = (k if k is not None else _escape(t, braces_balance, unicode) for t, k in inner)
            kept = match[0] + "".join(body) + "}"
            end = close + 1
        elif match["escaped"]:
            kept = _escape(match["escaped"], braces_balance, unicode)
        else:
            kept = match[0]
        if match.start() > last:
            pieces.append((text[last : match.start()], None))
        pieces.append((text[match.start() : end], kept))
        last = pos = end
    if last < len(text):
        pieces.append((text[last:], None))
    return pieces


def _words(text: str, braces_balance: bool, unicode: bool) -> list[tuple[str, str]]:
    """(source, LaTeX) per word and per run of spaces; kept LaTeX never splits a word."""
    words: list[tuple[str, str]] = []
    source, out = "", ""
    for piece, kept in _text_latex(text, braces_balance, unicode):
        if kept is not None:
            source, out = source + piece, out + kept
            continue
        for part in re.split(r"(\s+)", piece):
            if part.isspace():
                words += [(source, out), (part, part)] if source else [(part, part)]
                source, out = "", ""
            elif part:
                source, out = source + part, out + _escape(part, braces_balance, unicode)
    return [*words, (source, out)] if source else words


def title(text: str, *, unicode: bool = False) -> str:
    """A title: math and the author's text-mode LaTeX kept, the rest escaped, and every
    word with a capital braced so that sentence-case styles keep "{GPU}", "{Bayesian}" and
    "{{\\textsc{Lasso}}}" as written (a group opening with a command would be BibTeX's
    "special character", whose letters it changes the case of: hence two braces)."""
    pieces = split_math(text)
    braces_balance = balanced("".join(piece for piece, math in pieces if not math))
    out: list[str] = []
    for piece, math in pieces:
        if math:
            out.append("{" + piece + "}")
            continue
        for source, word in _words(piece, braces_balance, unicode):
            if not any(c.isupper() for c in _COMMAND_NAME_RE.sub("", source)):
                out.append(word)
            else:
                out.append("{{" + word + "}}" if word.startswith("\\") else "{" + word + "}")
    return "".join(out)
