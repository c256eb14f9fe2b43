"""``hubread digest``: one day's papers from the cache as a Markdown digest, for cron."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from tuireader.briefing.saved import SavedBrief, SavedBriefError, load_brief
from tuireader.commands import Subcommands, require_known_sources
from tuireader.commands.export import parse_day
from tuireader.commands.output import emit, say
from tuireader.commands.readable import readable
from tuireader.export.markdown import to_markdown
from tuireader.export.marks import ExportMarks
from tuireader.latex_text import render_latex
from tuireader.model import Paper
from tuireader.query.date_views import query_problem
from tuireader.radar.service import RadarService
from tuireader.storage.cache import CacheStore
from tuireader.storage.home import Stores, UserError
from tuireader.storage.paper_filter import PaperFilter
from tuireader.wording import plural


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "digest",
        parents=[parent],
        help="one day's papers as a Markdown digest",
        description="Write the papers dated on one day (default: today, UTC) as a Markdown "
        "digest with the [radar] keywords in bold, and the LaTeX of titles and abstracts as "
        "readable Unicode (exports keep it as written).",
    )
    parser.add_argument("--date", type=parse_day, metavar="YYYY-MM-DD", help="the day")
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="only this source or saved search (repeatable)",
    )
    parser.add_argument("--group", action="store_true", help="group the papers by source")
    parser.add_argument(
        "--radar",
        action="store_true",
        help="the papers the radar ranks at or above [radar].threshold first, "
        "best first, each with its reason",
    )
    parser.add_argument(
        "--brief",
        action="store_true",
        help="append the day's saved brief (made by `hubread brief`)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")


def day_papers(
    cache: CacheStore, day: date, sources: Sequence[str] = (), searches: Sequence[str] = ()
) -> list[Paper]:
    """The cached papers dated on ``day`` (UTC), from any of ``sources`` or matching any
    of the saved searches' queries ``searches`` (all papers when both are empty): a range
    on the indexed date column, so only that day's papers are read."""
    start = datetime.combine(day, datetime.min.time(), UTC)
    day_range = PaperFilter(since=start, before=start + timedelta(days=1))
    selections = [replace(day_range, search=query) for query in searches]
    if sources or not searches:
        selections.append(replace(day_range, sources=tuple(sources)))
    found: dict[str, Paper] = {}
    for selection in selections:
        found.update((p.key, p) for p in cache.papers_where(selection))
    return list(found.values())


def radar_first(stores: Stores, papers: list[Paper]) -> tuple[list[Paper], dict[str, str]]:
    """``papers`` with those the radar ranks at or above the threshold first (best first,
    muted ones never), and each one's score and reason."""
    service = RadarService(stores.cache, stores.library, stores.config.radar, stores.paths.data_dir)
    threshold = stores.config.radar.threshold
    top = [r for r in service.rank(papers) if r.muted is None and r.score >= threshold]
    first = {r.key: r for r in top}
    by_key = {p.key: p for p in papers}
    ordered = [by_key[r.key] for r in top] + [p for p in papers if p.key not in first]
    return ordered, {r.key: f"{r.score:.2f}, {r.reason}" for r in top}


def saved_brief(stores: Stores, day: date) -> SavedBrief:
    """The brief saved for ``day``; ``UserError`` saying how to make one when there is none."""
    try:
        brief = load_brief(stores.paths.data_dir, day)
    except SavedBriefError as exc:
        raise UserError(str(exc)) from None
    if brief is None:
        raise UserError(
            f"no brief saved for {day}: make one with `hubread brief --date "
            f"{day}` (needs [llm] in config.toml)"
        )
    return brief


def run(args: argparse.Namespace, stores: Stores) -> int:
    config = stores.config
    require_known_sources(config, args.source, searches=True)
    day: date = args.date or datetime.now(UTC).date()
    configured = [s.name for s in config.sources]
    chosen = [s for s in config.searches if s.name in args.source]
    for search in chosen:
        if problem := query_problem(search.query):
            raise UserError(f"the saved search {search.name!r} cannot search: {problem}")
    queries = [s.query for s in chosen]
    sources = [name for name in args.source if config.search(name) is None]
    papers = day_papers(stores.cache, day, sources, queries)
    # In the order of the sources in config.toml, then by title as the reader sees it.
    rank = {name: i for i, name in enumerate(configured)}
    papers.sort(
        key=lambda p: (
            min((rank.get(s, len(rank)) for s in p.sources), default=len(rank)),
            render_latex(p.title).lower(),
        )
    )
    radar = stores.config.radar
    reasons: dict[str, str] = {}
    if args.radar:
        papers, reasons = radar_first(stores, papers)
    marks = ExportMarks.from_library(stores.library, (p.key for p in papers))
    text = to_markdown(
        [readable(p) for p in papers],
        day=day,
        keywords=radar.keywords,
        authors=radar.authors,
        group_by_source=args.group,
        source_order=configured,
        marks=marks,
        reasons=reasons,
    )
    if args.brief:
        text = text.rstrip("\n") + "\n\n" + saved_brief(stores, day).markdown()
    path = emit(text, args.output)
    if path is not None:
        say(
            f"Digest of {plural(len(papers), 'paper')} for {day} written to {path}", file=sys.stderr
        )
    return 0
