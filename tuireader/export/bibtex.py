r"""BibTeX, the way arxiv.org writes it for e-prints, and ``@article`` for journal papers.

Names are ``Family, Suffix, Given`` with the particle before the family (``van der Berg,
Anna``), a family of several words braced (``{Le Cun}, Yann``) and a group braced whole
(``{ATLAS Collaboration}``), so BibTeX and biber split them as the source did (the
biblatex flavour writes a particle like "'t", which biber would not see as one, in biber's
``given=..., prefix=..., family=...`` form). Text goes
through ``export.latex``: specials escaped, ``$math$`` kept, braces as ``\{ \}``,
capitalised title words protected, accents as LaTeX commands (``unicode=True``, the
"biblatex" format, keeps UTF-8 for biber).

An e-print carries both spellings: ``eprint``/``archivePrefix``/``primaryClass`` (BibTeX
and arXiv's own export) and ``eprinttype = {arXiv}`` (biblatex, and what Zotero's BibTeX
import reads); the biblatex flavour has ``eprinttype``/``eprintclass`` only. An e-print with a
published version (a journal reference or a journal's DOI) is an ``@article`` in that
journal, with ``volume``, ``number``, ``pages`` and the journal's ``year``.

Keys follow a documented style, ``[surname][year][firstword]`` by default
(``vaswani2017attention``, ASCII, as Better BibTeX's default does), see ``KEY_TOKENS``; the
year is the one the entry's ``year`` field carries (``citation_year``: a published
version's, not the e-print's);
papers that share a key get a, b, ... in the order of their record keys, so the same
papers get the same keys in every export, whatever order they are listed in.

``url``, ``doi`` and ``eprint`` are verbatim fields (biblatex reads them as they are, and
classic styles hand ``url`` to ``\url{}``): LaTeX escapes there would become part of the
address (``\%`` breaks every link with a ``%20`` in it). They are written unescaped, with
the only characters that could break the file (braces, backslash) or the link (spaces)
percent-encoded, as a URL spells them anyway.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from tuireader.export import latex
from tuireader.export.publication import Publication, citation_year, publication
from tuireader.links import export_url
from tuireader.model import PREPRINT_SERVERS, Paper
from tuireader.names import PersonName
from tuireader.sanitize import clean

STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the this "
    "to towards toward via what when where which while who why with without".split()
)
DEFAULT_KEY_STYLE = "[surname][year][firstword]"
# What a key style may contain, besides literal letters, digits and -_:.
KEY_TOKENS = {
    "surname": "the first author's family name without particles, lower case ASCII",
    "Surname": "the same, capitalised",
    "year": "the entry's year (a published version's), four digits",
    "shortyear": "the year's last two digits",
    "firstword": "the title's first word that is not a stopword, lower case ASCII",
    "Firstword": "the same, capitalised",
    "arxiv": "the arXiv id, dots and slashes removed",
}
_TOKEN_RE = re.compile(r"\[([A-Za-z]+)\]")
_KEY_LITERAL_RE = re.compile(r"[A-Za-z0-9_:.-]*")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_VERBATIM_UNSAFE_RE = re.compile(r"[{}\\\s]")


def escape_latex(text: str) -> str:
    """Escape LaTeX's special characters; non-ASCII letters become accent commands."""
    return latex.escape(text)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", folded).lower()


def check_key_style(style: str) -> str:
    """``style`` if it is a valid key style; ``ValueError`` names what is wrong."""
    tokens = _TOKEN_RE.findall(style)
    unknown = [t for t in tokens if t not in KEY_TOKENS]
    if unknown:
        raise ValueError(
            f"unknown key part [{unknown[0]}] in {style!r}; known: "
            + ", ".join(f"[{t}]" for t in KEY_TOKENS)
        )
    if not tokens or not _KEY_LITERAL_RE.fullmatch(_TOKEN_RE.sub("", style)):
        raise ValueError(f"a key style is [parts] and letters, digits or -_:. ({style!r})")
    return style


def citation_key(paper: Paper, style: str = DEFAULT_KEY_STYLE) -> str:
    """The key of ``paper`` in ``style``, e.g. ``vaswani2017attention``."""
    people = paper.people
    surname = _ascii_word(people[0].sort_family) if people else ""
    cited = citation_year(paper)
    year = str(cited) if cited is not None else ""
    word = next(
        (w for w in (_ascii_word(t) for t in paper.title.split()) if w and w not in STOPWORDS), ""
    )
    values = {
        "surname": surname,
        "Surname": surname.capitalize(),
        "year": year,
        "shortyear": year[-2:],
        "firstword": word,
        "Firstword": word.capitalize(),
        "arxiv": re.sub(r"[./]", "", paper.arxiv_id or ""),
    }
    key = _TOKEN_RE.sub(lambda m: values[m.group(1)], style)
    return key if any(c.isalnum() for c in key) else "paper"


def _verbatim(text: str) -> str:
    """A DOI or an e-print number for a verbatim field: the braces and backslash that could
    break the file, and whitespace, percent-encoded as in a URL; the rest as it is."""
    return _VERBATIM_UNSAFE_RE.sub(lambda m: f"%{ord(m.group()):02X}", clean(text).strip())


def _field(name: str, value: str) -> str:
    return f"  {name} = {{{value}}}"


def _needs_braces(text: str) -> bool:
    """A name part BibTeX would split or misread: several words, "and", a comma."""
    return bool(re.search(r"\s|,|\band\b", text)) or not latex.balanced(text)


def bib_name(person: PersonName, *, unicode: bool = False) -> str:
    """``von Family, Suffix, Given`` with the parts BibTeX would misread braced."""

    def tex(text: str) -> str:
        return latex.escape(text, unicode=unicode)

    if person.literal or not person.family:
        whole = person.literal or person.display
        return "{" + tex(whole) + "}"
    family = tex(person.family)
    if _needs_braces(person.family) or person.family[:1].islower():
        family = "{" + family + "}"
    von = " ".join(p for p in (person.dropping_particle, person.particle) if p)
    if von and not all(w[:1].islower() or w[:1] == "'" for w in von.split()):
        family = "{" + tex(f"{von} {person.family}") + "}"  # "Le Cun" as the source says
        von = ""
    if unicode and von and not all(w[:1].isascii() and w[:1].islower() for w in von.split()):
        return _extended_name(person, tex)
    head = f"{tex(von)} {family}" if von else family
    given = tex(person.given)
    if given and (re.search(r",|\band\b", person.given) or not latex.balanced(given)):
        given = "{" + given + "}"
    if person.suffix:
        if not given:
            return "{" + tex(person.display) + "}"
        return f"{head}, {tex(person.suffix)}, {given}"
    return f"{head}, {given}" if given else head


def _extended_name(person: PersonName, tex: Callable[[str], str]) -> str:
    """biber's own name format (``given=Gerard, prefix={'t}, family=Hooft``), for a
    particle that does not start with a lower-case ASCII letter: BibTeX skips the
    apostrophe of "'t" and sees a particle, biber does not and would make it family."""
    von = " ".join(p for p in (person.dropping_particle, person.particle) if p)
    parts = (
        ("given", person.given),
        ("prefix", von),
        ("family", person.family),
        ("suffix", person.suffix),
    )
    return ", ".join(f"{key}={{{tex(value)}}}" for key, value in parts if value)


def _author_field(people: Sequence[PersonName], unicode: bool) -> str:
    return " and ".join(bib_name(p, unicode=unicode) for p in people if p.display.strip())


def _publication_fields(pub: Publication, unicode: bool) -> list[str]:
    fields = [_field("journal", latex.escape(pub.journal, unicode=unicode))]
    if pub.volume:
        fields.append(_field("volume", latex.escape(pub.volume)))
    if pub.issue:
        fields.append(_field("number", latex.escape(pub.issue)))
    if pub.pages:
        fields.append(_field("pages", latex.escape(pub.page_range("--"))))
    return fields


def entry(paper: Paper, key: str, *, unicode: bool = False) -> str:
    """One BibTeX entry for ``paper`` under ``key``."""
    pub = publication(paper)
    fields = [_field("title", latex.title(paper.title or "Untitled", unicode=unicode))]
    if paper.authors:
        fields.append(_field("author", _author_field(paper.people, unicode)))
    if pub is not None:
        fields += _publication_fields(pub, unicode)
    if pub is not None and pub.year is not None:
        fields.append(_field("year", str(pub.year)))
    elif paper.date:
        fields.append(_field("year", str(paper.date.year)))
        fields.append(f"  month = {_MONTHS[paper.date.month - 1]}")
    if paper.arxiv_id:
        fields.append(_field("eprint", _verbatim(paper.arxiv_id)))
        # biber's data model has no archivePrefix ("invalid in data model"): the UTF-8
        # biblatex flavour writes only biblatex's own names for the same two fields.
        if not unicode:
            fields.append(_field("archivePrefix", "arXiv"))
        fields.append(_field("eprinttype", "arXiv"))
        if paper.categories:
            fields.append(
                _field(
                    "eprintclass" if unicode else "primaryClass", latex.escape(paper.categories[0])
                )
            )
    elif paper.journal in PREPRINT_SERVERS:
        fields.append(_field("howpublished", latex.escape(paper.journal or "")))
    if paper.doi:
        fields.append(_field("doi", _verbatim(paper.doi)))
    if paper.journal_ref and pub is None:
        fields.append(_field("note", latex.escape(paper.journal_ref, unicode=unicode)))
    link = f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else paper.link
    if url := export_url(link):
        fields.append(_field("url", url))
    kind = "article" if pub is not None else "misc"
    return f"@{kind}{{{key},\n" + ",\n".join(fields) + "\n}\n"


def unique_keys(papers: Iterable[Paper], style: str = DEFAULT_KEY_STYLE) -> list[str]:
    """Citation keys for ``papers``; papers sharing one get a, b, c, ... in the order of
    their record keys (not of the list), so an export's keys do not depend on its order."""
    papers = list(papers)
    base = [citation_key(p, style) for p in papers]
    groups: dict[str, list[int]] = {}
    for index, key in enumerate(base):
        groups.setdefault(key, []).append(index)
    keys = list(base)
    for key, indexes in groups.items():
        if len(indexes) == 1:
            continue
        for n, index in enumerate(sorted(indexes, key=lambda i: (papers[i].key, i))):
            keys[index] = key + _suffix(n)
    return keys


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def to_bibtex(
    papers: Iterable[Paper], *, unicode: bool = False, key_style: str = DEFAULT_KEY_STYLE
) -> str:
    """A BibTeX file with one entry per paper (``unicode``: UTF-8 text, for biber)."""
    papers = list(papers)
    keys = unique_keys(papers, check_key_style(key_style))
    return "\n".join(entry(p, k, unicode=unicode) for p, k in zip(papers, keys, strict=True))
