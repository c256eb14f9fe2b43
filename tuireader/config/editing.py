"""Changes hubread makes to config.toml, keeping the user's comments and layout.

Edits go through tomlkit (which round-trips comments), are validated with the same rules
as loading, and are written atomically with a backup under the file lock; a file that does
not validate after the edit is left untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT
from tomlkit.toml_document import TOMLDocument

from tuireader.atomic_files import atomic_write, file_lock
from tuireader.config.settings import Config, ConfigError, parse_config
from tuireader.kinds.registry import kind_of
from tuireader.kinds.source import SourceConfig


def edit_config(path: Path, change: Callable[[TOMLDocument], None]) -> Config:
    """Apply ``change`` to the document; returns the new, validated config."""
    with file_lock(path):
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
        try:
            document = tomlkit.parse(text)
        except TOMLKitError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        change(document)
        new_text = tomlkit.dumps(document)
        config = parse_config(new_text, path)
        try:
            atomic_write(path, new_text.encode("utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot save: {exc.strerror or exc}") from None
    return config


def set_theme(path: Path, theme: str) -> Config:
    """Remember the chosen theme in ``[ui].theme``."""

    def change(document: TOMLDocument) -> None:
        if "ui" not in document:
            document["ui"] = tomlkit.table()
        document["ui"]["theme"] = theme

    return edit_config(path, change)


def _source_table(source: SourceConfig) -> tomlkit.items.Table:
    """A ``[[sources]]`` table with only the keys this kind uses and non-defaults."""
    table = tomlkit.table()
    table["name"] = source.name
    table["kind"] = source.kind
    for key, value in kind_of(source.kind).table(source).items():
        table[key] = value
    if source.url:
        table["url"] = source.url
    if source.tags:
        table["tags"] = list(source.tags)
    if not source.enabled:
        table["enabled"] = False
    return table


def array_of_tables(document: TOMLDocument, key: str) -> AoT:
    """The ``[[key]]`` array of tables (``sources``, ``searches``), made one if need be.

    An older hubread left ``sources = []`` when the last source was removed; tomlkit reads
    that as an inline array, and tables appended to it were written back as invalid TOML.
    An inline array (empty, or of inline tables written by hand) becomes ``[[key]]``
    tables at the end of the file.
    """
    current = document.get(key)
    if isinstance(current, AoT):
        return current
    tables = tomlkit.aot()
    for item in current or []:
        table = tomlkit.table()
        table.update(item)
        tables.append(table)
    if current is not None:
        del document[key]
    document[key] = tables
    return tables


def remove_named_table(document: TOMLDocument, key: str, name: str) -> bool:
    """Remove the ``[[key]]`` table whose name is ``name``; False when there is none."""
    tables = document.get(key, [])
    for index, table in enumerate(tables):
        if table.get("name") == name:
            del tables[index]
            if not tables:  # an empty array of tables is written as `key = []`
                del document[key]
            return True
    return False


def _address(source: SourceConfig) -> str:
    """What ``source`` reads, to find a second source reading the same thing (today's date
    is no part of it)."""
    return kind_of(source.kind).stable_address(source)


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A source not added: ``existing`` has its name, or reads the same ``address``."""

    name: str
    existing: str
    address: str

    def describe(self) -> str:
        if self.existing == self.name:
            return f"a source named {self.name!r} already exists"
        return f"{self.existing!r} already reads the same address ({self.address})"


def add_sources(
    path: Path, sources: Iterable[SourceConfig]
) -> tuple[Config, list[str], list[Duplicate]]:
    """Append sources; names (or addresses) already configured are skipped.

    Returns the new config, the names added, and the sources skipped as duplicates.
    """
    added: list[str] = []
    skipped: list[Duplicate] = []

    def change(document: TOMLDocument) -> None:
        current = parse_config(tomlkit.dumps(document), path)
        names = {s.name for s in current.sources}
        readers = {_address(s): s.name for s in current.sources}
        tables = array_of_tables(document, "sources")
        for source in sources:
            address = _address(source)
            if source.name in names or address in readers:
                existing = source.name if source.name in names else readers[address]
                skipped.append(Duplicate(source.name, existing, address))
                continue
            if len(tables):
                tables[-1].add(tomlkit.nl())  # a blank line between tables
            tables.append(_source_table(source))
            names.add(source.name)
            readers[address] = source.name
            added.append(source.name)

    config = edit_config(path, change)
    return config, added, skipped


def remove_source(path: Path, name: str) -> Config:
    """Remove the source called ``name``; ConfigError when there is none."""

    def change(document: TOMLDocument) -> None:
        if remove_named_table(document, "sources", name):
            return
        tables = document.get("sources", [])
        names = ", ".join(str(t.get("name")) for t in tables) or "none"
        raise ConfigError(f"{path}: no source named {name!r}; configured: {names}")

    return edit_config(path, change)
