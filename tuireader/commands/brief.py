"""``hubread brief``: a language model's brief of one day's papers (or the starred ones),
streamed as it is written, saved in the data dir for the reader and ``digest --brief``.

Needs ``[llm]`` in config.toml; without it nothing is sent anywhere and the command says
how to turn it on (exit 2). A server's failure is one line naming the server (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime

from tuireader.briefing.client import ChatClient, LLMError
from tuireader.briefing.saved import save_brief
from tuireader.briefing.service import write_brief
from tuireader.commands import Subcommands, require_known_sources
from tuireader.commands.digest import day_papers
from tuireader.commands.export import parse_day
from tuireader.commands.output import complain, emit, say, stream_out
from tuireader.config.llm_settings import LLMConfig
from tuireader.config.settings import Config
from tuireader.model import Paper
from tuireader.storage.home import Stores, UserError

EXIT_LLM_FAILED = 1
NO_LLM = (
    "no [llm] section in {path}: briefs need an OpenAI-compatible server, e.g.\n"
    '  [llm]\n  base_url = "http://127.0.0.1:11434/v1"\n  model = "qwen2.5:7b"\n'
    "(the default config has the whole section, commented)"
)


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "brief",
        parents=[parent],
        help="a language model's brief of a day's papers ([llm])",
        description="Send the titles, authors and abstracts of one day's papers (or the "
        "starred ones) to the [llm] server, print its brief as it arrives and "
        "save it in the data dir (briefs/DAY.md).",
    )
    parser.add_argument(
        "--date", type=parse_day, metavar="YYYY-MM-DD", help="the day (default: today, UTC)"
    )
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="only this source's papers (repeatable)",
    )
    parser.add_argument(
        "--starred", action="store_true", help="brief the starred papers instead of the day's"
    )
    parser.add_argument(
        "--radar",
        action="store_true",
        help="brief the radar's unread papers, best ranked first (see `hubread radar`)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the brief to FILE (atomically) instead of printing it",
    )


def llm_settings(config: Config) -> LLMConfig:
    if config.llm is None:
        raise UserError(NO_LLM.format(path=config.path))
    return config.llm


def radar_papers(stores: Stores, sources: list[str]) -> list[Paper]:
    """The radar's unread papers, best first (muted ones never): what ``hubread radar``
    lists, so the brief covers its top ``[llm].max_papers``."""
    from tuireader.radar.service import RadarService  # the radar's model: only when asked

    service = RadarService(stores.cache, stores.library, stores.config.radar, stores.paths.data_dir)
    view = service.refresh()
    for problem in service.problems:
        complain(f"hubread: {problem}")
    papers = [view.papers[r.key] for r in view.visible if r.key in view.papers]
    if sources:
        papers = [p for p in papers if set(p.sources) & set(sources)]
    return papers


def chosen_papers(args: argparse.Namespace, stores: Stores, day: date) -> list[Paper]:
    if args.starred and args.radar:
        raise UserError("brief: give --starred or --radar, not both")
    if args.radar:
        return radar_papers(stores, args.source)
    if args.starred:
        papers = stores.library.starred_papers()
        if args.source:
            papers = [p for p in papers if set(p.sources) & set(args.source)]
        return papers
    papers = day_papers(stores.cache, day, args.source)
    starred = stores.library.starred_keys()
    # Starred first, then by date: when not all fit, the ones the reader cares about stay.
    papers.sort(
        key=lambda p: (
            p.key not in starred,
            -(p.date.timestamp() if p.date else 0),
            p.title.lower(),
        )
    )
    return papers


def run(args: argparse.Namespace, stores: Stores) -> int:
    settings = llm_settings(stores.config)
    require_known_sources(stores.config, args.source)
    day: date = args.date or datetime.now(UTC).date()
    papers = chosen_papers(args, stores, day)
    if not papers:
        what = (
            "starred papers"
            if args.starred
            else "unread papers on the radar"
            if args.radar
            else f"papers dated {day} in the cache"
        )
        say(f"No {what}: nothing to brief, nothing sent.", file=sys.stderr)
        return 0
    client = ChatClient(settings, on_wait=complain)
    starred = [p.title for p in stores.library.starred_papers()][:30]
    printing = not args.output or args.output == "-"
    say(
        f"Briefing {len(papers)} papers with {settings.model} at {client.server} …",
        file=sys.stderr,
        flush=True,
    )
    if printing:
        stream_out(f"# Brief for {day.isoformat()}\n\n")
    try:
        brief = write_brief(
            client,
            papers,
            day=day,
            starred_titles=starred,
            on_text=stream_out if printing else lambda _t: None,
            on_note=complain,
        )
    except LLMError as exc:
        if printing:
            stream_out("\n")
        complain(f"hubread: {exc}")
        return EXIT_LLM_FAILED
    try:
        saved = save_brief(stores.paths.data_dir, brief)
    except OSError as exc:
        complain(f"hubread: the brief could not be saved: {exc.strerror or exc}")
        saved = None
    if printing:  # the model's text has been shown as it came; then what hubread adds
        stream_out("\n\n" + brief.tail())
    else:
        path = emit(brief.markdown(), args.output)
        say(f"Brief of {brief.coverage} written to {path}", file=sys.stderr)
    if saved is not None:
        say(f"Saved as {saved}", file=sys.stderr)
    return 0
