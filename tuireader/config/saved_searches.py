"""Saved searches (newsboat's query feeds): ``[[searches]]`` tables in config.toml.

A saved search is a source made of a search of the cache: it shows in the reader and the
digest like a source, and it is never fetched. Its query is checked here only for its
shape; the commands that save one check it with the reader's own search parser (the
storage layer's, which config, a lower layer, does not import).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, NoReturn


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """``name`` as the sources pane and ``--source`` call it; ``query`` as typed in ``/``."""

    name: str
    query: str


def read_searches(
    raw: Any, source_names: Collection[str], fail: Callable[[str], NoReturn]
) -> tuple[SavedSearch, ...]:
    """The ``[[searches]]`` array; ``fail`` (raising ConfigError) names what is wrong."""
    if not isinstance(raw, list):
        fail("searches must be an array of [[searches]] tables")
    searches: list[SavedSearch] = []
    for index, table in enumerate(raw, start=1):
        where = f"[[searches]] #{index}"
        if not isinstance(table, dict):
            fail(f"{where} must be a table")
        unknown = sorted(set(table) - {"name", "query"})
        if unknown:
            fail(f"unknown key {unknown[0]!r} in {where}; expected one of: name, query")
        name, query = table.get("name"), table.get("query")
        if not isinstance(name, str) or not name.strip():
            fail(f"{where}.name must be a non-empty string, got {name!r}")
        if not name.isprintable():  # it is printed in every list and message
            fail(f"{where}.name must not contain control characters, got {name!r}")
        if not isinstance(query, str) or not query.strip():
            fail(f"{where} ({name!r}).query must be a non-empty string, got {query!r}")
        if name in source_names:
            fail(f"{where}: {name!r} is already the name of a [[sources]] table")
        if any(s.name == name for s in searches):
            fail(f"two [[searches]] are named {name!r}; names must be unique")
        searches.append(SavedSearch(name, query))
    return tuple(searches)
