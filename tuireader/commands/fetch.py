"""``hubread fetch``: refresh sources without the TUI (for cron and scripts).

One line per source as it finishes (and one more for a source whose listing was stale:
stored, but older than the last fetch's) and a summary; a progress bar on stderr when it
is a terminal. Exit status: 0 when every source succeeded, 1 when all failed, 3 when some did.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from tuireader.commands import Subcommands, require_known_sources
from tuireader.commands.output import Alert, say
from tuireader.fetch.outcomes import FAILED, NOT_MODIFIED, UNCHANGED, UPDATED, SourceOutcome
from tuireader.storage.home import Stores
from tuireader.wording import plural

EXIT_ALL_FAILED = 1
EXIT_SOME_FAILED = 3


def add_parser(subparsers: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "fetch",
        parents=[parent],
        help="refresh sources now, without the TUI",
        description="Refresh sources into the cache. Exit status: 0 all succeeded, "
        "1 all failed, 3 some failed, 2 bad config.",
    )
    parser.add_argument(
        "--source",
        action="append",
        metavar="NAME",
        default=[],
        help="only this source (repeatable; also fetches disabled ones)",
    )


def describe(outcome: SourceOutcome) -> str:
    """The status part of a source's line."""
    timing = f" ({outcome.seconds:.1f} s)"
    if outcome.unreadable:  # said, not hidden: the feed has items hubread cannot read
        timing = f", {plural(outcome.unreadable, 'unreadable item')} skipped" + timing
    if outcome.status == UPDATED:
        return (
            f"{outcome.new} new, {outcome.updated} updated, {outcome.unchanged} unchanged" + timing
        )
    if outcome.status == UNCHANGED:
        return (outcome.message or f"no changes ({plural(outcome.unchanged, 'paper')})") + timing
    if outcome.status == NOT_MODIFIED:
        return "not modified" + timing
    if outcome.status == FAILED:
        return f"error: {outcome.message}"
    return outcome.message + timing


class _Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.enabled = stream.isatty() and total > 0

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()

    def draw(self) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // self.total
        self.stream.write(
            f"\r[{'█' * filled}{'░' * (width - filled)}] {self.done}/{self.total} sources"
        )
        self.stream.flush()


def run(
    args: argparse.Namespace, stores: Stores, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    names = args.source
    require_known_sources(stores.config, names)
    sources = stores.config.sources_to_refresh(names)
    if not sources:
        say(f"No sources to fetch: add [[sources]] to {stores.config.path}", file=out)
        return 0
    import asyncio

    from tuireader.fetch.refresher import Refresher

    refresher = Refresher(stores.config, stores.cache, keep=stores.library.starred_keys)
    width = max(len(s.name) for s in sources)
    progress = _Progress(len(sources), err)

    def on_done(outcome: SourceOutcome) -> None:
        progress.clear()
        text = describe(outcome)
        say(
            f"{outcome.name:<{width}}  ",
            Alert(text) if outcome.status == FAILED else text,
            file=out,
            flush=True,
        )
        if outcome.warning:  # its papers were stored: a warning on a line of its own
            say(Alert(f"{outcome.name}: {outcome.warning}"), file=out, flush=True)
        progress.done += 1
        progress.draw()

    progress.draw()
    report = asyncio.run(refresher.refresh(names, on_done=on_done))
    progress.clear()
    failed = len(report.failed)
    total = len(report.outcomes)
    summary = (
        f"{plural(total, 'source')} in {report.seconds:.1f} s: "
        f"{total - failed} ok, {failed} failed; {plural(report.new, 'new paper')}"
    )
    if report.warned:
        summary += f"; {len(report.warned)} stale"
    if report.purged:
        summary += f"; {plural(report.purged, 'old paper')} removed"
    say(summary, file=out)
    if failed == 0:
        return 0
    return EXIT_ALL_FAILED if failed == total else EXIT_SOME_FAILED
