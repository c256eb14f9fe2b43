"""``hubread cache``: what the cache holds; ``--vacuum`` purges old papers and compacts it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from tuireader.commands import Subcommands
from tuireader.commands.output import say
from tuireader.storage.home import Stores
from tuireader.wording import plural


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "cache",
        parents=[parent],
        help="show the cache; --vacuum compacts it",
        description="Show what the paper cache holds. Starred papers are never removed.",
    )
    parser.add_argument(
        "--vacuum",
        action="store_true",
        help="remove papers older than [cache].retention_days and compact",
    )


def _size(path: Path) -> int:
    """The cache's size with its write-ahead log and index (not files moved aside)."""
    files = (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
    return sum(p.stat().st_size for p in files if p.is_file())


def run(args: argparse.Namespace, stores: Stores, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    cache, config = stores.cache, stores.config
    before = _size(cache.path)
    if args.vacuum:
        removed = cache.purge(config.retention_days, keep=stores.library.starred_keys())
        cache.vacuum()
        after = _size(cache.path)
        say(
            f"Removed {plural(removed, 'paper')} older than {config.retention_days} days; "
            f"{before / 1e6:.1f} MB -> {after / 1e6:.1f} MB",
            file=out,
        )
        return 0
    say(f"{cache.path}: {plural(cache.count(), 'paper')}, {before / 1e6:.1f} MB", file=out)
    pending = cache.pending_index_count()
    if pending:
        say(
            f"  {plural(pending, 'paper')} not yet indexed for search (the reader indexes "
            "them when it starts; a search does when it runs)",
            file=out,
        )
    states = cache.all_source_states()
    width = max((len(s.name) for s in config.sources), default=0)
    for source in config.sources:
        state = states.get(source.name)
        last = (
            f"last success {state.last_success.astimezone():%Y-%m-%d %H:%M}"
            if state and state.last_success
            else "never fetched"
        )
        error = f"; last error: {state.last_error}" if state and state.failing else ""
        if state and state.warned:
            error = f"; {state.warned}"
        papers = plural(cache.count(source.name), "paper")
        say(f"  {source.name:<{width}}  {papers:>13}, {last}{error}", file=out)
    return 0
