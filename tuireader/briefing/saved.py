"""Briefs kept per day, and the TL;DR cache, in the data dir.

A brief is ``briefs/YYYY-MM-DD.md``: Markdown with a front matter listing the model, the
server and the papers it covers (number, key, title), so it reopens offline, exports and
joins the digest (``hubread digest --brief``). A later brief of the same day replaces it;
the one before stays as ``.bak``.

TL;DRs live in ``tldr.json`` beside them, not in library.json and not in the cache:
library.json is the reader's own data (stars, tags, notes) merged between running readers,
no place for machine text; the cache is pruned after ``retention_days`` and rebuilt when
damaged, and a TL;DR costs a model call, so it should outlive both. A damaged tldr.json is
moved aside and started afresh: everything in it can be asked for again.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tuireader.atomic_files import atomic_write
from tuireader.sanitize import clean, clean_document

TLDR_VERSION = 1


class SavedBriefError(Exception):
    """A saved brief cannot be read; the message names the file."""


@dataclass(frozen=True, slots=True)
class BriefPaper:
    number: int
    key: str
    title: str
    link: str = ""


@dataclass(frozen=True, slots=True)
class SavedBrief:
    """One brief as saved: the model's Markdown, and what it was made from."""

    day: date
    model: str
    server: str
    papers: tuple[BriefPaper, ...]
    body: str  # the model's answer (untrusted Markdown)
    coverage: str  # "5 papers", "20 of 34 papers (3 abstracts shortened)"
    notes: tuple[str, ...] = ()  # what hubread has to say about it (a retry, a missing TL;DR)
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def markdown(self) -> str:
        """The brief as a Markdown document (no front matter): what is printed, exported
        and appended to the digest."""
        return f"{self.head()}{clean_document(self.body).strip()}\n\n{self.tail()}"

    def head(self) -> str:
        """What comes before the model's text (printed before it streams)."""
        return f"# Brief for {self.day.isoformat()}\n\n"

    def tail(self) -> str:
        """What hubread adds after the model's text: coverage, notes, the numbered papers."""
        lines = [f"_Covers {self.coverage}; written by {self.model} at {self.server}._", ""]
        if self.notes:
            lines += [f"> {clean(n)}" for n in self.notes] + [""]
        lines += ["## Papers", ""]
        for paper in self.papers:
            title = clean(paper.title)
            lines.append(
                f"- [{paper.number}] {title}" + (f" — <{clean(paper.link)}>" if paper.link else "")
            )
        return "\n".join(lines) + "\n"

    def document(self) -> str:
        """The saved file: a front matter (JSON values, which YAML reads too) and the
        Markdown."""
        head = {
            "day": self.day.isoformat(),
            "created": self.created,
            "model": self.model,
            "server": self.server,
            "coverage": self.coverage,
            "notes": list(self.notes),
            "papers": [
                {"n": p.number, "key": p.key, "title": p.title, "link": p.link} for p in self.papers
            ],
        }
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items())
        body = clean_document(self.body).strip()
        return f"---\n{front}\n---\n{body}\n"

    @classmethod
    def parse(cls, text: str, where: Path) -> SavedBrief:
        try:
            _, front, body = text.split("---\n", 2)
            head: dict[str, Any] = {}
            for line in front.splitlines():
                name, _, value = line.partition(": ")
                head[name] = json.loads(value)
            papers = tuple(
                BriefPaper(int(p["n"]), str(p["key"]), str(p["title"]), str(p.get("link", "")))
                for p in head["papers"]
            )
            return cls(
                day=date.fromisoformat(head["day"]),
                model=str(head["model"]),
                server=str(head["server"]),
                papers=papers,
                body=body,
                coverage=str(head["coverage"]),
                notes=tuple(str(n) for n in head.get("notes", ())),
                created=str(head.get("created", "")),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise SavedBriefError(f"{where}: not a brief hubread saved ({exc})") from None


def briefs_dir(data_dir: Path) -> Path:
    return data_dir / "briefs"


def brief_path(data_dir: Path, day: date) -> Path:
    return briefs_dir(data_dir) / f"{day.isoformat()}.md"


def save_brief(data_dir: Path, brief: SavedBrief) -> Path:
    """Write the day's brief atomically (the previous one kept as .bak); OSError on failure."""
    path = brief_path(data_dir, brief.day)
    atomic_write(path, brief.document().encode("utf-8"), backup=path.exists())
    return path


def load_brief(data_dir: Path, day: date) -> SavedBrief | None:
    """The brief saved for ``day``, None when there is none; SavedBriefError if unreadable."""
    path = brief_path(data_dir, day)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SavedBriefError(f"{path}: cannot read: {exc}") from None
    return SavedBrief.parse(text, path)


def saved_days(data_dir: Path) -> list[date]:
    """The days with a saved brief, newest first."""
    days = []
    for path in briefs_dir(data_dir).glob("*.md"):
        try:
            days.append(date.fromisoformat(path.stem))
        except ValueError:
            continue
    return sorted(days, reverse=True)


@dataclass(frozen=True, slots=True)
class Tldr:
    text: str
    language: str
    model: str
    at: str


class TldrStore:
    """Paper key -> its TL;DR, in ``tldr.json``; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""  # what was wrong with the file when it was moved aside
        self._lock = threading.Lock()
        self._items: dict[str, Tldr] = self._load()

    def _load(self) -> dict[str, Tldr]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            return {
                str(k): Tldr(
                    str(v["text"]),
                    str(v.get("language", "")),
                    str(v.get("model", "")),
                    str(v.get("at", "")),
                )
                for k, v in data["tldrs"].items()
            }
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            aside = self.path.with_name(self.path.name + ".damaged")
            try:
                self.path.replace(aside)
                self.problem = f"{self.path} was unreadable ({exc}); moved to {aside}"
            except OSError as move:
                self.problem = f"{self.path} is unreadable ({exc}) and stays: {move}"
            return {}

    def get(self, key: str) -> Tldr | None:
        with self._lock:
            return self._items.get(key)

    def texts(self, keys: list[str] | None = None) -> dict[str, str]:
        """Key -> TL;DR text, for ``keys`` (all when None): what the JSON export carries."""
        with self._lock:
            return {k: t.text for k, t in self._items.items() if keys is None or k in keys}

    def put(self, key: str, text: str, *, language: str, model: str) -> Tldr:
        """Remember a TL;DR and save the file at once (OSError when it cannot be written;
        the TL;DR is kept in memory all the same)."""
        tldr = Tldr(
            clean(text).strip(), language, model, datetime.now(UTC).isoformat(timespec="seconds")
        )
        with self._lock:
            self._items[key] = tldr
            data = {
                "version": TLDR_VERSION,
                "tldrs": {
                    k: {"text": t.text, "language": t.language, "model": t.model, "at": t.at}
                    for k, t in self._items.items()
                },
            }
            atomic_write(
                self.path,
                (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
                backup=False,
            )
        return tldr


def tldr_path(data_dir: Path) -> Path:
    return data_dir / "tldr.json"
