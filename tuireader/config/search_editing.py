"""Adding and removing ``[[searches]]`` (saved searches) in config.toml, keeping the
user's comments and layout (tomlkit, through ``editing.edit_config``)."""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.toml_document import TOMLDocument

from tuireader.config.editing import array_of_tables, edit_config, remove_named_table
from tuireader.config.settings import Config, ConfigError, parse_config


def add_search(path: Path, name: str, query: str) -> Config:
    """Append a saved search; ConfigError when ``name`` is taken by a source or a search."""

    def change(document: TOMLDocument) -> None:
        current = parse_config(tomlkit.dumps(document), path)
        if current.source(name) is not None:
            raise ConfigError(f"{path}: a source named {name!r} already exists")
        if current.search(name) is not None:
            raise ConfigError(f"{path}: a saved search named {name!r} already exists")
        tables = array_of_tables(document, "searches")
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
        if not remove_named_table(document, "searches", name):
            raise ConfigError(f"{path}: no saved search named {name!r}")

    return edit_config(path, change)
