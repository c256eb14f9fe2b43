"""The three stores of one hubread home, opened together with user-facing errors."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from tuireader.config.settings import Config, ConfigError, load_config
from tuireader.storage.cache import CacheError, CacheStore
from tuireader.storage.home_paths import AppPaths
from tuireader.storage.library import LibraryError, LibraryStore
from tuireader.storage.notices import Notice, add_notices


class UserError(Exception):
    """A problem to show the user as it is (the CLI exits with status 2)."""


@dataclass(frozen=True)
class Home:
    """How the reader treats a home: the user's own, or a throwaway one (the demo's)."""

    title: str = ""  # the reader's subtitle instead of the last refresh time
    keeps_settings: bool = True  # choices made in the reader (the theme) go to config.toml
    folder_note: str = ""  # said after a path inside the home ("removed when ... ends")
    downloads: bool = True  # `P` may download PDFs (the demo's home has no network at all)


USER_HOME = Home()


@dataclass
class Stores:
    """Config, library and cache of one home, and how the reader treats that home."""

    paths: AppPaths
    config: Config
    library: LibraryStore
    cache: CacheStore
    home: Home = USER_HOME
    _reported: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    # take_problems runs from worker threads at once (the sync tick, a finished worker).
    _problems_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def close(self) -> None:
        self.library.flush()
        self.cache.close()

    def has_new_problems(self) -> bool:
        """Whether ``take_problems`` has something to say."""
        return len(self.library.problems) > self._reported.get("library", 0) or len(
            self.cache.problems
        ) > self._reported.get("cache", 0)

    def take_problems(self) -> list[Notice]:
        """What the stores had to do to the user's files (a file moved aside, records set
        aside) since the last call, each recorded in notices.json so that the reader shows
        it even when it happened in a cron job. A notice that could not be recorded has no
        id, and its message says so."""
        with self._problems_lock:
            new: list[str] = []
            for name, problems in (
                ("library", self.library.problems),
                ("cache", self.cache.problems),
            ):
                start = self._reported.get(name, 0)
                taken = problems[start:]  # one appended meanwhile is taken next time
                new += taken
                self._reported[name] = start + len(taken)
        if not new:
            return []
        try:
            return add_notices(self.paths.notices_file, new)
        except OSError as exc:
            why = (
                f"(not kept for the reader: cannot save {self.paths.notices_file}: "
                f"{exc.strerror or exc})"
            )
            return [Notice("", "", f"{message} {why}") for message in new]


def open_stores(
    paths: AppPaths, *, home: Home = USER_HOME, full_cache_check: bool = False
) -> Stores:
    """Open config, library and cache; ``UserError`` with a clear message on failure.
    ``full_cache_check`` is CacheStore's ``full_check``; what the stores had to do to the
    files is in their ``problems`` (see ``Stores.take_problems``)."""
    try:
        config = load_config(paths.config_file)
        library = LibraryStore(paths.library_file)
        cache = CacheStore(paths.cache_file, full_check=full_cache_check)
    except (ConfigError, LibraryError, CacheError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{exc.filename or paths.data_dir}: {exc.strerror or exc}") from None
    return Stores(paths=paths, config=config, library=library, cache=cache, home=home)
