"""Adding and removing ``[[searches]]`` (saved searches) in config.toml, keeping the
user's comments and layout (tomlkit, through ``editing.edit_config``)."""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.items import AoT
from tomlkit.toml_document import TOMLDocument

from tuireader.config.editing import edit_config
from tuireader.config.settings import Config, ConfigError, parse_config


def _searches_tables(document: TOMLDocument) -> AoT:
    """The ``[[searches]]`` array of tables, made one if need be (an inline array written
    by hand becomes tables at the end of the file, as for ``[[sources]]``)."""
    current = document.get("searches")
    if isinstance(current, AoT):
        return current
    tables = tomlkit.aot()
    for item in current or []:
        table = tomlkit.table()
        table.update(item)
        tables.append(table)
    if current is not None:
        del document["searches"]
    document["searches"] = tables
    return tables


def add_search(path: Path, name: str, query: str) -> Config:
    """Append a saved search; ConfigError when ``name`` is taken by a source or a search."""

    def change(document: TOMLDocument) -> None:
        current = parse_config(tomlkit.dumps(document), path)
        if current.source(name) is not None:
            raise ConfigError(f"{path}: a source named {name!r} already exists")
        if current.search(name) is not None:
            raise ConfigError(f"{path}: a saved search named {name!r} already exists")
        tables = _searches_tables(document)
        if len(tables):
            tables[-1].add(tomlkit.nl())
        table = tomlkit.table()
        table["name"] = name
        table["query"] = query
        tables.append(table)

    return edit_config(path, change)


def remove_search(path: Path, name: str) -> Config:
    """Remove the saved search ``name``; ConfigError when there is none."""

    def change(document: TOMLDocument) -> None:
        tables = document.get("searches", [])
        for index, table in enumerate(tables):
            if table.get("name") == name:
                del tables[index]
                if not tables:
                    del document["searches"]
                return
        raise ConfigError(f"{path}: no saved search named {name!r}")

    return edit_config(path, change)
