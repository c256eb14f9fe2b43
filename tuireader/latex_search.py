r"""The words a reader sees in LaTeX source, for the search index: ``Erd{\H o}s`` -> Erdős.

The reader shows titles and abstracts rendered (latex_text.render_latex: ``$\alpha$``-stable
as α-stable), so a search must find what is shown as well as what is written. Rendering
every abstract with pylatexenc to index it would cost ~2 ms each where there is LaTeX (a
minute for a cache of 35,000), so this is a quick spelling made of the same tables: the
macros without arguments of pylatexenc's latex2text (``\alpha`` -> α, ``\ell`` -> ℓ,
``\o`` -> ø), accent commands composed (``\H o``, ``\"{o}``, ``\'e``), and braces and
``$`` dropped, as the rendering drops them, so ``Erd{\H o}s`` is one word again. What it
does not spell (``\mathcal{O}`` -> 𝒪, ``n^2`` -> n²) is searched as written (``O``, ``n 2``).

``extra_words`` gives only the words the source's own tokens lack: the index adds them
beside the source, which it keeps whole ("alpha" still finds ``$\alpha$``). A new
pylatexenc may spell a macro otherwise: ``spelling_stamp`` names what the words depend on.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.metadata import PackageNotFoundError, version

# Bumped whenever the spelling below changes the words of some text: the index's entries
# must be deleted with the words they were added with, so an index spelled otherwise is
# rebuilt (search_index.index_new_papers compares ``spelling_stamp``).
SPELLING_REVISION = 1

# What the unicode61 tokenizer keeps as token characters (search_index's _TOKEN_RE).
_TOKEN_RE = re.compile(r"[^\W_]+")
_COMBINING = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
# \H o, \H{o}, \"o, \"{o}, \'{\i}: a letter accent needs a space or a brace, a symbol not.
_ACCENT_RE = re.compile(
    r"""\\(?:([uvHckrdb])(?:\s+|(?=\{))|(['`^"~=.])\s*)"""
    r"""(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"""
)
_MACRO_RE = re.compile(r"\\([A-Za-z]+)")
_BRACE_DOLLAR_RE = re.compile(r"(?<!\\)[{}$]")
# A run of words with LaTeX in them and the word after it (``\H o``'s letter); possessive,
# so that an abstract is scanned once, not once per word.
_STRETCH_RE = re.compile(r"(?<!\S)[^\s\\{}$]*+[\\{}$]\S*+(?:\s+\S*?[\\{}$]\S*+)*+(?:\s+\S+)?")


@cache
def spelling_stamp() -> str:
    """What the shown words depend on: this module's rules and pylatexenc's tables."""
    try:
        tables = version("pylatexenc")
    except PackageNotFoundError:
        tables = "unknown"
    return f"{SPELLING_REVISION} pylatexenc {tables}"


def _may_hold_latex(text: str) -> bool:
    """Most text has nothing to spell; four substring tests are far quicker than a regex
    over a whole abstract, and every paper's three fields are asked."""
    return "\\" in text or "$" in text or "{" in text or "}" in text


@cache
def _macro_text() -> dict[str, str]:
    """pylatexenc's spellings of the macros that take no argument (loaded once, when the
    first text with LaTeX is indexed: a fetch that never searches does not pay for it)."""
    from pylatexenc.latex2text import get_default_latex_context_db

    table: dict[str, str] = {}
    for spec in get_default_latex_context_db().iter_macro_specs():
        text = getattr(spec, "simplify_repl", None)
        if isinstance(text, str) and "%" not in text and spec.macroname not in table:
            table[spec.macroname] = text
    return table


def _accent(match: re.Match[str]) -> str:
    mark = _COMBINING[match.group(1) or match.group(2)]
    letter = match.group(3) or match.group(4)
    base = letter[1:] if letter.startswith("\\") else letter  # \i, \j: dotless i, j
    return unicodedata.normalize("NFC", base + mark)


def _macro(match: re.Match[str]) -> str:
    # A macro with arguments or one pylatexenc does not know: its name is no word the
    # reader sees (the source's tokens have it anyway), its arguments stay.
    text = _macro_text().get(match.group(1), " ")
    return f" {text} " if len(text) > 1 and text.isalpha() else text  # n\log n: "n log n"


def shown_spelling(text: str) -> str | None:
    """``text`` spelled about as the reader shows it, or None if it has no LaTeX."""
    if not _may_hold_latex(text):
        return None
    spelled = _ACCENT_RE.sub(_accent, text)
    spelled = _MACRO_RE.sub(_macro, spelled)
    spelled = _BRACE_DOLLAR_RE.sub("", spelled)
    return None if spelled == text else spelled


def extra_words(text: str) -> list[str]:
    """The words of the shown spelling that the source's own words lack, in their order.

    Only the stretches with LaTeX in them are spelled and compared (an abstract's other
    words are what they are), which keeps indexing 35,000 papers quick; the spelling
    changes no letter's case, so the words compare as they are."""
    if not _may_hold_latex(text):
        return []
    stretches = " ".join(_STRETCH_RE.findall(text))
    spelled = shown_spelling(stretches)
    if spelled is None:
        return []
    written = set(_TOKEN_RE.findall(stretches))
    return [w for w in dict.fromkeys(_TOKEN_RE.findall(spelled)) if w not in written]
