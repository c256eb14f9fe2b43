"""The reader's embeddings worker ([radar].embeddings_url): the papers with no vector yet
are embedded in the background, a bounded number per run, and the radar re-ranks with
their "similar to <starred title>" evidence as they arrive.

After each ranking the radar worker calls ``after_ranking``; when papers are missing a
vector, one run embeds up to ``PER_RUN`` of them in small batches (so quitting waits for
one short request at most), then asks for a ranking of the papers it embedded, which comes
back here until nothing is missing. A failure is a toast (once per distinct message) and a
line in the log, and the radar ranks without embeddings, its status saying why; it is
tried again after ``RETRY_AFTER`` seconds. A server not on this machine is asked about
once (the same consent as [llm]'s, kept per server in llm-consent.json): no paper text
leaves the machine without the reader's yes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, get_current_worker

from tuireader.net.endpoints import is_local
from tuireader.ui.workers import in_thread

if TYPE_CHECKING:
    from textual.app import App

    from tuireader.radar.service import RadarService
    from tuireader.storage.home import Stores

Rank = Callable[[tuple[str, ...]], object]  # RadarWork.rank: rank again, these keys changed
PER_RUN = 256  # papers a run embeds before the radar re-ranks with them
BATCH = 8  # texts per request in the reader: a CPU server answers in seconds
RETRY_AFTER = 300.0
logger = logging.getLogger(__name__)


class EmbedWork:
    """Drives ``RadarService.embed_missing`` from the reader; main-thread methods only,
    except the worker's own ``_embed``."""

    def __init__(self, app: App[Any], stores: Stores) -> None:
        self.app = app
        self.stores = stores
        self._worker: Worker[None] | None = None
        self._failed_at: float | None = None
        self._shown: str | None = None  # the last failure toasted
        self._asked = False  # consent asked this session (a no is not asked again)

    def after_ranking(self, service: RadarService, rank: Rank) -> None:
        """A ranking was shown: embed what is missing, if anything (``rank(keys)`` asks
        the radar for a ranking of those papers)."""
        embedder = service.embedder
        if embedder is None or (self._worker is not None and self._worker.is_running):
            return
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER:
            return
        if not self._allowed(embedder.config.url, embedder.server, service, rank):
            return
        self._worker = in_thread(
            self.app,
            lambda: self._embed(service, rank),
            name="embed_radar",
            group="radar-embed",
            description="Embedding papers for the radar",
            exclusive=True,
        )

    def _allowed(self, url: str, server: str, service: RadarService, rank: Rank) -> bool:
        from tuireader.ui.screens.brief_actions import consented, remember_consent

        data_dir = self.stores.paths.data_dir
        if is_local(url) or consented(data_dir, server):
            return True
        if self._asked:
            return False
        self._asked = True

        def answered(yes: bool | None) -> None:
            if not yes:
                service.turn_off_embeddings(f"{server} is not on this machine; nothing sent")
                self.app.notify("Radar embeddings are off: nothing was sent.", timeout=4)
                rank(())
                return
            try:
                remember_consent(data_dir, server)
            except OSError as exc:
                self.app.notify(
                    f"Your answer could not be kept ({exc.strerror or exc}); you will be "
                    "asked again next time.",
                    severity="warning",
                )
            self.after_ranking(service, rank)

        from tuireader.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(
                f"{server} is not on this machine. Send the titles and abstracts of papers "
                "to it for the radar's embeddings? (Asked once per server.)"
            ),
            answered,
        )
        return False

    def _embed(self, service: RadarService, rank: Rank) -> None:
        from tuireader.radar.embeddings import EmbeddingsError

        worker = get_current_worker()
        try:
            done = service.embed_missing(PER_RUN, stop=lambda: worker.is_cancelled, batch=BATCH)
        except EmbeddingsError as exc:
            logger.warning("radar embeddings failed: %s", exc)
            self.app.call_from_thread(self._failed, str(exc), rank)
            return
        if done and not worker.is_cancelled:
            self.app.call_from_thread(self._embedded, tuple(done), rank)

    def _failed(self, message: str, rank: Rank) -> None:
        self._failed_at = time.monotonic()
        if message != self._shown:
            self._shown = message
            self.app.notify(
                f"Radar embeddings failed: {message}. The radar ranks without them.",
                severity="warning",
                timeout=8,
            )
        rank(())  # the status says "without embeddings: ..."

    def _embedded(self, keys: tuple[str, ...], rank: Rank) -> None:
        self._failed_at = self._shown = None
        rank(keys)
