"""``hubread digest``: one day's papers from the cache as a Markdown digest, for cron."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta

from tuireader.commands import require_known_sources
from tuireader.commands.export import parse_day
from tuireader.commands.output import emit, say
from tuireader.export.markdown import to_markdown
from tuireader.storage.home import Stores
from tuireader.wording import plural


def add_parser(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "digest", parents=[parent], help="one day's papers as a Markdown digest",
        description="Write the papers dated on one day (default: today, UTC) as a Markdown "
                    "digest with the [radar] keywords in bold.")
    parser.add_argument("--date", type=parse_day, metavar="YYYY-MM-DD", help="the day")
    parser.add_argument("--source", action="append", default=[], metavar="NAME",
                        help="only this source (repeatable)")
    parser.add_argument("--group", action="store_true", help="group the papers by source")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")


def run(args: argparse.Namespace, stores: Stores) -> int:
    require_known_sources(stores.config, args.source)
    day: date = args.date or datetime.now(UTC).date()
    start = datetime.combine(day, datetime.min.time(), UTC)
    end = start + timedelta(days=1)
    configured = [s.name for s in stores.config.sources]
    papers = [p for p in stores.cache.papers()
              if p.date and start <= p.date.astimezone(UTC) < end
              and (not args.source or set(args.source) & set(p.sources))]
    # In the order of the sources in config.toml, then by title.
    rank = {name: i for i, name in enumerate(configured)}
    papers.sort(key=lambda p: (min((rank.get(s, len(rank)) for s in p.sources),
                                   default=len(rank)), p.title.lower()))
    radar = stores.config.radar
    text = to_markdown(papers, day=day, keywords=radar.keywords, authors=radar.authors,
                       group_by_source=args.group, source_order=configured)
    path = emit(text, args.output)
    if path is not None:
        say(f"Digest of {plural(len(papers), 'paper')} for {day} written to {path}",
            file=sys.stderr)
    return 0
