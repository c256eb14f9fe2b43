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
from tuireader.config.search_editing import add_search, remove_search
from tuireader.config.settings import ConfigError
from tuireader.kinds.base import Settings, UnusableURL
from tuireader.kinds.registry import KINDS, kind_of, recognise
from tuireader.kinds.source import SourceConfig
from tuireader.query.date_views import query_problem
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
        "(an rss.arxiv.org listing, a bioRxiv subject feed, ...). With --search, a saved "
        "search: a source made of a search of the cache, never fetched.",
        epilog='Examples: hubread sources add "arXiv robotics" --kind arxiv --categories '
        'cs.RO  |  hubread sources add "Cell" --url https://www.cell.com/cell/'
        'inpress.rss  |  hubread sources add "Diffusion" --search "diffusion model"',
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
    add.add_argument(
        "--search",
        metavar="QUERY",
        help="a saved search instead of a feed: the cached papers matching QUERY, as "
        "the reader's / searches (every word, the last as a prefix); takes no other option",
    )
    remove = actions.add_parser(
        "remove", parents=[parent], help="remove a source or a saved search"
    )
    remove.add_argument("name")


def run(args: argparse.Namespace, stores: Stores) -> int:
    path = stores.config.path
    try:
        if args.action == "list":
            return _list(stores)
        if args.action == "remove" and stores.config.search(args.name) is not None:
            remove_search(path, args.name)
            say(f"Removed the saved search {args.name!r} from {path}.")
            return 0
        if args.action == "remove":
            remove_source(path, args.name)
            say(
                f"Removed {args.name!r} from {path} (its cached papers stay until they "
                "expire; starred ones stay for good)."
            )
            return 0
        if args.search is not None:
            return _add_search(args, stores)
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
        if stores.config.search(args.name) is not None:
            raise UserError(f"{path}: not added: a saved search named {args.name!r} exists")
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


# The options that make a feed source: a saved search takes none of them.
_SOURCE_OPTIONS = ("kind", "categories", "query", "max_results", "subject", "url", "tag")


def _add_search(args: argparse.Namespace, stores: Stores) -> int:
    """``sources add NAME --search QUERY``: checked with the reader's search parser."""
    given = [o for o in _SOURCE_OPTIONS if getattr(args, o) not in (None, "", [])]
    if args.disabled:
        given.append("disabled")
    if given:
        options = ", ".join("--" + o.replace("_", "-") for o in given)
        raise UserError(f"--search makes a saved search, which takes no {options}")
    if not args.name.strip():
        raise UserError("the saved search needs a name")
    if not args.name.isprintable():
        raise UserError(
            f"the saved search's name must not contain control characters: {args.name!r}"
        )
    problem = query_problem(args.search)
    if problem:
        raise UserError(f"--search: {problem}")
    path = stores.config.path
    try:
        add_search(path, args.name, args.search)
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    matches = len(stores.cache.search_ids(args.search))
    say(
        f"Added the saved search {args.name!r} ({args.search!r}, "
        f"{plural(matches, 'cached paper')} now) to {path}."
    )
    return 0


def _list(stores: Stores) -> int:
    sources = stores.config.sources
    searches = stores.config.searches
    if not sources and not searches:
        say(f"No sources in {stores.config.path}. Add one with `hubread sources add`.")
        return 0
    if sources:
        _list_sources(stores)
    if searches:
        width = max(len(s.name) for s in searches)
        say("Saved searches (never fetched):", file=sys.stdout)
        for search in searches:
            if problem := query_problem(search.query):
                found = f"cannot search: {problem}"  # said, never a silent "0 papers"
            else:
                found = plural(len(stores.cache.search_ids(search.query)), "cached paper")
            say(f"{search.name:<{width}}  search  {search.query}  ({found})", file=sys.stdout)
    return 0


def _list_sources(stores: Stores) -> None:
    sources = stores.config.sources
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
