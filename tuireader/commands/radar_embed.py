"""``hubread radar``'s first step with ``[radar].embeddings_url``: embed the papers that
have no vector yet, at most ``--embed-limit`` a run, with progress on stderr.

A cron job must not stall on a day of 1,500 new papers and a CPU embeddings server, so a
run embeds a bounded number (positives first, then the newest candidates) and the next run
goes on. A failure is one line on stderr and in the log; the ranking goes on without
embeddings and its status line says so.
"""

from __future__ import annotations

import logging
import sys
import time

from tuireader.commands.output import complain, progress_line
from tuireader.radar.embeddings import EmbeddingsError
from tuireader.radar.service import RadarService
from tuireader.wording import plural

EMBED_LIMIT = 1000  # papers embedded per run by default (a few minutes on a CPU server)
logger = logging.getLogger(__name__)


def embed_first(service: RadarService, limit: int, days: int | None) -> None:
    """Embed up to ``limit`` missing papers before ranking (nothing without embeddings)."""
    embedder = service.embedder
    if embedder is None or limit <= 0:
        return
    queue = service.embedding_queue(days)
    if not queue:
        return
    todo = min(limit, len(queue))
    later = f"; {len(queue) - todo:,} more next run" if len(queue) > todo else ""
    complain(f"Embedding {plural(todo, 'paper')} with {embedder.server}{later}…")
    tty = sys.stderr.isatty()
    steps = {max(1, todo * q // 4) for q in (1, 2, 3)}
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        if tty:
            progress_line(f"  {done}/{total} embedded")
        elif any(done >= s > done - 32 for s in steps) and done < total:
            complain(f"  {done}/{total} embedded")

    try:
        done = service.embed_missing(limit, days=days, progress=progress)
    except EmbeddingsError as exc:
        progress_line(None)
        logger.warning("radar embeddings failed: %s", exc)
        complain(f"hubread: the radar ranks without embeddings: {exc}")
        return
    progress_line(None)
    complain(f"Embedded {plural(len(done), 'paper')} in {time.monotonic() - started:.1f} s.")
