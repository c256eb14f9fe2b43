"""``hubread --demo``: bundled feeds, a throwaway data dir, no network at all.

The feeds in ``feeds/`` are written in the services' real formats with papers we invented;
they go through the same parsers and cache as fetched feeds do.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path

from tuireader.config.settings import Config
from tuireader.fetch.ingest import ingest_body
from tuireader.fetch.outcomes import RefreshReport, SourceOutcome, outcome_of
from tuireader.kinds.source import SourceConfig
from tuireader.storage.cache import CacheStore, SourceState
from tuireader.storage.home import Home, Stores
from tuireader.storage.home_paths import AppPaths

# (name, kind, kind-specific TOML, bundled file)
DEMO_SOURCES = (
    ("arXiv cs.AI", "arxiv", 'categories = ["cs.AI"]', "arxiv-cs.AI.xml"),
    ("arXiv cs.LG", "arxiv", 'categories = ["cs.LG", "stat.ML"]', "arxiv-cs.LG.xml"),
    (
        "bioRxiv Bioinformatics",
        "biorxiv",
        'subject = "bioinformatics"',
        "biorxiv-bioinformatics.rdf",
    ),
    ("Nature", "feed", 'url = "https://www.nature.com/nature.rss"', "nature.rdf"),
    ("HF Daily Papers", "huggingface", "", "hf-daily-papers.json"),
)

# Its config and library are thrown away when the demo ends: the theme picked is not saved.
DEMO_HOME = Home(
    title="demo: bundled sample feeds",
    keeps_settings=False,
    folder_note=" (the demo's temporary folder, removed when the demo ends)",
    downloads=False,
)

DEMO_CONFIG = """\
# hubread demo configuration (a throwaway copy; your own config is not touched).
[ui]
theme = "hubread-dark"
refresh_interval = 0
export_dir = "exports"      # next to this file: the demo writes nothing outside its folder

[radar]
keywords = ["language model", "benchmark", "single-cell"]
days = 0                    # the sample papers are weeks old: every one is a radar candidate
"""


def demo_feed(filename: str) -> bytes:
    return resources.files("tuireader.demo").joinpath("feeds", filename).read_bytes()


def make_demo_home() -> AppPaths:
    """A fresh temporary config and data dir for one demo run."""
    home = Path(tempfile.mkdtemp(prefix="hubread-demo-"))
    config_file = home / "config.toml"
    sources = "".join(
        f'\n[[sources]]\nname = "{name}"\nkind = "{kind}"\n{extra}\n'
        for name, kind, extra, _ in DEMO_SOURCES
    )
    config_file.write_text(DEMO_CONFIG + sources, "utf-8")
    return AppPaths(config_file=config_file, data_dir=home / "data")


def load_demo_feeds(config: Config, cache: CacheStore) -> None:
    """Ingest every bundled feed into ``cache`` (the demo's stand-in for a refresh)."""
    files = {name: filename for name, _, _, filename in DEMO_SOURCES}
    for source in config.sources:
        if source.name in files:
            ingest_body(cache, source, demo_feed(files[source.name]))


class DemoRefresher:
    """The demo's refresh (a ``fetch.refreshing.Refresher``): the bundled feeds again,
    through the same ingest path; never by itself, never over the network."""

    def __init__(self, config: Config, cache: CacheStore) -> None:
        self.config = config
        self.cache = cache

    @classmethod
    def of(cls, stores: Stores) -> DemoRefresher:
        return cls(stores.config, stores.cache)

    @property
    def interval_minutes(self) -> float:
        return 0

    def prepare(self) -> None:
        """A new demo home starts with the bundled feeds in its cache."""
        if self.cache.count() == 0:
            load_demo_feeds(self.config, self.cache)

    def due(self, states: Mapping[str, SourceState]) -> bool:
        return False

    def sources(self, names: Sequence[str] | None = None) -> list[SourceConfig]:
        return self.config.sources_to_refresh(names)

    async def refresh(
        self,
        names: Sequence[str] | None = None,
        on_done: Callable[[SourceOutcome], None] | None = None,
    ) -> RefreshReport:
        files = {name: filename for name, _, _, filename in DEMO_SOURCES}
        report = RefreshReport()
        for source in self.sources(names):
            started = time.monotonic()
            body = demo_feed(files[source.name])
            result = await asyncio.to_thread(ingest_body, self.cache, source, body)
            outcome = outcome_of(source, result, started)
            report.outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
        return report
