"""The citation of a journal feed's item: its DOI, journal, volume, issue and pages.

Publishers put these in different places: PRISM (any version), Dublin Core, the item's
links, or labelled lines of the description (Pensoft: ``<p>ZooKeys 1078: 135-188</p>
<p>DOI: 10.3897/...</p><p>Authors: ...</p><p>Abstract: ...</p>``). A DOI is never taken
from the prose of an abstract: abstracts cite other papers' DOIs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tuireader.cleantext import clean_text
from tuireader.feeds.entries import RawEntry
from tuireader.model import doi_as_written

# A DOI in a link, where the address says so: doi.org, ".../doi/[full|abs|pdf/]10.x/...",
# or "?doi=10.x/..." ("article?id=10.x/..." for PLOS).
_LINK_DOI_RE = re.compile(
    r"(?:doi\.org/|/doi/(?:full/|abs/|pdf/|epdf/)?|[?&](?:doi|id)=)(10\.\d{4,9}/[^\s?#&]+)",
    re.IGNORECASE,
)
# Publisher addresses whose article id maps to a DOI with certainty.
_NATURE_RE = re.compile(r"^https?://(?:www\.)?nature\.com/articles/([a-z0-9][\w.-]+)$", re.I)

_LABELLED_RE = re.compile(
    r"<p>\s*(?P<label>DOI|Authors|Abstract)\s*:\s*(?P<value>.*?)\s*</p>", re.IGNORECASE | re.DOTALL
)
# "<p>MycoKeys 85: 109-125</p>": journal, volume and pages, on the first line.
_CITATION_LINE_RE = re.compile(
    r"^\s*<p>\s*(?P<journal>[^<:\d][^<:]*?)\s+(?P<volume>\d+)\s*:\s*(?P<pages>\d+(?:\s*[-–]\s*\d+)?)\s*</p>"
)


@dataclass(slots=True)
class Labelled:
    """What a description's labelled lines say about the item itself."""

    doi: str | None = None
    authors: str = ""
    abstract: str = ""
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""


# Taylor & Francis' description is the citation alone: "Volume 67, Issue 4, December 2021,
# Page 283-289<br/>. <br/>" (no abstract in the feed).
_CITATION_ONLY_RE = re.compile(
    r"Volume\s+(?P<volume>[\w.-]+),\s*Issue\s+(?P<issue>[\w.-]+),[^.]*?,\s*"
    r"Pages?\s+(?P<pages>\d+(?:\s*[-–]\s*\d+)?)[\s.]*",
    re.IGNORECASE,
)


def citation_only(text: str) -> Labelled | None:
    """The volume, issue and pages of a description that is nothing but a citation."""
    match = _CITATION_ONLY_RE.fullmatch(clean_text(text, is_html=True).strip())
    if match is None:
        return None
    pages = re.sub(r"\s*[-–]\s*", "-", match.group("pages"))
    return Labelled(volume=match.group("volume"), issue=match.group("issue"), pages=pages)


def labelled_lines(description: str) -> Labelled:
    """The item's own metadata written as labelled paragraphs of its description."""
    found = Labelled()
    for match in _LABELLED_RE.finditer(description):
        label, value = match.group("label").lower(), match.group("value")
        if label == "doi" and found.doi is None:
            found.doi = doi_as_written(value)
        elif label == "authors" and not found.authors:
            found.authors = clean_text(value, is_html=True)
        elif label == "abstract" and not found.abstract:
            found.abstract = value
    if found.doi or found.authors or found.abstract:
        citation = _CITATION_LINE_RE.match(description)
        if citation:
            found.journal = clean_text(citation.group("journal"))
            found.volume = citation.group("volume")
            found.pages = re.sub(r"\s*[-–]\s*", "-", citation.group("pages"))
    return found


def doi_from_link(link: str) -> str | None:
    """The DOI an item's address carries, where the mapping is certain."""
    match = _LINK_DOI_RE.search(link)
    if match:
        return doi_as_written(match.group(1))
    nature = _NATURE_RE.match(link.strip())
    if nature:
        return f"10.1038/{nature.group(1)}"
    return None


def _identifier_doi(value: str) -> str | None:
    """``dc:identifier`` as ``doi:...``, ``info:doi/...``, a URL or a bare DOI (not an ISSN,
    a PII or some other identifier)."""
    text = value.strip()
    if text.lower().startswith(("http://", "https://")):
        return doi_from_link(text)
    return doi_as_written(text) if re.match(r"^(?:doi:\s*|info:doi/)?10\.", text, re.I) else None


def entry_doi(entry: RawEntry, labelled: Labelled) -> str | None:
    """The item's own DOI, in its publisher's letter case, from the fields that name it."""
    return (
        doi_as_written(entry.ext.get("prism:doi"))
        or _identifier_doi(entry.ext.get("dc:identifier", ""))
        or doi_as_written(entry.ext.get("arxiv:doi"))
        or doi_as_written(entry.ext.get("atom:doi_link"))
        or _identifier_doi(entry.guid)  # PLOS: <id>info:doi/10.1371/...</id>
        or labelled.doi
        or doi_from_link(entry.link)
        or doi_from_link(entry.ext.get("prism:url", ""))
    )


# "PLOS ONE: New Articles", "tandf: Zoology in the Middle East: Table of Contents",
# "Latest Articles from MycoKeys", "Nature - Issue - nature.com science feeds".
_FEED_TITLE_TAILS = re.compile(
    r"\s*(?::|-|–|—)\s*(?:new articles|latest articles|table of contents|current issue|"
    r"advance articles|early view|most recent|recent articles|in press|first release|"
    r"issue - .*|latest results|articles)\s*$",
    re.IGNORECASE,
)
_FEED_TITLE_HEADS = (
    re.compile(r"^(?:latest|recent|new) articles (?:from|in)\s+", re.IGNORECASE),
    re.compile(r"^[a-z]{2,8}:\s+"),  # a lower-case publisher tag: "tandf: "
)


def journal_of_feed(title: str) -> str:
    """A journal's name from its feed's title: "PLOS ONE: New Articles" -> "PLOS ONE"."""
    name = clean_text(title).strip()
    for head in _FEED_TITLE_HEADS:
        name = head.sub("", name)
    name = _FEED_TITLE_TAILS.sub("", name)
    return name.strip() or clean_text(title).strip()


# Nature's dc:source is a citation: "Nature, Published online: 2024-01-15; | doi:10.1038/...".
_SOURCE_TAIL_RE = re.compile(r"\s*(?:[,;]\s*(?:published|doi|vol|\d)|\|).*$", re.IGNORECASE)


def container(entry: RawEntry, title: str, feed_journal: str) -> str | None:
    """The journal the item appeared in: ``prism:publicationName`` unless it repeats the
    article's title (Taylor & Francis), else ``dc:source`` without a citation after the
    name, else the feed's title trimmed to the journal's name."""
    name = clean_text(entry.ext.get("prism:publicationname", "")).strip()
    if name and name.casefold() != title.strip().casefold():
        return name
    source = _SOURCE_TAIL_RE.sub("", clean_text(entry.ext.get("dc:source", ""))).strip()
    if source and not source.lower().startswith(("http://", "https://")):
        return source
    return journal_of_feed(feed_journal) or None


def volume_issue_pages(entry: RawEntry) -> tuple[str | None, str | None, str | None]:
    """PRISM's volume, number and pages (``startingPage``/``endingPage`` or ``pageRange``)."""
    ext = entry.ext
    volume = clean_text(ext.get("prism:volume", "")) or None
    issue = clean_text(ext.get("prism:number", "") or ext.get("prism:issueidentifier", ""))
    start = clean_text(ext.get("prism:startingpage", ""))
    end = clean_text(ext.get("prism:endingpage", ""))
    if start and end and end != start:
        pages = f"{start}-{end}"
    else:
        pages = start or clean_text(ext.get("prism:pagerange", "")).replace("–", "-")
    return volume, issue or None, pages or None
