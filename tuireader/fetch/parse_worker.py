"""One parse process of the pool (see parse_pool): parse and store the bodies it is sent.

Started as ``python -m tuireader.fetch.parse_worker CACHE``. Requests arrive pickled on stdin and
answers leave pickled on stdout, one at a time. The process ends at end-of-file on stdin:
when the pool closes, and also when the process that started it is gone (killed, say),
since only that process holds the other end of the pipe.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any, BinaryIO


def _answer(request: tuple[Any, ...], cache_path: Path, state: dict[str, Any]) -> Any:
    from tuireader.atomic_files import file_lock
    from tuireader.fetch.ingest import parse_to_rows, store_rows
    from tuireader.storage.cache import CacheStore

    source, body, digest, etag, last_modified = request
    rows, unreadable = parse_to_rows(source.kind, body, source.name)
    if "cache" not in state:
        state["cache"] = CacheStore(cache_path, repair=False)
    with file_lock(cache_path):  # one writer at a time, across every hubread process
        try:
            return store_rows(
                state["cache"],
                source,
                rows,
                digest=digest,
                etag=etag,
                last_modified=last_modified,
                unreadable=unreadable,
            )
        except sqlite3.DatabaseError:
            # The owner may move a damaged file aside: never write on into the old one.
            with contextlib.suppress(sqlite3.Error):
                state.pop("cache").close()
            raise


def _send(answers: BinaryIO, status: str, value: object) -> None:
    try:
        data = pickle.dumps((status, value), pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that cannot be pickled: its text still can
        data = pickle.dumps(("error", RuntimeError(f"{type(value).__name__}: {value}")))
    answers.write(data)
    answers.flush()


def main(argv: list[str]) -> int:
    cache_path = Path(argv[0])
    # Ctrl+C reaches the whole process group; the pool's owner handles it and closes us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print never mixes in
    for module in ("tuireader.fetch.ingest", "tuireader.kinds.registry"):
        importlib.import_module(module)  # now, while the pool warms up

    state: dict[str, Any] = {}
    try:
        while True:
            try:
                request = pickle.load(requests)
            except EOFError:
                return 0
            try:
                answer = ("ok", _answer(request, cache_path, state))
            except Exception as exc:
                answer = ("error", exc)
            try:
                _send(answers, *answer)
            except OSError:  # the pool's owner is gone: nobody to answer
                return 0
    finally:
        if "cache" in state:
            state["cache"].close()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
