"""The paper record shared by every part of hubread.

A ``Paper`` is immutable and made only of plain values (strings, tuples, ints and aware
datetimes) so it can cross threads, go into SQLite as JSON and come back unchanged.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

from tuireader.names import PersonName, parse_person

ANNOUNCE_TYPES = ("new", "cross", "replace", "replace-cross", "absonly")
PREPRINT_SERVERS = ("arXiv", "bioRxiv", "medRxiv")

# An old-style id never starts right after a letter (the match would start one letter
# earlier), so skipping those positions finds the same ids without re-scanning every run
# of letters in "oai:arXiv.org:..." for a "/" from each of its letters.
_ARXIV_ID_RE = re.compile(
    r"(?P<id>\d{4}\.\d{4,5}|(?<![a-z])[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})"
    r"(?:v(?P<version>\d+))?",
)
# The largest whole number a paper holds: SQLite's INTEGER is a signed 64-bit integer.
MAX_COUNT = 2**63 - 1
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)


def parse_arxiv_id(text: str | None) -> tuple[str, int | None] | None:
    """Find an arXiv identifier (new or old style) in a string: ``(id, version)``."""
    if not text:
        return None
    match = _ARXIV_ID_RE.search(text)
    if match is None:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def doi_as_written(text: str | None) -> str | None:
    """The bare DOI in its publisher's letter case (what a citation shows), from
    ``doi:...``, ``info:doi/...``, a doi.org or publisher URL: a query string or fragment
    after it (``?TRACK=RSS``, ``#abstract``) is the address's, not the DOI's."""
    if not text:
        return None
    match = _DOI_RE.search(text)
    if match is None:
        return None
    doi = match.group(1).split("?", 1)[0].split("#", 1)[0]
    return doi.rstrip(".,;)]") or None


def normalize_doi(text: str | None) -> str | None:
    """The bare DOI, lower-cased (DOIs compare case-insensitively), as ``doi_as_written``."""
    doi = doi_as_written(text)
    return doi.lower() if doi else None


def utc_iso(moment: datetime | None) -> str | None:
    """A datetime as ISO 8601 in UTC (what the cache stores, and sorts as text)."""
    return moment.astimezone(UTC).isoformat() if moment else None


def paper_key(arxiv_id: str | None, doi: str | None, fallback: str, *content: str) -> str:
    """The dedup key: arXiv id without version, else lower-cased DOI, else guid or link.

    An item with none of those (it happens) is keyed by a hash of ``content`` (title,
    summary, date), so that distinct anonymous items do not collapse into one.
    """
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    if doi:
        return f"doi:{doi.lower()}"
    if fallback.strip():
        return f"url:{fallback.strip()}"
    digest = hashlib.blake2b("\x1f".join(content).encode("utf-8"), digest_size=12)
    return f"hash:{digest.hexdigest()}"


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as hubread knows it, merged across every source that listed it."""

    key: str
    title: str
    authors: tuple[str, ...] = ()
    # The parts of each author's name, when the source gave them; ``people`` parses the
    # display strings of ``authors`` for a paper without them (an old cache record).
    # Not compared: they describe ``authors``, which is; a paper read back with its names
    # parsed equals the one it was written from.
    names: tuple[PersonName, ...] = field(default=(), compare=False)
    abstract: str = ""
    arxiv_id: str | None = None
    version: int | None = None
    doi: str | None = None
    categories: tuple[str, ...] = ()
    announce_type: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    # The day of the newest listing that announced it (arXiv's pubDate: a replacement is
    # announced again, on its listing's day); None for sources that are not listings.
    announced: datetime | None = None
    abs_url: str | None = None
    pdf_url: str | None = None
    journal: str | None = None
    journal_ref: str | None = None
    # arXiv's author comments ("12 pages, accepted at NeurIPS") and the day the first
    # version was submitted (the API's ``published``; a listing's date is the day a version
    # was announced, so listings leave it unknown).
    comment: str | None = None
    submitted: datetime | None = None
    # The published version's volume, issue and pages, where a source or the journal
    # reference says (exports write them as a journal article's).
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    sources: tuple[str, ...] = ()
    upvotes: int | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        """Refuse a count SQLite cannot store (a signed 64-bit INTEGER): checked here, where
        every source and record makes a Paper, so one bad item costs that item, not the
        whole source when the cache write raises OverflowError."""
        for name in ("version", "upvotes"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= MAX_COUNT:
                raise PaperDataError(f'"{name}" is out of range: not between 0 and 2**63 - 1')

    @property
    def date(self) -> datetime | None:
        """The date a reader cares about: first publication, else last update."""
        return self.published or self.updated

    @property
    def listed(self) -> datetime | None:
        """The day the paper was last announced, else ``date``: what the list shows and
        sorts by, and what Today and This week select (a replacement is today's news)."""
        return self.announced or self.date

    @property
    def link(self) -> str | None:
        """The best address of the paper: its abstract page, else its DOI."""
        return self.abs_url or (f"https://doi.org/{self.doi}" if self.doi else None)

    @property
    def people(self) -> tuple[PersonName, ...]:
        """Each author's structured name: the source's, else parsed from ``authors``."""
        if self.names and len(self.names) == len(self.authors):
            return self.names
        return tuple(parse_person(a) for a in self.authors)

    @property
    def is_preprint(self) -> bool:
        """From a preprint server (arXiv, bioRxiv, medRxiv) rather than a journal."""
        return bool(self.arxiv_id) or self.journal in PREPRINT_SERVERS

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``from_dict`` turns it back into the same Paper."""
        return self.fields_dict(_FIELD_NAMES)

    def fields_dict(self, names: tuple[str, ...]) -> dict[str, Any]:
        """``to_dict`` restricted to ``names`` (the cache's record leaves out the text)."""
        out: dict[str, Any] = {}
        for name in names:
            if name == "names":
                if self.authors:
                    out[name] = [person.to_dict() for person in self.people]
                continue
            value = getattr(self, name)
            kind = type(value)
            if kind is tuple:
                if not value:
                    continue
                value = list(value)
            elif kind is datetime:
                value = value.isoformat()
            elif value is None or (kind is dict and not value):
                continue
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Paper:
        """The Paper of a ``to_dict`` record; ``PaperDataError`` names the first field of
        the wrong type (records come back from files a user or another program may edit).
        Unknown fields are ignored, so a newer hubread's records still load."""
        if not isinstance(data, dict):
            raise PaperDataError(f"a paper is a JSON object, not {_json_type(data)}")
        kwargs: dict[str, Any] = {}
        for name, check in _FIELD_CHECKS.items():
            if name in data:
                kwargs[name] = check(name, data[name])
        for name in ("key", "title"):
            if name not in kwargs:
                raise PaperDataError(f'the paper has no "{name}"')
        if not kwargs["key"]:
            raise PaperDataError('the paper\'s "key" is empty')
        return cls(**kwargs)


class PaperDataError(ValueError):
    """A paper record of the wrong shape (``Paper.from_dict``)."""


def _json_type(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise PaperDataError(f'"{name}" is {_json_type(value)}, not a string')
    return value


def _optional_text(name: str, value: Any) -> str | None:
    return None if value is None else _text(name, value)


def _optional_int(name: str, value: Any) -> int | None:
    if value is not None and (type(value) is not int):
        raise PaperDataError(f'"{name}" is {_json_type(value)}, not a whole number')
    return value


def _texts(name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise PaperDataError(f'"{name}" is not a list of strings')
    return tuple(value)


def _names(name: str, value: Any) -> tuple[PersonName, ...]:
    if not isinstance(value, (list, tuple)):
        raise PaperDataError(f'"{name}" is {_json_type(value)}, not a list of names')
    try:
        return tuple(PersonName.from_dict(v) for v in value)
    except ValueError as error:
        raise PaperDataError(f'"{name}": {error}') from None


def _moment(name: str, value: Any) -> datetime | None:
    """An ISO 8601 date; one without a zone is taken as UTC (dates are compared)."""
    if value is None or isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(_text(name, value))
        except ValueError:
            raise PaperDataError(f'"{name}" is not an ISO 8601 date: {value!r:.60}') from None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _extra(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise PaperDataError(f'"{name}" is not an object of strings')
    return dict(value)


_FIELD_CHECKS: dict[str, Any] = {
    "key": _text,
    "title": _text,
    "authors": _texts,
    "names": _names,
    "abstract": _text,
    "arxiv_id": _optional_text,
    "version": _optional_int,
    "doi": _optional_text,
    "categories": _texts,
    "announce_type": _optional_text,
    "published": _moment,
    "updated": _moment,
    "announced": _moment,
    "abs_url": _optional_text,
    "pdf_url": _optional_text,
    "journal": _optional_text,
    "journal_ref": _optional_text,
    "comment": _optional_text,
    "submitted": _moment,
    "volume": _optional_text,
    "issue": _optional_text,
    "pages": _optional_text,
    "sources": _texts,
    "upvotes": _optional_int,
    "extra": _extra,
}

_FIELD_NAMES = tuple(f.name for f in fields(Paper))


def _richer(a: Any, b: Any) -> Any:
    """Prefer a present value, and of two strings or tuples the longer one."""
    if not a:
        return b
    if not b:
        return a
    if isinstance(a, (str, tuple)) and len(b) > len(a):
        return b
    return a


_ANNOUNCE_RANK = {"new": 0, "cross": 1, "replace": 2, "replace-cross": 3, "absonly": 4}


def _merged_announce(old: Paper, new: Paper) -> str | None:
    """A newer version's announcement wins; for one version, "new" beats "cross" etc.

    The same submission is "new" in its primary category's listing and "cross" in others;
    the reader should see that it is new.
    """
    if (new.version or 0) != (old.version or 0) and new.announce_type and old.announce_type:
        return new.announce_type if (new.version or 0) > (old.version or 0) else old.announce_type
    types = [t for t in (old.announce_type, new.announce_type) if t]
    return min(types, key=lambda t: _ANNOUNCE_RANK.get(t, 9)) if types else None


def merge_papers(old: Paper, new: Paper) -> Paper:
    """One paper from two sightings of it: the newest version and richest metadata win.

    ``new`` is the later sighting; its values win ties, so a replaced version updates the
    title and abstract. Sources are unioned in order of first sighting; upvotes take the
    latest known count.
    """
    newer_version = (new.version or 0) >= (old.version or 0)
    first, second = (new, old) if newer_version else (old, new)
    sources = tuple(dict.fromkeys(old.sources + new.sources))
    authors = _richer(first.authors, second.authors)
    # The parts of the names go with the list they describe.
    names = first.names if authors is first.authors else second.names
    return replace(
        first,
        title=first.title or second.title,
        authors=authors,
        names=names,
        abstract=_richer(first.abstract, second.abstract),
        arxiv_id=first.arxiv_id or second.arxiv_id,
        doi=first.doi or second.doi,
        categories=first.categories or second.categories,
        announce_type=_merged_announce(old, new),
        published=min((d for d in (old.published, new.published) if d is not None), default=None),
        updated=max((d for d in (old.updated, new.updated) if d is not None), default=None),
        announced=max((d for d in (old.announced, new.announced) if d is not None), default=None),
        abs_url=first.abs_url or second.abs_url,
        pdf_url=first.pdf_url or second.pdf_url,
        journal=first.journal or second.journal,
        journal_ref=first.journal_ref or second.journal_ref,
        comment=first.comment or second.comment,
        submitted=min((d for d in (old.submitted, new.submitted) if d is not None), default=None),
        volume=first.volume or second.volume,
        issue=first.issue or second.issue,
        pages=first.pages or second.pages,
        sources=sources,
        upvotes=new.upvotes if new.upvotes is not None else old.upvotes,
        extra={**second.extra, **first.extra},
    )
