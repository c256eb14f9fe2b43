"""Theme files -> ``textual.theme.Theme``: the shipped ``themes/`` and the user's folder.

Themes are data (TOML). A broken file is reported by name and skipped; the app falls back to
the default theme rather than failing to start.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path

from textual.theme import Theme

DEFAULT_THEME = "hubread-dark"
_THEME_FIELDS = {f.name: f.type for f in fields(Theme)}


def shipped_themes_dir() -> Path:
    """``tuireader/themes`` inside an installed wheel, else the repo's top-level ``themes``."""
    packaged = resources.files("tuireader").joinpath("themes")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "themes"


def theme_from_file(path: Path) -> Theme:
    """Read one theme file; ValueError with a readable reason when it is unusable."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path.name}: {exc}") from None
    unknown = set(data) - set(_THEME_FIELDS)
    if unknown:
        raise ValueError(f"{path.name}: unknown keys {', '.join(sorted(unknown))}")
    if not isinstance(data.get("name"), str) or not isinstance(data.get("primary"), str):
        raise ValueError(f'{path.name}: needs name = "..." and primary = "#rrggbb"')
    try:
        theme = Theme(**data)
        theme.to_color_system()  # validates every colour now, not at first paint
    except Exception as exc:
        raise ValueError(f"{path.name}: {exc}") from None
    return theme


@dataclass
class ThemeSet:
    themes: list[Theme] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def load_themes(*folders: Path) -> ThemeSet:
    """Every ``*.toml`` theme in ``folders``; later folders override earlier names."""
    found: dict[str, Theme] = {}
    result = ThemeSet()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = theme_from_file(path)
            except ValueError as exc:
                result.errors.append(str(exc))
                continue
            found[theme.name] = theme
    result.themes = list(found.values())
    return result
