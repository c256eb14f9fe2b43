"""``hubread star ID...``: star papers from the shell (``unstar`` is its undo).

An ID is an arXiv id (``2401.12345``, ``2401.12345v2``, ``arXiv:2401.12345``, an arxiv.org
link), a DOI in any form (``10.1/x``, ``doi:10.1/x``, a doi.org link) or a paper key as
hubread shows it (``arxiv:2401.12345``). Every id must be found before anything is
changed, so a typo never leaves half the papers starred.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from tuireader.commands import Subcommands
from tuireader.commands.output import say
from tuireader.model import Paper, normalize_doi, parse_arxiv_id
from tuireader.storage.home import Stores, UserError
from tuireader.wording import plural

_KEY_PREFIXES = ("arxiv:", "doi:", "url:", "hash:")
_ARXIV_DOI = "10.48550/arxiv."  # arXiv's own DOIs name the arXiv paper


def candidate_keys(text: str) -> list[str]:
    """The paper keys an id given on the command line may stand for, likeliest first."""
    text = text.strip()
    keys = [text] if text.startswith(_KEY_PREFIXES) else []
    doi = normalize_doi(text)
    if doi:
        if doi.startswith(_ARXIV_DOI) and (found := parse_arxiv_id(doi[len(_ARXIV_DOI) :])):
            keys.append(f"arxiv:{found[0]}")
        keys.append(f"doi:{doi}")
    elif found := parse_arxiv_id(text):
        keys.append(f"arxiv:{found[0]}")
    return list(dict.fromkeys(keys))


def resolve(stores: Stores, ids: Sequence[str]) -> list[Paper]:
    """The papers ``ids`` name, from the cache or the library's own copies; ``UserError``
    naming every id that names no known paper."""
    papers: dict[str, Paper] = {}
    missing = []
    for text in ids:
        paper = None
        for key in candidate_keys(text):
            paper = stores.cache.paper(key) or stores.library.starred_paper(key)
            if paper is not None:
                break
        if paper is None:
            missing.append(text)
        else:
            papers[paper.key] = paper
    if missing:
        raise UserError(
            f"not in the cache: {', '.join(map(repr, missing))} (give arXiv ids, "
            "DOIs or keys of fetched papers; nothing was changed)"
        )
    return list(papers.values())


def add_marking_parser(
    subparsers: Subcommands,
    parent: argparse.ArgumentParser,
    name: str,
    help_text: str,
) -> None:
    parser = subparsers.add_parser(
        name,
        parents=[parent],
        help=help_text,
        description=f"{help_text[0].upper()}{help_text[1:]}. "
        "IDs are arXiv ids, DOIs or paper keys.",
    )
    parser.add_argument("ids", nargs="+", metavar="ID", help="an arXiv id, DOI or key")


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    add_marking_parser(subparsers, parent, "star", "star papers (the radar learns from them)")


def save(stores: Stores) -> None:
    if not stores.library.flush():
        raise UserError(stores.library.write_error or "cannot save the library")


def run(args: argparse.Namespace, stores: Stores) -> int:
    papers = resolve(stores, args.ids)
    new = [p for p in papers if not stores.library.is_starred(p.key)]
    for paper in new:
        stores.library.star(paper)
    save(stores)
    for paper in papers:
        say(f"{'starred' if paper in new else 'already starred'}: {paper.key}  {paper.title}")
    say(f"Starred {plural(len(new), 'paper')}.")
    return 0
