"""``hubread zotero push``: papers into the running Zotero, chosen as ``export`` chooses;
``hubread zotero collections``: where Zotero can save (the selected one marked).

A Zotero that cannot take them is one line saying why (exit 1); a bad collection name or
``[zotero].enabled = false`` is the user's to fix (exit 2).
"""

from __future__ import annotations

import argparse
import sys

from tuireader.commands import require_known_sources
from tuireader.commands.export import add_selection, selection_of
from tuireader.commands.output import complain, say
from tuireader.query.selection import select_papers
from tuireader.storage.home import Stores
from tuireader.wording import plural
from tuireader.zotero.client import ZoteroError
from tuireader.zotero.service import choose_target, open_client, push_papers, split_known

EXIT_ZOTERO_FAILED = 1
EXIT_USAGE = 2
_USER_KINDS = {"disabled", "no_collection"}  # fixed in the config or the arguments


def add_parser(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "zotero",
        parents=[parent],
        help="save papers into the running Zotero ([zotero])",
        description="Talk to the Zotero running on this machine (its connector server).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    push = actions.add_parser(
        "push",
        parents=[parent],
        help="save papers (starred by default) into Zotero",
        description="Save papers, with their tags and note, into Zotero's selected "
        "collection (or --collection). With no selection, the starred ones; selections "
        "combine (AND).",
    )
    push.add_argument(
        "--collection",
        metavar="NAME",
        help="save into this collection (a name, a path like 'My Library › Reading', or "
        "an id like C23; default: [zotero].collection, else the one selected in Zotero)",
    )
    add_selection(push)
    actions.add_parser(
        "collections",
        parents=[parent],
        help="list where Zotero can save (* = selected now)",
        description="List Zotero's libraries and collections; * marks the selected one.",
    )


def run(args: argparse.Namespace, stores: Stores) -> int:
    try:
        if args.action == "collections":
            return _collections(stores)
        return _push(args, stores)
    except ZoteroError as exc:
        complain(f"hubread: {exc}")
        return EXIT_USAGE if exc.kind in _USER_KINDS else EXIT_ZOTERO_FAILED


def _collections(stores: Stores) -> int:
    client = open_client(stores.config)
    try:
        client.connect()
        where = client.save_target()
    finally:
        client.close()
    for target in where.targets:
        mark = "*" if target.id == where.selected else " "
        say(f"{mark} {'  ' * target.level}{target.name}  ({target.id})")
    return 0


def _push(args: argparse.Namespace, stores: Stores) -> int:
    require_known_sources(stores.config, args.source)
    papers = select_papers(stores.cache, stores.library, selection_of(args))
    if not papers:
        say(
            "No papers matched (with no selection, push takes the starred papers); "
            "nothing sent to Zotero.",
            file=sys.stderr,
        )
        return 0
    client = open_client(stores.config)
    try:
        version = client.connect()
        where = client.save_target()
        target = choose_target(stores.config, where, args.collection)
        papers, known, _ = split_known(client, papers)
        if known:
            complain(
                f"hubread: {plural(len(known), 'paper')} already in Zotero, not saved again: "
                + "; ".join(p.title[:60] for p in known[:5])
                + (" …" if len(known) > 5 else "")
            )
        if not papers:
            say("Nothing saved: every selected paper is already in Zotero.")
            return 0
        into = where.path(target.id if target else where.selected)
        say(
            f"Saving {plural(len(papers), 'paper')} to {into} (Zotero {version}) …",
            file=sys.stderr,
            flush=True,
        )
        result = push_papers(client, stores.library, papers, where, target, complain)
    finally:
        client.close()
    for problem in result.problems:
        complain(f"hubread: {problem}")
    say(result.message)
    return 0
