"""Author lists as the services write them, split into one clean name per author.

arXiv joins creators with commas (and sometimes "and"), may add affiliations in
parentheses, and spells accents in LaTeX (``S{\\o}gaard``). bioRxiv and medRxiv write
"Surname, I., Surname, I.". Both become ``("Given Surname", ...)``.

Where a source writes the parts ("Garcia Marquez, G.", "van der Berg, Anna; ..."), they
are kept as ``PersonName``s (``People``): the display string "G. Garcia Marquez" would
parse back into a given name "G. Garcia", and the citation exports need the family.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from tuireader.cleantext import clean_text
from tuireader.names import PersonName, parse_person

_COMBINING = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
_LETTERS = {
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ss": "ß",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "i": "ı",
    "j": "ȷ",
}
_SYMBOL_ACCENT_RE = re.compile(r"""\\(["'`^~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))""")
_LETTER_ACCENT_RE = re.compile(r"\\([vuHckr])(?:\s*\{\s*(\\?[A-Za-z])\s*\}|\s+(\\?[A-Za-z]))")
_SPECIAL_LETTER_RE = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s?")
_NOT_NAMES = frozenset(("et al.", "et al", "others"))
_INITIALS_RE = re.compile(r"^(?:[A-Z][a-z]?\.?[\s-]*)+$")


def _accent(command: str, letter: str) -> str:
    if letter.startswith("\\"):
        letter = _LETTERS.get(letter[1:], letter[1:])
    letter = {"ı": "i", "ȷ": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", letter + _COMBINING[command])


def decode_latex_accents(text: str) -> str:
    """``Pi\\v{z}urica`` -> ``Pižurica``, ``S{\\o}gaard`` -> ``Søgaard``; braces dropped."""
    if "\\" not in text:
        return text.replace("{", "").replace("}", "") if "{" in text else text
    text = _SYMBOL_ACCENT_RE.sub(lambda m: _accent(m.group(1), m.group(2) or m.group(3)), text)
    text = _LETTER_ACCENT_RE.sub(lambda m: _accent(m.group(1), m.group(2) or m.group(3)), text)
    text = _SPECIAL_LETTER_RE.sub(lambda m: _LETTERS[m.group(1)], text)
    return text.replace("{", "").replace("}", "")


_SEPARATOR_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|^and\s+")


def _split_top_level(text: str) -> list[str]:
    """Split on commas and the word "and" outside parentheses; drop the parentheses."""
    if "(" not in text and "[" not in text:  # the common case, without a char loop
        if "and" in text:
            return _SEPARATOR_RE.split(text.strip())
        return text.split(",")  # commas alone separate (names are stripped by the caller)
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            if char == ",":
                parts.append("".join(current))
                current = []
            else:
                current.append(char)
    parts.append("".join(current))
    names: list[str] = []
    for part in parts:
        names.extend(re.split(r"\s+and\s+|^and\s+", part.strip()))
    return names


def split_arxiv_authors(creator: str | None) -> tuple[str, ...]:
    """Split arXiv's comma-joined ``dc:creator`` into names."""
    if not creator:
        return ()
    # Clean and decode the whole string once; splitting then only trims.
    names = [n.strip() for n in _split_top_level(clean_text(decode_latex_accents(creator)))]
    return tuple([n for n in names if n and n.lower() not in _NOT_NAMES])


class People(NamedTuple):
    """A paper's authors as ``Paper`` takes them: the display strings, and their parts
    where the source wrote them and the display would not parse back into the same
    (empty when every display does: the record then stores no names)."""

    authors: tuple[str, ...]
    names: tuple[PersonName, ...]


def people_of(authors: Iterable[str | PersonName]) -> People:
    """``People`` of display strings and names as the source wrote them. A display string
    is what its name parses from, so only the source's parts are parsed back to compare
    (a feed of "Given Family" names costs no parsing here)."""
    items = list(authors)
    displays = tuple(a if isinstance(a, str) else a.display for a in items)
    if all(isinstance(a, str) or parse_person(a.display) == a for a in items):
        return People(displays, ())
    return People(displays, tuple(parse_person(a) if isinstance(a, str) else a for a in items))


def surname_initials_people(creator: str | None) -> People:
    """bioRxiv's ``"Kukla, D., Crampton, A."``: ``("D. Kukla", "A. Crampton")``, and the
    parts of a family of several words ("Garcia Marquez, G.")."""
    return people_of(_surname_initials(creator or ""))


def _surname_initials(creator: str) -> list[str | PersonName]:
    """Each "Surname, I." pair as its parts; a token without initials as it is."""
    tokens = [t.strip() for t in clean_text(creator).split(",")]
    tokens = [t for t in tokens if t]
    names: list[str | PersonName] = []
    i = 0
    while i < len(tokens):
        surname = decode_latex_accents(tokens[i])
        if i + 1 < len(tokens) and _INITIALS_RE.match(tokens[i + 1]):
            names.append(parse_person(f"{surname}, {decode_latex_accents(tokens[i + 1])}"))
            i += 2
        else:
            names.append(surname)
            i += 1
    return names


def split_surname_initials(creator: str | None) -> tuple[str, ...]:
    """bioRxiv's ``"Kukla, D., Crampton, A."`` -> ``("D. Kukla", "A. Crampton")``."""
    return surname_initials_people(creator).authors


def clean_author(name: str | None) -> str:
    """One author name from a structured field (Atom ``<name>``, JSON)."""
    return clean_text(decode_latex_accents(name or ""))


def _person(text: str) -> str | PersonName:
    """One person: "Lee, Ann" and "Ann Lee (ann@x.org)", "ann@x.org (Ann Lee)" as their
    parts; a name written "Given Family" as it is."""
    text = text.strip()
    return parse_person(text) if ("," in text or "@" in text) else text


def _one_creator_field(text: str) -> list[str | PersonName]:
    """The people one author field names, in whichever way a publisher joined them."""
    if "@" in text and "," not in text and " and " not in text:
        return [_person(text)]  # "Name (email)" or "email (Name)"
    if ";" in text:  # "Surname, Given; Surname, Given"
        return [_person(part) for part in text.split(";") if part.strip()]
    tokens = [t.strip() for t in text.split(",")]
    if len(tokens) >= 4 and all(_INITIALS_RE.match(t) for t in tokens[1::2]):
        return _surname_initials(text)  # bioRxiv: "Hou, N., Wu, Z., ..."
    if len(tokens) == 2 and " and " not in text and len(tokens[0].split()) == 1 and tokens[1]:
        return [_person(text)]  # "Lee, Ann" is one person; "Ann Lee, Bo Chen" two
    return list(split_arxiv_authors(text))  # "A and B", "A, B and C", "A, Cher, C"


def feed_people(fields: list[str]) -> People:
    """The authors of a generic feed's item from its author fields (``dc:creator``
    repeated or joined, Atom ``author/name``, RSS ``author``), one clean name each."""
    found: dict[str, str | PersonName] = {}
    for field in fields:
        text = clean_author(field).strip()
        if not text:
            continue
        for person in _one_creator_field(text):
            display = person if isinstance(person, str) else person.display
            if display and display.lower() not in _NOT_NAMES:
                found.setdefault(display, person)
    return people_of(found.values())
