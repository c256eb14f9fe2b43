r"""BibTeX, the way arxiv.org writes it for e-prints, and ``@article`` for everything else.

Keys are first author's surname + year + first non-stopword title word, ASCII only, made
unique within one export with a, b, ... suffixes. LaTeX specials are escaped, capitalised
title words are protected with braces, and non-ASCII text stays UTF-8 (biber and modern
BibTeX read it).

``url``, ``doi`` and ``eprint`` are verbatim fields (biblatex reads them as they are, and
classic styles hand ``url`` to ``\url{}``): LaTeX escapes there would become part of the
address (``\%`` breaks every link with a ``%20`` in it). They are written unescaped, with
the only characters that could break the file (braces, backslash) or the link (spaces)
percent-encoded, as a URL spells them anyway.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tuireader.links import export_url
from tuireader.model import Paper
from tuireader.sanitize import clean

STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the this "
    "to towards toward via what when where which while who why with without".split())
_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    # Not \{ and \}: BibTeX's parser counts braces even when escaped, so an unbalanced one
    # in a title would end the field early. These commands always balance.
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_SPECIALS_RE = re.compile(r"[\\&%$#_{}~^]")
_WORD_RE = re.compile(r"\S+")
_VERBATIM_UNSAFE_RE = re.compile(r"[{}\\\s]")


def escape_latex(text: str) -> str:
    """Escape LaTeX's special characters; everything else, non-ASCII included, stays."""
    return _SPECIALS_RE.sub(lambda m: _SPECIALS[m.group()], text)


def _protect_capitals(escaped_title: str) -> str:
    """``{Graph} {Neural} networks for {LLMs}``: keep capitals in sentence-case styles."""

    def protect(match: re.Match[str]) -> str:
        word = match.group()
        if any(c.isupper() for c in word) and "\\" not in word:
            return "{" + word + "}"
        return word

    return _WORD_RE.sub(protect, escaped_title)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", folded).lower()


def _surname(name: str) -> str:
    name = name.strip()
    if "," in name:  # "Family, Given"
        return name.split(",", 1)[0]
    parts = name.split()
    return parts[-1] if parts else ""


def citation_key(paper: Paper) -> str:
    """``surnameYEARword``, ASCII only, e.g. ``vaswani2017attention``."""
    surname = _ascii_word(_surname(paper.authors[0])) if paper.authors else ""
    year = str(paper.date.year) if paper.date else ""
    word = next((w for w in (_ascii_word(t) for t in paper.title.split())
                 if w and w not in STOPWORDS), "")
    return (surname + year + word) or "paper"


def _verbatim(text: str) -> str:
    """A DOI or an e-print number for a verbatim field: the braces and backslash that could
    break the file, and whitespace, percent-encoded as in a URL; the rest as it is."""
    return _VERBATIM_UNSAFE_RE.sub(lambda m: f"%{ord(m.group()):02X}", clean(text).strip())


def _field(name: str, value: str) -> str:
    return f"  {name} = {{{value}}}"


def _author_field(authors: Iterable[str]) -> str:
    # A name containing the word "and" would split into two authors: brace it.
    # So would one with more commas than "von Last, Jr, First" has, or an empty part: brace
    # those too, as one literal name.
    names = [escape_latex(a) for a in authors if a.strip()]
    return " and ".join("{" + n + "}" if re.search(r"\band\b", n) or _odd_commas(n) else n
                        for n in names)


def _odd_commas(name: str) -> bool:
    parts = name.split(",")
    return len(parts) > 3 or (len(parts) > 1 and not all(p.strip() for p in parts))


def entry(paper: Paper, key: str) -> str:
    """One BibTeX entry for ``paper`` under ``key``."""
    fields = [_field("title", _protect_capitals(escape_latex(paper.title or "Untitled")))]
    if paper.authors:
        fields.append(_field("author", _author_field(paper.authors)))
    if paper.date:
        fields.append(_field("year", str(paper.date.year)))
    if paper.arxiv_id:
        kind = "misc"
        fields.append(_field("eprint", _verbatim(paper.arxiv_id)))
        fields.append(_field("archivePrefix", "arXiv"))
        if paper.categories:
            fields.append(_field("primaryClass", escape_latex(paper.categories[0])))
        if paper.doi:
            fields.append(_field("doi", _verbatim(paper.doi)))
        if paper.journal_ref:
            fields.append(_field("note", escape_latex(paper.journal_ref)))
        if url := export_url(f"https://arxiv.org/abs/{paper.arxiv_id}"):
            fields.append(_field("url", url))
    else:
        kind = "article"
        if paper.journal:
            fields.append(_field("journal", escape_latex(paper.journal)))
        if paper.doi:
            fields.append(_field("doi", _verbatim(paper.doi)))
        if url := export_url(paper.link):
            fields.append(_field("url", url))
    return f"@{kind}{{{key},\n" + ",\n".join(fields) + "\n}\n"


def unique_keys(papers: Iterable[Paper]) -> list[str]:
    """Citation keys for ``papers``, duplicates suffixed a, b, c, ... in order."""
    papers = list(papers)
    base = [citation_key(p) for p in papers]
    counts: dict[str, int] = {}
    for key in base:
        counts[key] = counts.get(key, 0) + 1
    seen: dict[str, int] = {}
    keys = []
    for key in base:
        if counts[key] == 1:
            keys.append(key)
            continue
        n = seen.get(key, 0)
        seen[key] = n + 1
        keys.append(key + _suffix(n))
    return keys


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def to_bibtex(papers: Iterable[Paper]) -> str:
    """A BibTeX file with one entry per paper."""
    papers = list(papers)
    return "\n".join(entry(p, k) for p, k in zip(papers, unique_keys(papers), strict=True))
