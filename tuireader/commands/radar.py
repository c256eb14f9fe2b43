"""``hubread radar``: the ranked papers with their reasons, for cron; ``radar seed`` for a
cold start from the reader's own library file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from tuireader.commands import Subcommands
from tuireader.commands.output import complain, emit, say
from tuireader.commands.radar_embed import EMBED_LIMIT, embed_first
from tuireader.commands.readable import readable
from tuireader.export import clean_paper, render
from tuireader.export.markdown import to_markdown
from tuireader.export.marks import ExportMarks
from tuireader.interop.citations import CitationFileError, read_citations
from tuireader.latex_text import render_latex
from tuireader.model import Paper
from tuireader.radar.ranking import Ranked
from tuireader.radar.service import RadarService
from tuireader.storage.home import Stores, UserError
from tuireader.storage.radar_files import SeedFileError, clear_seeds, load_seeds, save_seeds
from tuireader.storage.radar_files import seed_path as seed_file
from tuireader.wording import plural

FORMATS = ("text", "markdown", "json")
DEFAULT_LIMIT = 25


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "radar",
        parents=[parent],
        help="the unread papers ranked by the radar, with reasons",
        description="Print the unread papers of the last [radar].days days ranked by your "
        "[radar] rules and what you starred, tagged and dismissed, each with "
        "the largest reason for its score. Muted papers are left out.",
    )
    parser.add_argument(
        "--days",
        type=_count,
        metavar="N",
        help="papers of the last N days (default: [radar].days; 0: every cached paper)",
    )
    parser.add_argument(
        "--limit",
        type=_count,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N papers (default {DEFAULT_LIMIT}; 0: all)",
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="text",
        help="text (default), markdown (a digest with reasons) or json "
        "(export records with score and reasons)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    parser.add_argument(
        "--embed-limit",
        type=_count,
        default=EMBED_LIMIT,
        metavar="N",
        help="with [radar].embeddings_url: embed at most N new papers first "
        f"(default {EMBED_LIMIT}; 0: none this run)",
    )
    actions = parser.add_subparsers(dest="radar_action", metavar="ACTION")
    seed = actions.add_parser(
        "seed",
        parents=[parent],
        help="learn from your own library file",
        description="Use the titles and abstracts of a BibTeX, RIS or CSL-JSON file (a "
        "Zotero export, your publications) as papers you like, without "
        "starring them. Without FILE, list the seeded papers.",
    )
    seed.add_argument("file", nargs="?", metavar="FILE", help="a .bib, .ris or .json file")
    seed.add_argument("--clear", action="store_true", help="forget the seeded papers")


def reason_text(ranked: Ranked, most: int = 3) -> str:
    """The largest reasons, largest first (the first is the one the list row shows)."""
    reasons = _reasons(ranked)
    return "; ".join(reasons[:most]) or "no reason: nothing matched"


def _reasons(ranked: Ranked) -> list[str]:
    """The positive contributions, largest first (what pushed the paper up)."""
    return [c.reason for c in ranked.contributions if c.value > 0]


def render_ranked(
    fmt: str,
    ranked: Sequence[Ranked],
    papers: Mapping[str, Paper],
    stores: Stores,
    status: str,
    llm_reasons: Mapping[str, str] | None = None,
) -> str:
    """The ranked papers in ``fmt``; the text is cleaned by ``emit`` and the exporters.
    ``llm_reasons`` ([llm].rerank) are shown next to the radar's own."""
    llm_reasons = llm_reasons or {}
    items = [(r, papers[r.key]) for r in ranked if r.key in papers]
    if fmt == "json":
        marks = ExportMarks.from_library(stores.library, (p.key for _, p in items))
        records = json.loads(render("json", [p for _, p in items], marks))
        for record, (r, _) in zip(records, items, strict=True):
            record["score"] = round(r.score, 4)
            record["reasons"] = _reasons(r)
            if r.key in llm_reasons:
                record["llm_reason"] = llm_reasons[r.key]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        radar = stores.config.radar
        return to_markdown(
            [readable(clean_paper(p)) for _, p in items],
            day=datetime.now(UTC).date(),
            keywords=radar.keywords,
            authors=radar.authors,
            reasons={
                r.key: f"{r.score:.2f}, {reason_text(r)}"
                + (f"; {llm_reasons[r.key]}" if r.key in llm_reasons else "")
                for r, _ in items
            },
        )
    lines = [f"Radar: {status}"]
    for rank, (r, paper) in enumerate(items, start=1):
        # A list for people: LaTeX shown as the reader shows it.
        title = render_latex(paper.title)
        author = render_latex(paper.authors[0]) if paper.authors else "unknown"
        llm = f"  [{llm_reasons[r.key]}]" if r.key in llm_reasons else ""
        lines.append(f"{rank:3d}  {r.score:6.2f}  {title}  ({author})  [{reason_text(r)}]{llm}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, stores: Stores) -> int:
    if args.radar_action == "seed":
        return _seed(args, stores)
    service = RadarService(stores.cache, stores.library, stores.config.radar, stores.paths.data_dir)
    embed_first(service, args.embed_limit, args.days)
    view = service.refresh(days=args.days)
    shown = list(view.visible[: args.limit] if args.limit else view.visible)
    llm_reasons = llm_rerank(stores, [view.papers[r.key] for r in shown if r.key in view.papers])
    path = emit(
        render_ranked(args.format, shown, view.papers, stores, view.status, llm_reasons),
        args.output,
    )
    for problem in service.problems:
        say(f"hubread: {problem}", file=sys.stderr)
    if path is not None:
        say(f"Radar of {plural(len(shown), 'paper')} written to {path}", file=sys.stderr)
    elif not shown:
        days = stores.config.radar.days if args.days is None else args.days
        say(
            f"No unread papers on the radar ({'any day' if days == 0 else plural(days, 'day')})"
            "; fetch some, or try --days 0.",
            file=sys.stderr,
        )
    return 0


def llm_rerank(stores: Stores, papers: list[Paper]) -> dict[str, str]:
    """With ``[llm].rerank = true``, the model's score and reason for the top papers; a
    failure is said on stderr and the radar's own ranking stands."""
    llm = stores.config.llm
    if llm is None or not llm.rerank or not papers:
        return {}
    from tuireader.briefing.client import ChatClient, LLMError  # only when asked
    from tuireader.briefing.rerank import rerank_top

    interests = [p.title for p in stores.library.starred_papers()][:20]
    interests += list(stores.config.radar.keywords)
    client = ChatClient(llm, on_wait=complain)
    try:
        reasons = rerank_top(client, papers, interests)
    except LLMError as exc:
        complain(f"hubread: no LLM reasons: {exc}")
        return {}
    if not reasons:
        complain(f"hubread: no LLM reasons: {client.server} answered with no usable scores")
    return reasons


def _seed(args: argparse.Namespace, stores: Stores) -> int:
    path = seed_file(stores.paths.data_dir)
    if args.clear:
        if args.file:
            raise UserError("radar seed: give FILE or --clear, not both")
        say(f"Cleared {plural(clear_seeds(path), 'seeded paper')}.")
        return 0
    if args.file:
        source = Path(args.file).expanduser()
        try:
            papers = read_citations(source)
        except CitationFileError as exc:
            raise UserError(f"{source}: {exc}") from None
        except OSError as exc:
            raise UserError(f"{source}: cannot read: {exc.strerror or exc}") from None
        if not papers:
            raise UserError(f"{source}: no entries with a title; nothing seeded")
        try:
            save_seeds(path, papers)
        except OSError as exc:
            raise UserError(f"cannot save {path}: {exc.strerror or exc}") from None
        with_abstract = sum(bool(p.abstract) for p in papers)
        say(
            f"Seeded the radar with {plural(len(papers), 'paper')} from {source} "
            f"({with_abstract} with an abstract); nothing was starred."
        )
        return 0
    try:
        papers = load_seeds(path)
    except SeedFileError as exc:
        raise UserError(str(exc)) from None
    if not papers:
        say(
            "No seeded papers. Seed the radar with `hubread radar seed FILE` (BibTeX, RIS "
            "or CSL-JSON)."
        )
        return 0
    say(f"{plural(len(papers), 'seeded paper')} (clear with `hubread radar seed --clear`):")
    for paper in papers:
        year = f" ({paper.date:%Y})" if paper.date else ""
        say(f"  {paper.title}{year}")
    return 0
