"""What a valid ``library.json`` looks like: the one validator every way of reading it uses.

The file is the user's own data, edited by hand sometimes, synced between machines, written
by other versions. A file that is not a hubread library at all (not JSON, not an object, no
version, absurdly deep) is corrupt as a whole. Otherwise each record is checked on its own:
one bad star must not cost the user every other star. A record that cannot be used is taken
out of its section and kept, with the reason, in the ``rejected`` section, which hubread
writes back but never reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tuireader.model import Paper, PaperDataError

LIBRARY_VERSION = 1
SECTIONS = ("stars", "tags", "read", "notes", "dismissed", "opened")
REJECTED = "rejected"  # kept records that could not be used; never read by the app
MAX_DEPTH = 64  # a real library is about 5 levels deep; json itself gives up near 1000


class LibraryError(Exception):
    """library.json cannot be used at all (for instance, written by a newer hubread)."""


@dataclass
class Validated:
    """The usable sections of a library, and what was taken out of them (by id)."""

    sections: dict[str, dict[str, Any]]
    rejected: dict[str, dict[str, Any]] = field(default_factory=dict)


def empty() -> dict[str, dict[str, Any]]:
    return {section: {} for section in (*SECTIONS, REJECTED)}


def parse_library(text: str) -> Validated:
    """Parse and validate the text of a library; ValueError when it is corrupt as a whole,
    ``LibraryError`` when it is a newer hubread's."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply to be a hubread library") from None
    if _depth(data) > MAX_DEPTH:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
    return validate(data)


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value``, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((child, depth + 1) for child in item)
    return deepest


def validate(data: Any) -> Validated:
    """Split a parsed library into usable sections and rejected records (see module doc)."""
    if not isinstance(data, dict):
        raise ValueError("the top level is not a JSON object")
    version = data.get("version")
    if type(version) is not int:
        raise ValueError('missing "version"')
    if version > LIBRARY_VERSION:
        raise LibraryError(f"written by a newer hubread (version {version}); please upgrade")
    result = Validated(empty())
    kept = data.get(REJECTED, {})
    if isinstance(kept, dict):
        result.sections[REJECTED] = dict(kept)
    else:  # keep even that, under an id of its own
        _reject(result, REJECTED, None, kept, f'"{REJECTED}" is not an object')
    for section in SECTIONS:
        records = data.get(section, {})
        if not isinstance(records, dict):
            _reject(result, section, None, records, f'"{section}" is not an object')
            continue
        check = _CHECKS[section]
        for key, value in records.items():
            problem = check(key, value)
            if problem is None:
                result.sections[section][key] = value
            else:
                _reject(result, section, key, value, problem)
    return result


def _reject(result: Validated, section: str, key: str | None, value: Any, reason: str) -> None:
    """Keep a record that cannot be used. Its id depends only on what it is, so reading the
    same file again rejects it under the same id instead of keeping it twice."""
    canonical = json.dumps([section, key, value], sort_keys=True, ensure_ascii=False)
    digest = hashlib.blake2b(canonical.encode("utf-8"), digest_size=6).hexdigest()
    record_id = f"{section}:{key}:{digest}" if key is not None else f"{section}:{digest}"
    record = {"section": section, "key": key, "value": value, "reason": reason}
    result.rejected[record_id] = record
    result.sections[REJECTED][record_id] = record


def _paper_check(what: str, stamp: str) -> Callable[[str, Any], str | None]:
    """A record that keeps a copy of its paper (a star, a dismissal) under ``stamp``."""

    def check(key: str, value: Any) -> str | None:
        if not isinstance(value, dict):
            return f"{what} {key!r:.80} is not an object"
        try:
            paper = Paper.from_dict(value.get("paper"))
        except PaperDataError as exc:
            return f"{what} {key!r:.80}: {exc}"
        if paper.key != key:
            return f"{what} {key!r:.80} holds the paper {paper.key!r:.80}"
        if not isinstance(value.get(stamp, ""), str):
            return f'{what} {key!r:.80}: "{stamp}" is not a string'
        return None

    return check


def _check_tags(key: str, value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        return f"tags of {key!r:.80} are not a list of strings"
    return None


def _string_check(section: str) -> Callable[[str, Any], str | None]:
    def check(key: str, value: Any) -> str | None:
        return None if isinstance(value, str) else f'"{section}" entry {key!r:.80} is not a string'

    return check


_CHECKS: dict[str, Callable[[str, Any], str | None]] = {
    "stars": _paper_check("star", "starred_at"),
    "tags": _check_tags,
    "read": _string_check("read"),
    "notes": _string_check("notes"),
    "dismissed": _paper_check("dismissal", "dismissed_at"),
    "opened": _string_check("opened"),
}
