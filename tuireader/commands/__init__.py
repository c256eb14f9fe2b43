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


def require_known_sources(config: Config, names: Iterable[str], *, searches: bool = False) -> None:
    """``UserError`` naming the configured sources when any of ``names`` is not one.
    Saved searches (``[[searches]]``) count only where ``searches`` says they are taken
    (the digest); elsewhere (fetch above all) naming one says what it is."""
    names = list(names)
    configured = [s.name for s in config.sources]
    if searches:
        configured += [s.name for s in config.searches]
    else:
        saved = [n for n in names if config.search(n) is not None]
        if saved:
            raise UserError(
                f"{saved[0]!r} is a saved search, not a source: it searches the cache and "
                f"is never fetched (`hubread digest --source {saved[0]!r}` takes it)"
            )
    unknown = [n for n in names if n not in configured]
    if unknown:
        raise UserError(
            f"unknown source {', '.join(map(repr, unknown))}; configured: "
            f"{', '.join(configured) or 'none'}"
        )
