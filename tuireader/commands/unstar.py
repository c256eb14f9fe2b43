"""``hubread unstar ID...``: the undo of ``hubread star``, with the same ids."""

from __future__ import annotations

import argparse

from tuireader.commands import Subcommands
from tuireader.commands.output import say
from tuireader.commands.star import add_marking_parser, resolve, save
from tuireader.storage.home import Stores
from tuireader.wording import plural


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    add_marking_parser(subparsers, parent, "unstar", "unstar papers")


def run(args: argparse.Namespace, stores: Stores) -> int:
    papers = resolve(stores, args.ids)
    was = [p for p in papers if stores.library.is_starred(p.key)]
    for paper in was:
        stores.library.unstar(paper.key)
    save(stores)
    for paper in papers:
        say(f"{'unstarred' if paper in was else 'not starred'}: {paper.key}  {paper.title}")
    say(f"Unstarred {plural(len(was), 'paper')}.")
    return 0
