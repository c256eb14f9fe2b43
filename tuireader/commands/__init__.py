"""Headless subcommands for cron and scripts; none of them imports textual."""

from __future__ import annotations

from collections.abc import Iterable

from tuireader.config.settings import Config
from tuireader.storage.home import UserError


def require_known_sources(config: Config, names: Iterable[str]) -> None:
    """``UserError`` naming the configured sources when any of ``names`` is not one."""
    configured = [s.name for s in config.sources]
    unknown = [n for n in names if n not in configured]
    if unknown:
        raise UserError(
            f"unknown source {', '.join(map(repr, unknown))}; configured: "
            f"{', '.join(configured) or 'none'}"
        )
