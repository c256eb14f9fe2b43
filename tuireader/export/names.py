"""Author names as formats want them: ``("van der Berg", "Anna")`` from "Anna van der Berg"."""

from __future__ import annotations

PARTICLES = frozenset("da das de del della der des di dos du la le ten ter van von zu".split())


def split_name(name: str) -> tuple[str, str]:
    """(family, given). "Family, Given" is taken as written; otherwise the last word is the
    family name, together with any lower-case particles before it."""
    name = " ".join(name.split())
    if "," in name:
        family, given = name.split(",", 1)
        return family.strip(), given.strip()
    words = name.split(" ")
    if len(words) == 1:
        return words[0], ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])
