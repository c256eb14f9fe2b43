"""What the reader asks of a refresh, and the network's answer.

The reader holds one ``Refresher``, built by whoever opened the stores: the network's here,
or the demo's (tuireader.demo), which ingests its bundled feeds instead. The reader never
asks which one it has. No textual here, and no httpx until the first refresh: the network
engine (fetch/refresher.py) is not needed for the first paint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from tuireader.config.settings import Config
from tuireader.storage.cache import CacheStore, SourceState
from tuireader.storage.home import Stores

if TYPE_CHECKING:
    from tuireader.fetch.outcomes import RefreshReport, SourceOutcome
    from tuireader.kinds.source import SourceConfig

OnDone = Callable[["SourceOutcome"], None]


class Refresher(Protocol):
    """A refresh of a config's sources into its cache, and when to run one by itself."""

    @property
    def interval_minutes(self) -> float:
        """Minutes between the refreshes the reader starts by itself; 0: never."""
        ...

    def prepare(self) -> None:
        """Called in a worker thread before the reader first reads the cache."""
        ...

    def due(self, states: Mapping[str, SourceState]) -> bool:
        """Whether the reader should refresh at start, given each source's fetch state."""
        ...

    def sources(self, names: Sequence[str] | None = None) -> list[SourceConfig]:
        """The sources ``refresh(names)`` refreshes (None: every enabled one)."""
        ...

    async def refresh(
        self, names: Sequence[str] | None = None, on_done: OnDone | None = None
    ) -> RefreshReport:
        """Refresh ``names``; ``on_done`` once per source as it finishes."""
        ...


class NetworkRefresher:
    """The sources fetched over the network by fetch/refresher.py's engine."""

    def __init__(
        self, config: Config, cache: CacheStore, keep: Callable[[], Iterable[str]] = frozenset
    ) -> None:
        self.config = config
        self.cache = cache
        self.keep = keep  # keys never purged (the starred papers)

    @classmethod
    def of(cls, stores: Stores) -> NetworkRefresher:
        """The refresher of the user's own home: starred papers are never purged."""
        return cls(stores.config, stores.cache, keep=stores.library.starred_keys)

    @property
    def interval_minutes(self) -> float:
        return self.config.ui.refresh_interval

    def prepare(self) -> None:
        """Nothing to prepare: the cache holds what the last fetch stored."""

    def due(self, states: Mapping[str, SourceState]) -> bool:
        """Due when an enabled source was not tried within ``refresh_interval`` minutes."""
        interval = self.interval_minutes
        if interval <= 0:
            return False
        cutoff = datetime.now(UTC) - timedelta(minutes=interval)
        for source in self.config.sources:
            state = states.get(source.name)
            if source.enabled and (
                state is None or state.last_attempt is None or state.last_attempt < cutoff
            ):
                return True
        return False

    def sources(self, names: Sequence[str] | None = None) -> list[SourceConfig]:
        return self.config.sources_to_refresh(names)

    async def refresh(
        self, names: Sequence[str] | None = None, on_done: OnDone | None = None
    ) -> RefreshReport:
        from tuireader.fetch.refresher import Refresher as Engine  # httpx: only now

        return await Engine(self.config, self.cache, keep=self.keep).refresh(names, on_done)
