"""``hubread sources list | add | remove``: edit the sources in config.toml.

Edits keep every comment and the rest of the file as it was (tomlkit), are validated like
a hand edit, and are written atomically with a backup.
"""

from __future__ import annotations

import argparse
import sys

from tuireader.commands.output import say
from tuireader.config.editing import add_sources, remove_source
from tuireader.config.settings import KIND_KEYS, ConfigError
from tuireader.kinds.source import SourceConfig
from tuireader.kinds.urls import UnusableURL, recognise
from tuireader.storage.home import Stores, UserError
from tuireader.wording import plural


def add_parser(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("sources", parents=[parent], help="list, add or remove "
                                   "sources in config.toml")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", parents=[parent], help="list the sources and their state")
    add = actions.add_parser(
        "add", parents=[parent], help="add a source",
        description="Add a source. The kind is guessed from --url when not given "
                    "(an rss.arxiv.org listing, a bioRxiv subject feed, ...).",
        epilog='Examples: hubread sources add "arXiv robotics" --kind arxiv --categories '
               'cs.RO  |  hubread sources add "Cell" --url https://www.cell.com/cell/'
               'inpress.rss')
    add.add_argument("name")
    add.add_argument("--kind", choices=list(KIND_KEYS))
    add.add_argument("--categories", help="arxiv: comma-separated, e.g. cs.AI,cs.LG")
    add.add_argument("--query", help='arxiv-query: e.g. "all:transformer AND cat:cs.LG"')
    add.add_argument("--max-results", type=int, help="arxiv-query (default: 100, or the "
                     "max_results of an API --url)")
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
            say(f"Removed {args.name!r} from {path} (its cached papers stay until they "
                "expire; starred ones stay for good).")
            return 0
        kind, guessed = args.kind, {}
        if kind is None:
            if not args.url:
                raise UserError("give --kind, or a --url to guess it from")
            try:
                kind, guessed = recognise(args.url)
            except UnusableURL as exc:
                raise UserError(f"--url {args.url!r}: {exc}") from None
        from_url = guessed.get("max_results")
        max_results = args.max_results if args.max_results is not None else \
            from_url if isinstance(from_url, int) else 100
        source = SourceConfig(
            name=args.name, kind=kind,
            categories=tuple(c.strip() for c in (args.categories or "").split(",") if c.strip())
            or tuple(guessed.get("categories", ())),
            query=args.query or str(guessed.get("query", "")),
            max_results=max_results,
            subject=args.subject or str(guessed.get("subject", "")),
            date=str(guessed.get("date", "")),
            url=args.url if kind == "feed" or args.kind else "",
            tags=tuple(args.tag), enabled=not args.disabled)
        _, added, skipped = add_sources(path, [source])
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    if skipped:
        raise UserError(f"{path}: not added: {skipped[0].describe()}")
    say(f"Added {added[0]!r} ({kind}) to {path}. `hubread fetch --source "
        f"{added[0]!r}` fetches it now.")
    return 0


def _describe(source: SourceConfig) -> str:
    if source.kind == "arxiv":
        detail = "+".join(source.categories)
    elif source.kind == "arxiv-query":
        detail = f"{source.query!r}, up to {source.max_results}"
    elif source.kind in ("biorxiv", "medrxiv"):
        detail = source.subject
    elif source.kind == "huggingface":
        detail = source.date or "today"
    else:
        detail = source.url
    if source.url and source.kind != "feed":
        detail += f" via {source.url}"
    return detail


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
            status = f"ok {state.last_success.astimezone():%Y-%m-%d %H:%M}" \
                if state.last_success else "ok"
        tags = f" [{', '.join(source.tags)}]" if source.tags else ""
        say(f"{source.name:<{width}}  {source.kind:<{kinds}}  {_describe(source)}{tags}  "
            f"({status}, {plural(stores.cache.count(source.name), 'paper')})", file=sys.stdout)
    return 0
