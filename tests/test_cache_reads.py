"""Reads of the cache never wait for its writes: the reader's highlight reads the paper
while a merge holds the writer connection (CacheStore's own lock and SQLite's write lock)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.tui import abstract_text, filled_home, open_app, ready
from tuireader.model import Paper
from tuireader.storage.cache import CacheStore
from tuireader.ui.widgets.paper_list import PaperList

# Only how long a broken build may block before its test fails instead of hanging; a
# working one never waits for it (the read does not wait for the write at all).
DEADLINE = 30.0


def _paper(key: str, title: str) -> Paper:
    return Paper(
        key=key,
        title=title,
        authors=("Ana Okafor",),
        abstract=f"{title} in newts.",
        published=datetime(2026, 11, 20, tzinfo=UTC),
        sources=("x",),
    )


class HeldMerge:
    """What a held merge tells the test: whether a watchdog had to end it early."""

    def __init__(self) -> None:
        self.checked = threading.Event()  # the test has seen what it wanted
        self.released_early = False


@contextmanager
def merge_held_open(
    cache: CacheStore, papers: list[Paper], *, watchdog: bool = False
) -> Iterator[HeldMerge]:
    """Run ``cache.store_papers`` in a thread and keep its transaction open (the store's
    lock and BEGIN IMMEDIATE taken, the papers being read) until the block ends.

    With ``watchdog``, the merge also ends when the test has not set ``checked`` by
    DEADLINE: a test whose own thread is stuck behind the merge (the UI thread, on which
    Pilot tests run) then fails instead of hanging.
    """
    inside, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []
    held_merge = HeldMerge()

    def watch() -> None:
        if not held_merge.checked.wait(DEADLINE):
            held_merge.released_early = True
            release.set()

    def held() -> Iterator[Paper]:
        inside.set()
        release.wait()
        yield from papers

    def merge() -> None:
        try:
            cache.store_papers("x", held())
        except BaseException as exc:  # reported by the test below, not lost in the thread
            failures.append(exc)
            inside.set()

    thread = threading.Thread(target=merge, name="held-merge")
    thread.start()
    assert inside.wait(DEADLINE)
    if watchdog:
        threading.Thread(target=watch, name="held-merge-watchdog", daemon=True).start()
    try:
        yield held_merge
    finally:
        held_merge.checked.set()
        release.set()
        thread.join()
    assert not failures


def read_in_thread(read: Callable[[], Any]) -> Any:
    """``read()`` in another thread (standing in for the UI thread); its result once it
    returned, or a failure when it is still blocked at DEADLINE."""
    done = threading.Event()
    results: list[Any] = []

    def run() -> None:
        try:
            results.append(read())
        except BaseException as exc:
            results.append(exc)
        done.set()

    threading.Thread(target=run, name="ui-stand-in", daemon=True).start()
    assert done.wait(DEADLINE), "the read waited for the open write transaction"
    if isinstance(results[0], BaseException):
        raise results[0]
    return results[0]


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[CacheStore]:
    store = CacheStore(tmp_path / "cache.sqlite3")
    store.store_papers("x", [_paper("url:a", "Axolotl limbs"), _paper("url:b", "Newt gills")])
    store.index_pending()
    yield store
    store.close()


def test_paper_read_proceeds_while_a_merge_holds_the_writer(cache: CacheStore) -> None:
    """The highlight's read returns at once, with what was committed before the merge."""
    with merge_held_open(
        cache, [_paper("url:a", "Axolotl limbs regrown"), _paper("url:c", "Salamander tails")]
    ):
        paper = read_in_thread(lambda: cache.paper("url:a"))
        assert paper is not None and paper.title == "Axolotl limbs"
        assert read_in_thread(lambda: cache.paper("url:c")) is None  # not committed yet
    assert cache.paper("url:a").title == "Axolotl limbs regrown"  # type: ignore[union-attr]
    assert cache.paper("url:c") is not None


@pytest.mark.parametrize(
    "read, expected",
    [
        (lambda c: [i.key for i in c.list_items()], ["url:a", "url:b"]),
        (lambda c: sorted(c.papers_by_keys(["url:a", "url:b", "url:z"])), ["url:a", "url:b"]),
        (lambda c: c.count(), 2),
        (lambda c: sorted(c.all_source_states()), []),
        (lambda c: sorted(c.search("gills")), ["url:b"]),
    ],
    ids=["list_items", "papers_by_keys", "count", "all_source_states", "search"],
)
def test_other_reads_proceed_while_a_merge_holds_the_writer(
    cache: CacheStore, read: Callable[[CacheStore], Any], expected: Any
) -> None:
    """The list load and the search the reader runs during a refresh do not queue either."""
    with merge_held_open(cache, [_paper("url:c", "Salamander tails")]):
        assert read_in_thread(lambda: read(cache)) == expected


def test_every_connection_closes_with_the_store(tmp_path: Path) -> None:
    """Reads from many threads, some during a merge, leave no connection open: the last
    one to close folds the write-ahead log back into the file and removes it, which SQLite
    does only when no other connection has the cache open."""
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path)
    cache.store_papers("x", [_paper("url:a", "Axolotl limbs")])
    for _ in range(5):
        assert read_in_thread(lambda: cache.paper("url:a")) is not None
    with merge_held_open(cache, [_paper("url:b", "Newt gills")]):
        # Reading at the same time, they need connections of their own.
        threads = [threading.Thread(target=cache.list_items, daemon=True) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(DEADLINE)
            assert not thread.is_alive(), "a read waited for the open write transaction"
    assert path.with_name(path.name + "-wal").exists()
    cache.close()
    assert not path.with_name(path.name + "-wal").exists()
    assert not path.with_name(path.name + "-shm").exists()
    with pytest.raises(sqlite3.ProgrammingError):
        cache.paper("url:a")  # a closed store says so; it does not open a new connection
    cache.close()  # closing twice is harmless


def test_reads_see_what_another_process_committed(tmp_path: Path) -> None:
    """A parse worker stores through its own connection; the reader's next read sees it,
    and a read during its open transaction sees the state before it."""
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path)
    cache.store_papers("x", [_paper("url:a", "Axolotl limbs")])
    assert cache.paper("url:b") is None  # the read connection is open and has a snapshot
    worker = CacheStore(path, repair=False)
    with merge_held_open(worker, [_paper("url:b", "Newt gills")]):
        assert cache.paper("url:b") is None
        assert [i.key for i in cache.list_items()] == ["url:a"]
    assert cache.paper("url:b") is not None
    assert cache.count() == 2
    worker.close()
    cache.close()


async def test_reader_shows_the_highlighted_paper_while_a_merge_holds_the_writer(
    tmp_path: Path,
) -> None:
    app = open_app(filled_home(tmp_path), demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        assert papers.cursor == 0
        expected = papers.items[1].title
        with merge_held_open(
            app.stores.cache, [_paper("url:new", "Salamander tails")], watchdog=True
        ) as merge:
            # Were the highlight to wait for the merge, the UI thread (this test's too)
            # would be stuck in the read until the watchdog ended the merge.
            await pilot.press("j")
            await pilot.pause()
            assert papers.cursor == 1
            assert expected in abstract_text(app)
            merge.checked.set()
            assert not merge.released_early, "the highlight waited for the merge"
