"""``hubread sources list | add | remove``: edit the sources in config.toml.

Edits keep every comment and the rest of the file as it was (tomlkit), are validated like
a hand edit, and are written atomically with a backup.
"""

from __future__ import annotations

import argparse
import sys

from tuireader.commands import Subcommands
from tuireader.commands.output import say
from tuireader.config.editing import add_sources, remove_source
from tuireader.config.settings import ConfigError
from tuireader.kinds.base import Settings, UnusableURL
from tuireader.kinds.registry import KINDS, kind_of, recognise
from tuireader.kinds.source import SourceConfig
from tuireader.storage.home import Stores, UserError
from tuireader.wording import plural


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "sources", parents=[parent], help="list, add or remove sources in config.toml"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", parents=[parent], help="list the sources and their state")
    add = actions.add_parser(
        "add",
        parents=[parent],
        help="add a source",
        description="Add a source. The kind is guessed from --url when not given "
        "(an rss.arxiv.org listing, a bioRxiv subject feed, ...).",
        epilog='Examples: hubread sources add "arXiv robotics" --kind arxiv --categories '
        'cs.RO  |  hubread sources add "Cell" --url https://www.cell.com/cell/'
        "inpress.rss",
    )
    add.add_argument("name")
    add.add_argument(
        "--kind",
        choices=list(KINDS),
        help="; ".join(f"{kind.name}: {kind.summary}" for kind in KINDS.values()),
    )
    add.add_argument("--categories", help="arxiv: comma-separated, e.g. cs.AI,cs.LG")
    add.add_argument("--query", help='arxiv-query: e.g. "all:transformer AND cat:cs.LG"')
    add.add_argument(
        "--max-results",
        type=int,
        help="arxiv-query (default: 100, or the max_results of an API --url)",
    )
    add.add_argument("--subject", help="biorxiv / medrxiv: e.g. neuroscience")
    add.add_argument("--url", default="", help="feed address (any kind: a mirror)")
    add.add_argument("--tag", action="append", default=[], help="group under this tag")
    add.add_argument("--disabled", action="store_true", help="add it without fetching it")
    remove = actions.add_parser("remove", parents=[parent], help="remove a source")
    remove.add_argument("name")


def run(args: argparse.Namespace, stores: Stores) -> int:
    path = stores.config.path
    try:
        if args.action == "list":
            return _list(stores)
        if args.action == "remove":
            remove_source(path, args.name)
            say(
                f"Removed {args.name!r} from {path} (its cached papers stay until they "
                "expire; starred ones stay for good)."
            )
            return 0
        kind: str = args.kind
        guessed: Settings = {}
        if kind is None:
            if not args.url:
                raise UserError("give --kind, or a --url to guess it from")
            try:
                kind, guessed = recognise(args.url)
            except UnusableURL as exc:
                raise UserError(f"--url {args.url!r}: {exc}") from None
        from_url = guessed.get("max_results")
        from_url_categories = guessed.get("categories", ())
        max_results = (
            args.max_results
            if args.max_results is not None
            else from_url
            if isinstance(from_url, int)
            else 100
        )
        source = SourceConfig(
            name=args.name,
            kind=kind,
            categories=tuple(c.strip() for c in (args.categories or "").split(",") if c.strip())
            or (from_url_categories if isinstance(from_url_categories, tuple) else ()),
            query=args.query or str(guessed.get("query", "")),
            max_results=max_results,
            subject=args.subject or str(guessed.get("subject", "")),
            date=str(guessed.get("date", "")),
            # A recognised address is the kind's own host: kept only when it is the feed.
            url=args.url if kind_of(kind).url_is_address or args.kind else "",
            tags=tuple(args.tag),
            enabled=not args.disabled,
        )
        _, added, skipped = add_sources(path, [source])
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    if skipped:
        raise UserError(f"{path}: not added: {skipped[0].describe()}")
    say(
        f"Added {added[0]!r} ({kind}) to {path}. `hubread fetch --source "
        f"{added[0]!r}` fetches it now."
    )
    return 0


def _list(stores: Stores) -> int:
    sources = stores.config.sources
    if not sources:
        say(f"No sources in {stores.config.path}. Add one with `hubread sources add`.")
        return 0
    states = stores.cache.all_source_states()
    width = max(len(s.name) for s in sources)
    kinds = max(len(s.kind) for s in sources)
    for source in sources:
        state = states.get(source.name)
        if not source.enabled:
            status = "disabled"
        elif state is None or state.last_attempt is None:
            status = "never fetched"
        elif state.failing:
            status = f"failing: {state.last_error}"
        else:
            status = (
                f"ok {state.last_success.astimezone():%Y-%m-%d %H:%M}"
                if state.last_success
                else "ok"
            )
            if state.warned:
                status += f"; {state.warned}"
        tags = f" [{', '.join(source.tags)}]" if source.tags else ""
        detail = kind_of(source.kind).detail(source)
        say(
            f"{source.name:<{width}}  {source.kind:<{kinds}}  {detail}{tags}  "
            f"({status}, {plural(stores.cache.count(source.name), 'paper')})",
            file=sys.stdout,
        )
    return 0
