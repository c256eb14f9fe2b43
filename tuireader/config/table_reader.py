"""Typed reading of one config.toml table, and the error every bad value becomes.

Its own module so each settings section (``settings``, ``radar_settings``,
``llm_settings``, ``zotero_settings``...) reads its table through it without importing
``settings``, which imports them all.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any, NoReturn


class ConfigError(Exception):
    """The config file cannot be used; the message is meant for the user as it is."""


class TableReader:
    """Typed access to one TOML table, with messages that say where a bad value is."""

    def __init__(self, path: Path, where: str, table: Any, allowed: set[str]) -> None:
        self.path, self.where = path, where
        if not isinstance(table, dict):
            self.fail(f"{where} must be a table")
        self.table: dict[str, Any] = table
        for key in table:
            if key not in allowed:
                hint = difflib.get_close_matches(key, sorted(allowed), n=1)
                did_you_mean = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.fail(
                    f"unknown key {key!r} in {where}{did_you_mean}; "
                    f"expected one of: {', '.join(sorted(allowed))}"
                )

    def fail(self, message: str) -> NoReturn:
        raise ConfigError(f"{self.path}: {message}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any, what: str) -> Any:
        if key not in self.table:
            return default
        value = self.table[key]
        bad_bool = isinstance(value, bool) and bool not in (
            kind if isinstance(kind, tuple) else (kind,)
        )
        if not isinstance(value, kind) or bad_bool:
            self.fail(f"{self.where}.{key} must be {what}, got {value!r}")
        return value

    def number(self, key: str, default: float, *, minimum: float, maximum: float) -> float:
        """The number at ``key``: finite and within [minimum, maximum], or a ConfigError
        naming the key and the range (TOML allows ``inf`` and ``nan``, which would make
        every fetch fail later with a message that names no setting)."""
        return float(self._in_range(key, default, minimum, maximum, whole=False))

    def whole(self, key: str, default: int, *, minimum: int, maximum: int) -> int:
        """Like ``number``, for a count: a whole number (``8.0`` is accepted as 8)."""
        return int(self._in_range(key, default, minimum, maximum, whole=True))

    def _in_range(
        self, key: str, default: float, minimum: float, maximum: float, *, whole: bool
    ) -> float:
        what = "a whole number" if whole else "a number"
        value = self.get(key, (int, float), default, what)
        finite = isinstance(value, int) or math.isfinite(value)
        if (
            not finite
            or not minimum <= value <= maximum
            or (whole and isinstance(value, float) and not value.is_integer())
        ):
            self.fail(
                f"{self.where}.{key} must be {what} from {minimum:g} to {maximum:g}, got {value!r}"
            )
        return value

    def string_list(self, key: str) -> tuple[str, ...]:
        value = self.get(key, list, [], "a list of strings")
        if not all(isinstance(v, str) for v in value):
            self.fail(f"{self.where}.{key} must be a list of strings, got {value!r}")
        return tuple(value)
