"""Read-only connections to the cache, so that a read never waits for a write.

A SQLite connection runs one statement at a time, and the cache's writer connection is
held for a whole merge (tens of milliseconds for a 700-paper feed). In WAL mode, though,
readers run beside the one writer, each on a snapshot of the last commit. So every read
borrows a connection no other thread is using at that moment: an idle one from this pool,
or a new one when all are busy. The reader's highlight on the UI thread then waits neither
for a merge nor for a worker's 35,000-row list load, and no connection is ever tied to a
thread (Textual starts a new thread for each worker).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tuireader.storage import search_index

# Idle connections kept for the next reads: the UI thread, the list loader and a search
# can read at once; more readers than that open a connection and close it after the read.
KEEP_IDLE = 3

# A reader's page cache (KiB). The OS caches the file anyway; this only spares system
# calls, and every open connection has its own, so it stays small.
READ_CACHE_KIB = 8192


class ReadConnections:
    """A pool of read-only connections to one cache file; closed with the store."""

    def __init__(self, path: Path, busy_timeout: float) -> None:
        self._uri = path.resolve().as_uri() + "?mode=ro"
        self._busy_timeout = busy_timeout
        self._guard = threading.Lock()  # held only to take or give back a connection
        self._idle: list[sqlite3.Connection] = []
        self._closed = False
        self._file = 0  # which file the path names: a rebuilt cache is a new one

    def _open(self) -> sqlite3.Connection:
        # Moves between threads, but one borrower at a time uses it (see ``borrowed``).
        db = sqlite3.connect(
            self._uri,
            uri=True,
            check_same_thread=False,
            isolation_level=None,
            timeout=self._busy_timeout,
        )
        search_index.register_functions(db)  # the index's view folds text with them
        try:
            db.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")
            db.execute("PRAGMA temp_store=MEMORY")
        except BaseException:
            db.close()
            raise
        return db

    @contextmanager
    def borrowed(self) -> Iterator[sqlite3.Connection]:
        """A connection for one read, used by nobody else until the block ends. Each
        statement outside a transaction reads the last committed state."""
        with self._guard:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            db = self._idle.pop() if self._idle else None
            file = self._file
        if db is None:
            db = self._open()
        keep = False
        try:
            yield db
            keep = True
        finally:
            # After a failure a statement may still be open on it, holding an old
            # snapshot: such a connection is closed, never lent again.
            with self._guard:
                keep = (
                    keep and not self._closed and file == self._file and len(self._idle) < KEEP_IDLE
                )
                if keep:
                    self._idle.append(db)
            if not keep:
                db.close()

    def close_idle(self) -> None:
        """Close the connections no read is using (the next read opens one again): some
        changes, such as leaving WAL mode, need the writer to be the only connection."""
        with self._guard:
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()

    def renew(self) -> None:
        """The cache file was moved aside and a new one started: no connection to the old
        file is lent again (one borrowed now closes when its read ends)."""
        with self._guard:
            self._file += 1
        self.close_idle()

    def close(self) -> None:
        """Close the idle connections now; one still borrowed closes when its read ends.
        Reads after this raise ``sqlite3.ProgrammingError``, as a closed connection does."""
        with self._guard:
            self._closed = True
        self.close_idle()
