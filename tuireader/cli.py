"""The ``hubread`` command: the TUI, and (in later issues) headless subcommands.

Errors the user can fix (a bad config, an unusable library or cache) are printed as one
clear message and exit with status 2; never a traceback. Textual is imported only when the
TUI starts, so headless commands stay quick.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence

from tuireader import PROJECT_URL, __version__
from tuireader.paths import AppPaths, resolve_paths
from tuireader.store.cache import CacheError, CacheStore
from tuireader.store.config import ConfigError, load_config
from tuireader.store.library import LibraryError, LibraryStore

EXIT_USAGE = 2


class UserError(Exception):
    """A problem to show the user as it is, with exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hubread",
        description="Read new research papers from arXiv, bioRxiv/medRxiv, journals and "
                    "Hugging Face Daily Papers in one terminal list.",
        epilog=f"Config: $HUBREAD_CONFIG or the platform config dir. Data: $HUBREAD_DATA_DIR "
               f"or the platform data dir. More: {PROJECT_URL}",
    )
    parser.add_argument("--version", action="version", version=f"hubread {__version__}")
    parser.add_argument("--config", metavar="FILE",
                        help="config file to use (default: $HUBREAD_CONFIG or "
                             "<user config dir>/hubread/config.toml)")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where library.json and cache.sqlite3 live (default: "
                             "$HUBREAD_DATA_DIR or <user data dir>/hubread)")
    parser.add_argument("--demo", action="store_true",
                        help="open on bundled sample feeds with a throwaway data dir; no "
                             "network, your own files are not touched")
    return parser


def open_stores(paths: AppPaths, *, demo: bool = False):
    """Open config, library and cache; ``UserError`` with a clear message on failure."""
    from tuireader.ui.app import Stores

    try:
        config = load_config(paths.config_file)
        library = LibraryStore(paths.library_file)
        cache = CacheStore(paths.cache_file)
    except (ConfigError, LibraryError, CacheError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{exc.filename or paths.data_dir}: {exc.strerror or exc}") from None
    return Stores(paths=paths, config=config, library=library, cache=cache, demo=demo)


def run_tui(paths: AppPaths, *, demo: bool) -> int:
    from tuireader.ui.app import HubreadApp

    stores = open_stores(paths, demo=demo)
    try:
        result = HubreadApp(stores).run()
    finally:
        stores.library.flush()
        stores.cache.close()
    return int(result or 0)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.demo:
            from tuireader.demo import make_demo_home

            paths = make_demo_home()
            try:
                return run_tui(paths, demo=True)
            finally:
                shutil.rmtree(paths.config_file.parent, ignore_errors=True)
        return run_tui(resolve_paths(args.config, args.data_dir), demo=False)
    except UserError as exc:
        print(f"hubread: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
