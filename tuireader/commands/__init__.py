"""Headless subcommands for cron and scripts; none of them imports textual."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import Any, Protocol

from tuireader.config.settings import Config
from tuireader.storage.home import UserError


class Subcommands(Protocol):
    """What ``ArgumentParser.add_subparsers()`` returns, as the commands use it: its class,
    ``argparse._SubParsersAction``, is private, so the hints name this instead."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """A new subcommand's parser."""
        ...


def require_known_sources(config: Config, names: Iterable[str]) -> None:
    """``UserError`` naming the configured sources when any of ``names`` is not one."""
    configured = [s.name for s in config.sources]
    unknown = [n for n in names if n not in configured]
    if unknown:
        raise UserError(
            f"unknown source {', '.join(map(repr, unknown))}; configured: "
            f"{', '.join(configured) or 'none'}"
        )
