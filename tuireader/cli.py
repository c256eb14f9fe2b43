"""The ``hubread`` command: the TUI, and headless subcommands for cron and scripts.

Errors the user can fix (a bad config, an unusable library or cache, an unknown source) are
printed as one clear message and exit with status 2; never a traceback. An unexpected error
(a bug) is one line too, exit status 70; its traceback goes to the log file. Textual is imported
only when the TUI starts, so headless commands stay quick.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from tuireader import PROJECT_URL, __version__
from tuireader.commands.output import complain
from tuireader.diagnostics import current_log, log_path, start_logging, stop_logging
from tuireader.sanitize import clean
from tuireader.storage.home import Stores, UserError, open_stores
from tuireader.storage.home_paths import AppPaths, resolve_paths

EXIT_USAGE = 2
EXIT_OUTPUT_CLOSED = 141  # 128 + SIGPIPE, what a shell reports for a tool killed by it
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE of sysexits.h: a bug, not the user's input
# Each command is a module with add_parser() and run(). Only the one being run is imported
# (all of them for --help), so `hubread fetch` from cron does not load the exporters.
COMMANDS = (
    "fetch",
    "export",
    "digest",
    "radar",
    "brief",
    "star",
    "unstar",
    "sources",
    "opml",
    "cache",
    "zotero",
)
# Commands that read every page of the cache before they trust it (0.1-0.2 s for 35,000
# papers): a fetch must not skip "unchanged" feeds into a damaged cache, and `cache` is
# where one looks when something seems wrong. The others find damage when they read it.
FULL_CACHE_CHECK = frozenset({"fetch", "cache"})


class _Parser(argparse.ArgumentParser):
    """argparse, except that its error messages (which quote the arguments given, say a
    name pasted from a feed) are cleaned like every other line hubread prints."""

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        super().exit(status, clean(message, multiline=True) if message else None)


logger = logging.getLogger(__name__)


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"tuireader.commands.{name}")


def _command_in(argv: Sequence[str] | None) -> str | None:
    """The subcommand ``argv`` names, found without knowing any command's options."""
    probe = argparse.ArgumentParser(
        prog="hubread", add_help=False, parents=[_location_options(defaults=True)]
    )
    probe.add_argument("words", nargs=argparse.REMAINDER)
    known, before = probe.parse_known_args(argv)
    if not known.words or known.words[0] not in COMMANDS or {"-h", "--help"} & set(before):
        return None  # no command, or the main help: every command is listed
    return str(known.words[0])


def _location_options(defaults: bool) -> argparse.ArgumentParser:
    """--config/--data-dir, accepted before or after the subcommand."""
    parser = argparse.ArgumentParser(add_help=False)
    default = None if defaults else argparse.SUPPRESS
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=default,
        help="config file (default: $HUBREAD_CONFIG or <user config dir>/hubread/config.toml)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where library.json and cache.sqlite3 live (default: "
        "$HUBREAD_DATA_DIR or <user data dir>/hubread)",
    )
    return parser


class CommandParser(_Parser):
    """A subcommand's parser: arguments it does not know are its error, with its usage.

    argparse leaves a subcommand's unknown arguments to the main parser, which would
    print the main usage for ``hubread fetch --nope``.
    """

    def parse_known_args(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        namespace: argparse.Namespace | None = None,
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        assert parsed is not None  # argparse makes one when not given one
        return parsed, extras


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, just that subcommand's options."""
    parser = _Parser(
        prog="hubread",
        parents=[_location_options(defaults=True)],
        description="Read new research papers from arXiv, bioRxiv/medRxiv, journals and "
        "Hugging Face Daily Papers in one terminal list. Without a command, "
        "opens the reader.",
        epilog=f"Exit status 2 means a problem with the config, library or cache; the message "
        f"names the file. More: {PROJECT_URL}",
    )
    parser.add_argument("--version", action="version", version=f"hubread {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open on bundled sample feeds with a throwaway data dir; no "
        "network, your own files are not touched",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=CommandParser
    )
    parent = _location_options(defaults=False)
    for name in (only,) if only else COMMANDS:
        command_module(name).add_parser(subparsers, parent)
    return parser


def run_tui(paths: AppPaths, *, demo: bool) -> int:
    from tuireader.fetch.refreshing import NetworkRefresher, Refresher
    from tuireader.ui.app import HubreadApp

    if demo:
        from tuireader.demo import DEMO_HOME, DemoRefresher

        stores = open_stores(paths, home=DEMO_HOME)
        refresher: Refresher = DemoRefresher.of(stores)
    else:
        stores = open_stores(paths)
        refresher = NetworkRefresher.of(stores)
    app = HubreadApp(stores, refresher)
    try:
        result = app.run()
    finally:
        stores.close()
        report_problems(stores)  # found after the reader closed: only stderr is left
        if unsaved := stores.library.unsaved_changes():  # the user chose to quit anyway
            complain(f"hubread: not saved, lost: {unsaved} ({stores.library.write_error or ''})")
    # A reader that died of an exception has return code 1 and no result: not a success.
    return app.return_code or int(result or 0)


def main(argv: Sequence[str] | None = None) -> int:
    # Nothing is started (no thread, no process) before the arguments are accepted:
    # argparse ends the process for --help or a bad option.
    args = build_parser(_command_in(argv)).parse_args(argv)
    try:
        if args.command:
            stores = open_stores(
                resolve_paths(args.config, args.data_dir),
                full_cache_check=args.command in FULL_CACHE_CHECK,
            )
            _start_log(stores.paths.data_dir, args.command)
            report_problems(stores)
            try:
                if args.command == "fetch":  # its first request needs the CA bundle:
                    from tuireader.net.tls import tls_context

                    tls_context()  # loaded while the network stack is imported
                return command_module(args.command).run(args, stores)
            finally:
                stores.close()
                report_problems(stores)
        if args.demo:
            from tuireader.demo import make_demo_home

            paths = make_demo_home()
            try:
                return run_tui(paths, demo=True)
            finally:
                shutil.rmtree(paths.config_file.parent, ignore_errors=True)
        return run_tui(resolve_paths(args.config, args.data_dir), demo=False)
    except UserError as exc:
        complain(f"hubread: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _output_closed()
    except Exception as exc:  # a bug: one line here, the traceback in the log
        return _internal_error(exc)
    finally:
        stop_logging()


def _start_log(data_dir: Path, command: str) -> None:
    """Log this command's failures (with tracebacks) to the data dir's hubread.log; a
    command still runs when the file cannot be opened, and says so on stderr."""
    try:
        start_logging(data_dir)
    except OSError as exc:
        complain(
            f"hubread: no log file: {exc.filename or log_path(data_dir)}: {exc.strerror or exc}"
        )
        return
    logger.info("hubread %s: %s started", __version__, command)


def _internal_error(exc: Exception) -> int:
    logger.error("unexpected error", exc_info=exc)
    log = current_log()
    where = f"the traceback is in {log}" if log else "no log file was open"
    complain(
        f"hubread: unexpected error: {type(exc).__name__}: {exc} "
        f"({where}); please report it at {PROJECT_URL}/issues"
    )
    return EXIT_INTERNAL_ERROR


def report_problems(stores: Stores) -> None:
    """Say on stderr what the stores did to the user's files (a file moved aside, records
    set aside): it reaches a cron log without mixing with the command's output, and the
    reader shows it too, until acknowledged."""
    for notice in stores.take_problems():
        complain(f"hubread: {notice.message}")


def _output_closed() -> int:
    """Whoever read our output has gone (``hubread export | head``): stop quietly, as a
    tool killed by SIGPIPE does. Python ignores SIGPIPE and raises instead; the rest of the
    output goes to /dev/null, so flushing it at exit cannot raise again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return EXIT_OUTPUT_CLOSED


def run() -> NoReturn:
    """The ``hubread`` console script: ``main``, then the interpreter's ordinary exit.

    Block-buffered output meets a closed pipe only when it is flushed, so that is done
    here, where a closed pipe can still become the quiet 141 of ``_output_closed``.
    """
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = _output_closed()
    except (OSError, ValueError):
        pass  # the interpreter's own flush at exit reports it
    raise SystemExit(code)
