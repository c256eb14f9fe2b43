"""Where hubread keeps its files: platformdirs defaults, overridden by flags or environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "hubread"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The three stores and the user's themes folder."""

    config_file: Path
    data_dir: Path

    @property
    def library_file(self) -> Path:
        return self.data_dir / "library.json"

    @property
    def cache_file(self) -> Path:
        return self.data_dir / "cache.sqlite3"

    @property
    def notices_file(self) -> Path:
        """Messages about the user's files the reader shows until acknowledged."""
        return self.data_dir / "notices.json"

    @property
    def visits_file(self) -> Path:
        """When the reader's last session ended (its "Since last visit" view)."""
        return self.data_dir / "visits.json"

    @property
    def user_themes_dir(self) -> Path:
        return self.config_file.parent / "themes"


def resolve_paths(
    config: str | os.PathLike[str] | None = None, data_dir: str | os.PathLike[str] | None = None
) -> AppPaths:
    """Flags win over ``HUBREAD_CONFIG`` / ``HUBREAD_DATA_DIR``, which win over platformdirs."""
    config_file = (
        config
        or os.environ.get("HUBREAD_CONFIG")
        or (Path(user_config_dir(APP_NAME)) / "config.toml")
    )
    data = data_dir or os.environ.get("HUBREAD_DATA_DIR") or user_data_dir(APP_NAME)
    return AppPaths(Path(config_file).expanduser(), Path(data).expanduser())
