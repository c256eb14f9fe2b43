"""Words and names as the radar compares them: folded, tokenised, matched as whole words.

"Diffusion" in a rule matches "diffusion" and "diffusions" in a title, never "nondiffusion";
"protein design" matches those two words in a row, across hyphens and line breaks;
"Lovelace, A." and "Ada Lovelace" are the same author. Case and accents never matter
(including the letters that do not decompose: ø, æ, ß, ł, đ, þ).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tuireader.folding import fold

_WORD_RE = re.compile(r"[^\W_]+")
_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")
# Name particles that belong to the family name ("van der Berg", "de la Cruz").
PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "la",
        "le",
        "los",
        "las",
        "da",
        "dos",
        "du",
        "ten",
        "ter",
        "zu",
        "di",
        "al",
        "el",
        "bin",
        "ben",
        "ibn",
        "'t",
        "op",
    }
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order (hyphens, slashes and punctuation split)."""
    folded = fold(text)
    return (_ASCII_WORD_RE if folded.isascii() else _WORD_RE).findall(folded)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One or more words that must appear in a row; the last may take a plural ending."""

    text: str  # as the reader wrote it, for reasons
    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Phrase | None:
        found = tuple(words(text.strip().strip('"').strip("'")))
        return cls(text.strip().strip('"').strip("'"), found) if found else None

    def occurs_in(self, tokens: Sequence[str]) -> bool:
        return self.count_in(tokens, most=1) > 0

    def count_in(self, tokens: Sequence[str], *, most: int) -> int:
        """How many times the phrase occurs in ``tokens``, counting up to ``most``."""
        n, found = len(self.words), 0
        head, forms = self.words[:-1], _forms(self.words[-1])
        for i in range(n - 1, len(tokens)):
            # The last word first: a set lookup, so a long abstract costs little.
            if tokens[i] in forms and tuple(tokens[i - n + 1 : i]) == head:
                found += 1
                if found >= most:
                    break
        return found


def _forms(word: str) -> frozenset[str]:
    """``word`` and its plurals ("model"/"models", "process"/"processes", "body"/"bodies")."""
    if len(word) < 3:
        return frozenset((word,))
    found = {word, word + "s", word + "es"}
    if word.endswith("y"):
        found.add(word[:-1] + "ies")
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class AuthorName:
    """A name reduced to what identifies it: the family name and the given initials."""

    text: str
    family: str  # folded, particles included, no spaces: "vanderberg"
    initials: str  # folded first letters of the given names: "al" for "Ada L."

    @classmethod
    def parse(cls, text: str) -> AuthorName | None:
        text = text.strip()
        if "," in text:  # "Lovelace, Ada" / "Lovelace, A." / "King, Jr., Martin"
            parts = [p.strip() for p in text.split(",")]
            family_part = parts[0]
            given_part = " ".join(p for p in parts[1:] if fold(p).strip(". ") not in _SUFFIXES)
            family_words = words(family_part)
            given_words = words(given_part)
        else:
            tokens = [t for t in words(text) if t not in _SUFFIXES]
            if not tokens:
                return None
            start = len(tokens) - 1
            while start > 0 and tokens[start - 1] in PARTICLES:
                start -= 1
            family_words, given_words = tokens[start:], tokens[:start]
        if not family_words:
            return None
        return cls(text, "".join(family_words), "".join(w[0] for w in given_words))

    def matches(self, other: AuthorName) -> bool:
        """Same family, and given initials that agree as far as both names give them."""
        if self.family != other.family:
            return False
        shorter = min(len(self.initials), len(other.initials))
        return self.initials[:shorter] == other.initials[:shorter]
