"""The three stores of one hubread home, opened together with user-facing errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tuireader.config.settings import Config, ConfigError, load_config
from tuireader.storage.cache import CacheError, CacheStore
from tuireader.storage.home_paths import AppPaths
from tuireader.storage.library import LibraryError, LibraryStore


class UserError(Exception):
    """A problem to show the user as it is (the CLI exits with status 2)."""


@dataclass
class Stores:
    """Config, library and cache of one home; ``demo`` when they are the demo's."""

    paths: AppPaths
    config: Config
    library: LibraryStore
    cache: CacheStore
    demo: bool = False

    def close(self) -> None:
        self.library.flush()
        self.cache.close()


def open_stores(paths: AppPaths, *, demo: bool = False, full_cache_check: bool = False,
                on_cache_problem: Callable[[str], None] | None = None) -> Stores:
    """Open config, library and cache; ``UserError`` with a clear message on failure.
    ``full_cache_check`` and ``on_cache_problem`` are CacheStore's ``full_check`` and
    ``on_problem``."""
    try:
        config = load_config(paths.config_file)
        library = LibraryStore(paths.library_file)
        cache = CacheStore(paths.cache_file, full_check=full_cache_check,
                           on_problem=on_cache_problem)
    except (ConfigError, LibraryError, CacheError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{exc.filename or paths.data_dir}: {exc.strerror or exc}") from None
    return Stores(paths=paths, config=config, library=library, cache=cache, demo=demo)
