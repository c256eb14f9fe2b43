"""Changes hubread makes to config.toml, keeping the user's comments and layout.

Edits go through tomlkit (which round-trips comments), are validated with the same rules
as loading, and are written atomically with a backup under the file lock; a file that does
not validate after the edit is left untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.toml_document import TOMLDocument

from tuireader.store.atomic import atomic_write, file_lock
from tuireader.store.config import Config, ConfigError, parse_config


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
        document["ui"]["theme"] = theme  # type: ignore[index]

    return edit_config(path, change)
