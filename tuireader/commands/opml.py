"""``hubread opml export | import``: sources to and from OPML 2.0."""

from __future__ import annotations

import argparse
from pathlib import Path

from tuireader.commands import Subcommands
from tuireader.commands.output import emit, say
from tuireader.config.editing import add_sources
from tuireader.config.settings import ConfigError
from tuireader.feeds.errors import FeedError
from tuireader.interop.opml import read_opml, to_opml
from tuireader.storage.home import Stores, UserError
from tuireader.wording import plural


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "opml",
        parents=[parent],
        help="export or import sources as OPML (newsboat, Miniflux, Feedly, ...)",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", parents=[parent], help="write the sources as OPML")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    imp = actions.add_parser(
        "import", parents=[parent], help="add the feeds of an OPML file as sources"
    )
    imp.add_argument("file", help="an OPML file (from newsboat, Miniflux, Feedly, ...)")


def run(args: argparse.Namespace, stores: Stores) -> int:
    if args.action == "export":
        path = emit(to_opml(stores.config.sources), args.output)
        if path is not None:
            say(f"Wrote {plural(len(stores.config.sources), 'source')} to {path}")
        return 0
    file = Path(args.file).expanduser()
    try:
        found, rejected = read_opml(file.read_bytes())
    except OSError as exc:
        raise UserError(f"{file}: {exc.strerror or exc}") from None
    except FeedError as exc:
        raise UserError(f"{file}: {exc}") from None
    try:
        _, added, skipped = add_sources(stores.config.path, [s.as_config() for s in found])
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    kinds = {s.name: s.kind for s in found}
    for name in added:
        say(f"added    {name} ({kinds[name]})")
    for duplicate in skipped:
        why = (
            ""
            if duplicate.existing == duplicate.name
            else f": {duplicate.existing!r} reads the same address"
        )
        say(f"skipped  {duplicate.name} (already a source{why})")
    for feed in rejected:
        say(f"rejected {feed.name} ({feed.reason})")
    summary = (
        f"{len(added)} added, {len(skipped)} skipped, from {plural(len(found), 'feed')} in {file}"
    )
    if rejected:
        summary += f"; {plural(len(rejected), 'outline')} not taken (address not usable)"
    say(summary)
    return 0
