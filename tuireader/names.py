"""Structured author names: given, family, particle, suffix, or a literal group name.

Citation formats each want the parts of a name (BibTeX ``{Le Cun}, Yann``, RIS
``King, Martin Luther, Jr.``, CSL-JSON ``non-dropping-particle``), and a display string
("Anna van der Berg") cannot always be split back the same way. ``PersonName`` keeps the
parts; ``parse_person`` reads them from one name in any of the ways feeds and exports write
it ("Given Family Suffix", "Family, Given", "Family, Suffix, Given", "Family, Given,
Suffix", "Name (email)", "email (Name)"). It lives beside ``model`` (not in ``feeds``) so a
record loaded from an old cache or library copy, which has only display strings, can be
given its parts without a layer reaching upwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Lower-case words that start a family name ("van der Berg", "de la Cruz", "'t Hooft").
PARTICLES = frozenset(
    "'t d' da das de del della der des di do dos du el la las le les lo los op "
    "ten ter van vande vander von zu zum zur ben bin ibn al".split()
)
# Capitalised words that, before the last word, belong to the family name ("Yann Le Cun",
# "Robert De Niro", "Eddie Van Halen"): part of the family, not a droppable particle.
_FAMILY_PREFIXES = frozenset("Le La De Di Da Del Della Van Von Du Des Dos Ten Ter Mac St.".split())
SUFFIXES = frozenset("Jr. Jr Sr. Sr II III IV V VI 2nd 3rd Jnr. Snr.".split())
# Group authors: kept whole as a literal, never split into given and family.
_GROUP_RE = re.compile(
    r"\b(?:Collaboration|Consortium|Group|Team|Collaborators|Investigators|Committee|"
    r"Project|Initiative|Network|Society|Association|Alliance|Council|Organi[sz]ation|"
    r"Institute|Laboratory|Centre|Center|University|Working Party|Study|Programme)s?\b",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(r"[^\s()<>@,;]+@[^\s()<>@,;]+\.[A-Za-z]{2,}")
_PARENS_RE = re.compile(r"^(?P<out>[^()]*)\((?P<in>[^()]*)\)\s*$")


@dataclass(frozen=True, slots=True)
class PersonName:
    """One author. ``particle`` is non-dropping ("van der" prints with "Berg" and, in
    Dutch usage, sorts with it); ``dropping_particle`` prints but does not sort ("von" in
    "Humboldt, Alexander von"). A group author has only ``literal``."""

    given: str = ""
    family: str = ""
    particle: str = ""
    dropping_particle: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def display(self) -> str:
        """ "Given particle Family Suffix", as the app shows authors."""
        if self.literal:
            return self.literal
        words = (self.given, self.dropping_particle, self.particle, self.family)
        text = " ".join(w for w in words if w)
        return f"{text} {self.suffix}" if self.suffix else text

    @property
    def full_family(self) -> str:
        """The family name with its non-dropping particle: "van der Berg"."""
        return " ".join(w for w in (self.particle, self.family) if w)

    @property
    def sort_family(self) -> str:
        """The family name without particles, for citation keys: "Berg"."""
        return self.family or self.literal

    def to_dict(self) -> dict[str, str]:
        """The parts that are set, for JSON (a literal alone for a group)."""
        return {
            k: v
            for k, v in (
                ("given", self.given),
                ("family", self.family),
                ("particle", self.particle),
                ("dropping_particle", self.dropping_particle),
                ("suffix", self.suffix),
                ("literal", self.literal),
            )
            if v
        }

    @classmethod
    def from_dict(cls, data: Any) -> PersonName:
        """The name of a ``to_dict`` record; ``ValueError`` says what is wrong with it."""
        if not isinstance(data, dict):
            raise ValueError("a name is a JSON object of strings")
        parts: dict[str, str] = {}
        for key in _PART_NAMES:
            value = data.get(key, "")
            if not isinstance(value, str):
                raise ValueError(f'a name\'s "{key}" is not a string')
            parts[key] = " ".join(value.split())
        return cls(**parts)


_PART_NAMES = ("given", "family", "particle", "dropping_particle", "suffix", "literal")


def is_group(text: str) -> bool:
    """ "ATLAS Collaboration", "The CMS Collaboration", "... Consortium": not a person."""
    text = text.strip()
    return bool(_GROUP_RE.search(text)) or text.lower().startswith("the ")


def _is_suffix(text: str) -> bool:
    return text.strip() in SUFFIXES


def _without_email(text: str) -> str:
    """ "Ann Lee (ann@x.org)" and "ann@x.org (Ann Lee)" -> "Ann Lee"; a bare address is
    kept (it is all the source says)."""
    match = _PARENS_RE.match(text)
    if match:
        outside, inside = match.group("out").strip(), match.group("in").strip()
        if _EMAIL_RE.fullmatch(outside) and inside:
            return inside
        if _EMAIL_RE.fullmatch(inside) and outside:
            return outside
    if "<" in text and ">" in text:  # "Ann Lee <ann@x.org>"
        name = re.sub(r"<[^<>]*@[^<>]*>", "", text).strip()
        if name:
            return name
    return text


def _split_family(family: str) -> tuple[str, str]:
    """(particle, family) of a family name as written: lower-case leading words are the
    particle ("van der" Berg); capitalised ones ("Le Cun") stay in the family."""
    words = family.split()
    n = 0
    while n < len(words) - 1 and _is_particle(words[n]):
        n += 1
    return " ".join(words[:n]), " ".join(words[n:])


def _is_particle(word: str) -> bool:
    return word in PARTICLES or (word[:1].islower() and word.rstrip("'") in PARTICLES)


def parse_person(text: str) -> PersonName:
    """The parts of one name as written in a feed, a display string or an export."""
    text = " ".join(_without_email(" ".join(text.split())).split())
    if not text:
        return PersonName()
    if is_group(text):
        return PersonName(literal=text)
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        if len(parts) == 2 and _is_suffix(parts[1]):  # "Martin Luther King, Jr."
            return _display_form(parts[0], parts[1])
        if len(parts) == 2:  # "Family, Given"
            particle, family = _split_family(parts[0])
            return _with_given(PersonName(given=parts[1], family=family, particle=particle))
        if len(parts) == 3 and all(parts):
            if _is_suffix(parts[1]):  # BibTeX "Family, Suffix, Given"
                family_part, suffix, given = parts
            elif _is_suffix(parts[2]):  # RIS "Family, Given, Suffix"
                family_part, given, suffix = parts
            else:
                return PersonName(literal=text)
            particle, family = _split_family(family_part)
            return _with_given(
                PersonName(given=given, family=family, particle=particle, suffix=suffix)
            )
        return PersonName(literal=text)
    return _display_form(text, "")


def _with_given(name: PersonName) -> PersonName:
    """A trailing particle written in the given part ("Alexander von") is dropping."""
    words = name.given.split()
    n = len(words)
    while n > 1 and _is_particle(words[n - 1]):
        n -= 1
    if n == len(words):
        return name
    return PersonName(
        given=" ".join(words[:n]),
        family=name.family,
        particle=name.particle,
        dropping_particle=" ".join(words[n:]),
        suffix=name.suffix,
    )


def _display_form(text: str, suffix: str) -> PersonName:
    """ "Given [particle] Family [Suffix]"."""
    words = text.split()
    if not suffix and len(words) > 2 and _is_suffix(words[-1]):
        suffix = words.pop()
    if len(words) == 1:
        return PersonName(family=words[0], suffix=suffix)
    start = len(words) - 1
    while start > 1 and words[start - 1] in _FAMILY_PREFIXES:
        start -= 1
    family_start = start
    while start > 1 and _is_particle(words[start - 1]):
        start -= 1
    return PersonName(
        given=" ".join(words[:start]),
        particle=" ".join(words[start:family_start]),
        family=" ".join(words[family_start:]),
        suffix=suffix,
    )
