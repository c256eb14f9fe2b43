"""``hubread export``: papers to BibTeX, RIS, CSL-JSON, Markdown, CSV or JSON."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from tuireader.briefing.saved import TldrStore, tldr_path
from tuireader.commands import Subcommands, require_known_sources
from tuireader.commands.output import complain, emit, say
from tuireader.export import FORMATS, render
from tuireader.export.marks import ExportMarks
from tuireader.query.selection import Selection, select_papers
from tuireader.storage.home import Stores
from tuireader.wording import plural


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-20") from None


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[parent],
        help="export papers (starred by default)",
        description="Export papers. With no selection, the starred ones; selections combine (AND).",
    )
    parser.add_argument(
        "--format", "-f", required=True, choices=sorted(FORMATS), help="output format"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (atomically) instead of standard output",
    )
    add_selection(parser)


def add_selection(parser: argparse.ArgumentParser) -> None:
    """The selection options of export (and of `zotero push`, which takes the same)."""
    selection = parser.add_argument_group("selection")
    selection.add_argument("--starred", action="store_true", help="starred papers (default)")
    selection.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="papers with this tag (repeatable: any of them)",
    )
    selection.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="papers from this source (repeatable)",
    )
    selection.add_argument("--unread", action="store_true", help="unread papers")
    selection.add_argument(
        "--since", type=parse_day, metavar="YYYY-MM-DD", help="papers dated on or after this day"
    )
    selection.add_argument(
        "--search",
        metavar="QUERY",
        help="papers matching a full-text search of titles, authors and abstracts",
    )
    selection.add_argument(
        "--all", action="store_true", dest="everything", help="every paper in the cache and library"
    )


def selection_of(args: argparse.Namespace) -> Selection:
    return Selection(
        starred=args.starred,
        tags=tuple(args.tag),
        sources=tuple(args.source),
        unread=args.unread,
        since=args.since,
        search=args.search or "",
        everything=args.everything,
    )


def run(args: argparse.Namespace, stores: Stores) -> int:
    require_known_sources(stores.config, args.source)
    papers = select_papers(stores.cache, stores.library, selection_of(args))
    tldrs = TldrStore(tldr_path(stores.paths.data_dir))
    if tldrs.problem:
        complain(f"hubread: {tldrs.problem}")
    marks = ExportMarks.from_library(stores.library, (p.key for p in papers), tldrs.texts())
    text = render(args.format, papers, marks, stores.config.radar.keywords)
    path = emit(text, args.output)
    if path is not None:
        say(f"Exported {plural(len(papers), 'paper')} to {path}", file=sys.stderr)
    elif not papers:
        say(
            "No papers matched (with no selection, export takes the starred papers).",
            file=sys.stderr,
        )
    return 0
