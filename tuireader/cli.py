"""The ``hubread`` command: the TUI, and headless subcommands for cron and scripts.

Errors the user can fix (a bad config, an unusable library or cache, an unknown source) are
printed as one clear message and exit with status 2; never a traceback. An unexpected error
(a bug) is one line too, exit status 70; its traceback goes to the log file. Textual is imported
only when the TUI starts, so headless commands stay quick.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import logging
import os
import shutil
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from tuireader import PROJECT_URL, __version__
from tuireader.cleantext import clean_text
from tuireader.diagnostics import current_log, log_path, start_logging, stop_logging
from tuireader.storage.home import UserError, open_stores
from tuireader.storage.home_paths import AppPaths, resolve_paths

EXIT_USAGE = 2
EXIT_OUTPUT_CLOSED = 141  # 128 + SIGPIPE, what a shell reports for a tool killed by it
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE of sysexits.h: a bug, not the user's input
# Each command is a module with add_parser() and run(). Only the one being run is imported
# (all of them for --help), so `hubread fetch` from cron does not load the exporters.
COMMANDS = ("fetch", "export", "digest", "sources", "opml", "cache")

logger = logging.getLogger(__name__)


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"tuireader.commands.{name}")


def _command_in(argv: Sequence[str] | None) -> str | None:
    """The subcommand ``argv`` names, found without knowing any command's options."""
    probe = argparse.ArgumentParser(prog="hubread", add_help=False,
                                    parents=[_location_options(defaults=True)])
    probe.add_argument("words", nargs=argparse.REMAINDER)
    known, before = probe.parse_known_args(argv)
    if not known.words or known.words[0] not in COMMANDS or {"-h", "--help"} & set(before):
        return None  # no command, or the main help: every command is listed
    return str(known.words[0])


def _location_options(defaults: bool) -> argparse.ArgumentParser:
    """--config/--data-dir, accepted before or after the subcommand."""
    parser = argparse.ArgumentParser(add_help=False)
    default = None if defaults else argparse.SUPPRESS
    parser.add_argument("--config", metavar="FILE", default=default,
                        help="config file (default: $HUBREAD_CONFIG or "
                             "<user config dir>/hubread/config.toml)")
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help="where library.json and cache.sqlite3 live (default: "
                             "$HUBREAD_DATA_DIR or <user data dir>/hubread)")
    return parser


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, just that subcommand's options."""
    parser = argparse.ArgumentParser(
        prog="hubread", parents=[_location_options(defaults=True)],
        description="Read new research papers from arXiv, bioRxiv/medRxiv, journals and "
                    "Hugging Face Daily Papers in one terminal list. Without a command, "
                    "opens the reader.",
        epilog=f"Exit status 2 means a problem with the config, library or cache; the message "
               f"names the file. More: {PROJECT_URL}",
    )
    parser.add_argument("--version", action="version", version=f"hubread {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open on bundled sample feeds with a throwaway data dir; no "
                             "network, your own files are not touched")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = _location_options(defaults=False)
    for name in (only,) if only else COMMANDS:
        command_module(name).add_parser(subparsers, parent)
    return parser


def run_tui(paths: AppPaths, *, demo: bool) -> int:
    from tuireader.ui.app import HubreadApp

    stores = open_stores(paths, demo=demo)
    try:
        result = HubreadApp(stores).run()
    finally:
        stores.close()
    return int(result or 0)


def main(argv: Sequence[str] | None = None) -> int:
    command = _command_in(argv)
    if command == "fetch":  # its first request needs the CA bundle: load it meanwhile
        from tuireader.net.tls import tls_context

        tls_context()
    args = build_parser(command).parse_args(argv)
    try:
        if args.command:
            stores = open_stores(resolve_paths(args.config, args.data_dir))
            _start_log(stores.paths.data_dir, args.command)
            try:
                return command_module(args.command).run(args, stores)
            finally:
                stores.close()
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
        print(f"hubread: no log file: {exc.filename or log_path(data_dir)}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return
    logger.info("hubread %s: %s started", __version__, command)


def _internal_error(exc: Exception) -> int:
    logger.error("unexpected error", exc_info=exc)
    log = current_log()
    where = f"the traceback is in {log}" if log else "no log file was open"
    print(f"hubread: unexpected error: {type(exc).__name__}: {clean_text(str(exc))} "
          f"({where}); please report it at {PROJECT_URL}/issues", file=sys.stderr)
    return EXIT_INTERNAL_ERROR


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
    """The ``hubread`` console script: ``main``, then a quick exit.

    Tearing the interpreter down (every module and object, one by one) takes 30-80 ms, a
    tenth of a `hubread fetch` that finds nothing new. By the time ``main`` returns,
    everything hubread writes is written, fsynced and closed; so this does what the
    ordinary exit does that matters (join the remaining threads, which lets a parse pool
    shut down; run the exit hooks, which release multiprocessing's semaphores), flushes
    the output, and ends the process. If the interpreter lacks those hooks, or the output
    cannot be flushed, it exits the ordinary way.
    """
    code = main()
    try:
        sys.stdout.flush()  # block-buffered output meets a closed pipe only here
    except BrokenPipeError:
        code = _output_closed()
    except (OSError, ValueError):
        pass  # the flush below decides
    join_threads = getattr(threading, "_shutdown", None)
    run_exit_hooks = getattr(atexit, "_run_exitfuncs", None)
    if join_threads is None or run_exit_hooks is None:
        raise SystemExit(code)
    join_threads()
    run_exit_hooks()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe, say: let the normal exit deal with it
        raise SystemExit(code) from None
    os._exit(code)
