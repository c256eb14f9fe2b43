"""The file name a saved PDF gets: ``Lovelace2026-Notes-on-the-Analytical-Engine.pdf``.

Titles and author names come from feeds, so the name is built only from ASCII letters and
digits (accents folded, "Møller" -> "Moller"), words joined by ``-``: no separator, no dot,
no control character survives, so no title can climb out of the folder (``../``), hide the
extension or make a name some file system refuses. Its length is bounded, at a word.
"""

from __future__ import annotations

import re
import unicodedata

from tuireader.folding import fold_letters
from tuireader.model import Paper
from tuireader.sanitize import clean

MAX_STEM = 80  # characters before ".pdf": well under every file system's 255 bytes
TITLE_WORDS = 8
_NOT_ALNUM_RE = re.compile(r"[^A-Za-z0-9]+")
# Names Windows refuses whatever the extension (a PDF folder may be on a shared drive).
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)]
)


def ascii_words(text: str) -> list[str]:
    """The words of ``text`` in ASCII letters and digits, escape sequences dropped:
    "Erdős–Rényi $\\alpha$" -> ["Erdos", "Renyi", "alpha"]."""
    decomposed = unicodedata.normalize("NFKD", fold_letters(clean(text)))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [w for w in _NOT_ALNUM_RE.split(letters) if w]  # other scripts split words too


def _surname(paper: Paper) -> str:
    """The first author's family name (particles left out), one word: "Le Cun" -> "LeCun"."""
    people = paper.people
    if not people:
        return ""
    words = ascii_words(people[0].sort_family)
    return "".join(w[:1].upper() + w[1:] for w in words)[:30]


def pdf_stem(paper: Paper) -> str:
    """``Surname2026-First-words-of-title`` (no extension), never empty, at most
    ``MAX_STEM`` characters."""
    lead = _surname(paper) + (str(paper.date.year) if paper.date else "")
    words = ascii_words(paper.title)[:TITLE_WORDS]
    stem = "-".join([lead, *words] if lead else words)
    if len(stem) > MAX_STEM:  # cut at the last whole word that fits, else anywhere
        cut = stem.rfind("-", 0, MAX_STEM + 1)
        stem = stem[:cut] if cut > 0 else stem[:MAX_STEM]
    if not stem:
        stem = "-".join(ascii_words(paper.arxiv_id or "")) or "paper"
    if stem.upper() in _RESERVED:
        stem += "-paper"
    return stem


def numbered(stem: str, n: int) -> str:
    """The file name of the ``n``-th file of ``stem``: ``stem.pdf``, ``stem-2.pdf``, ..."""
    return f"{stem}.pdf" if n == 1 else f"{stem}-{n}.pdf"
