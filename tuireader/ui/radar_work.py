"""The radar's work for the reader, off the UI thread: ranking the Radar entry and
explaining one paper's score.

The service (radar/service.py) fits a model only when the reader's stars, tags, dismissals
or opened papers changed, and scores only papers it has not scored yet, so asking for a
ranking after every change is cheap. Results reach the reader screen as messages
(``RadarRanked``, ``RadarExplained``); failures reach the app's worker-state handler.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, get_current_worker

from tuireader.ui.messages import RadarExplained, RadarRanked, TagRanked
from tuireader.ui.radar_embed_work import EmbedWork
from tuireader.ui.workers import in_thread

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from tuireader.radar.service import RadarService
    from tuireader.storage.home import Stores


class RadarWork:
    """One ``RadarService`` for the app, and the workers that call it."""

    def __init__(self, app: App[Any], stores: Stores, screen: Screen[None]) -> None:
        self.app = app
        self.screen = screen
        self.stores = stores
        self._service: RadarService | None = None
        self._painted = False
        self._made = threading.Lock()  # the rank and why workers may both make it
        self.embeds = EmbedWork(app, stores)  # [radar].embeddings_url, in the background

    @property
    def service(self) -> RadarService:
        """Made on first use, in a worker: the model's libraries (scikit-learn) take a
        while to import, and the first paint must not wait for them."""
        with self._made:
            if self._service is None:
                from tuireader.radar.service import RadarService

                stores = self.stores
                self._service = RadarService(
                    stores.cache, stores.library, stores.config.radar, stores.paths.data_dir
                )
            return self._service

    def rank(self, changed_keys: tuple[str, ...] = ()) -> Worker[None]:
        """Rank the Radar entry's papers; the first call paints the saved scores first."""
        return in_thread(
            self.app,
            lambda: self._rank(changed_keys),
            name="rank_radar",
            group="radar",
            description="Ranking the radar",
            exclusive=True,
        )

    def _rank(self, changed_keys: tuple[str, ...]) -> None:
        service = self.service
        if not self._painted:
            self._painted = True
            self._post(RadarRanked(None, service.last_scores(), final=False))
        view = service.refresh(changed_keys)
        if get_current_worker().is_cancelled:
            return  # a newer ranking is on its way
        self._post(RadarRanked(view, {r.key: r for r in view.ranked}, final=True))
        self.app.call_from_thread(self.embeds.after_ranking, service, self.rank)
        from tuireader.radar.learner import MIN_POSITIVES

        library = self.stores.library
        tags = [t for t in library.all_tags() if len(library.keys_with_tag(t)) >= MIN_POSITIVES]
        papers = list(view.papers.values())
        for tag in tags:  # each tag with a model of its own is a radar of its own
            if get_current_worker().is_cancelled:
                return
            tagged = library.keys_with_tag(tag)  # already the tag's: not news for its radar
            fresh = [p for p in papers if p.key not in tagged]
            self._post(TagRanked(tag, [r for r in service.rank(fresh, tag=tag) if not r.muted]))

    def explain(self, key: str) -> Worker[None]:
        """Why ``key`` scores as it does, or why it is missing from the Radar."""
        return in_thread(
            self.app,
            lambda: self._explain(key),
            name="explain_radar",
            group="radar-why",
            description="Explaining a radar score",
            exclusive=True,
        )

    def _explain(self, key: str) -> None:
        service = self.service
        missing = service.missing_reason(key)
        why = service.why(key)
        self._post(RadarExplained(key, why, missing))

    def _post(self, message: RadarRanked | RadarExplained | TagRanked) -> None:
        self.app.call_from_thread(self.screen.post_message, message)
