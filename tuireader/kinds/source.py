"""A configured source: its name, its kind and that kind's settings (one ``[[sources]]``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One ``[[sources]]`` entry."""

    name: str
    kind: str
    categories: tuple[str, ...] = ()
    query: str = ""
    max_results: int = 100
    subject: str = ""
    date: str = ""
    url: str = ""
    enabled: bool = True
    tags: tuple[str, ...] = ()  # folders, e.g. from an imported OPML file
