"""A stale arXiv listing (newest id older than the last fetch's) is a warning on its source:
its papers are stored, and `hubread fetch`, `sources list`, `cache` and the reader say so.

The listings are real arXiv RSS (feedwriter's shape of rss.arxiv.org) served by the
loopback feed server, fetched through the real refresh engine.
"""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from tests.fixtures import feedwriter as fw
from tests.fixtures.server import FeedServer, Route
from tests.tui import open_app, ready, record_notices, until
from tuireader.cli import main
from tuireader.config.settings import parse_config
from tuireader.fetch.outcomes import UPDATED
from tuireader.fetch.refresher import Refresher
from tuireader.kinds.arxiv_order import id_rank, listing_newest, older
from tuireader.storage.cache import CacheStore
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

STALE = (
    "stale listing: newest 2611.01234 is older than the last fetch's 2611.05678 "
    "(arXiv mirror or cache behind?)"
)


def paper(arxiv_id: str, announce: str = "new") -> fw.FakePaper:
    return fw.FakePaper(
        arxiv_id, f"Paper {arxiv_id}", ["Ada Lovelace"], "An abstract.", ["cs.LG"], announce
    )


# Today's listing, then yesterday's (a mirror behind): its newest id is older.
NEWER = fw.arxiv_rss(
    [paper("2611.05678"), paper("2611.05001"), paper("2610.00001", "cross")], ["cs.LG"]
)
OLDER = fw.arxiv_rss([paper("2611.01234"), paper("2611.00999")], ["cs.LG"], date="2026-11-19")


def config_text(url: str) -> str:
    return (
        "[network]\ntimeout = 2\nretries = 0\n[ui]\nrefresh_interval = 0\nmark_read_delay = -1\n"
        f'[[sources]]\nname = "cs.LG"\nkind = "arxiv"\nurl = "{url}"\ncategories = ["cs.LG"]\n'
    )


def serve(server: FeedServer, text: str) -> str:
    server.routes["/rss/cs.LG"] = Route(body=text.encode("utf-8"))
    return server.url("/rss/cs.LG")


async def refresh(tmp_path: Path, url: str, cache: CacheStore) -> tuple[str, str]:
    config = parse_config(config_text(url), tmp_path / "config.toml")
    (outcome,) = (await Refresher(config, cache).refresh()).outcomes
    return outcome.status, outcome.warning


async def test_an_older_listing_after_a_newer_one_is_stale_and_still_stored(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    url = serve(feed_server, NEWER)
    assert await refresh(tmp_path, url, cache) == (UPDATED, "")
    assert cache.source_state("cs.LG").newest_id == "2611.05678"
    serve(feed_server, OLDER)
    assert await refresh(tmp_path, url, cache) == (UPDATED, STALE)
    assert cache.paper("arxiv:2611.01234") is not None  # a warning, not a failure
    state = cache.source_state("cs.LG")
    assert state.warned == STALE and not state.failing
    assert state.newest_id == "2611.05678"  # the mark stays: still behind next time
    # The same stale body again is not parsed again, and is still stale; so is a 304.
    assert await refresh(tmp_path, url, cache) == ("unchanged", STALE)
    assert cache.source_state("cs.LG").warned == STALE
    feed_server.routes["/rss/cs.LG"] = Route(body=OLDER.encode(), etag='"old"')
    assert (await refresh(tmp_path, url, cache))[1] == STALE  # stores the ETag
    assert await refresh(tmp_path, url, cache) == ("not modified", STALE)
    # Another listing of yesterday (different bytes, same papers) is stale all the same.
    serve(feed_server, OLDER.replace("2026", "2025", 1))
    assert (await refresh(tmp_path, url, cache))[1] == STALE
    # Once the mirror catches up, the warning goes.
    serve(feed_server, NEWER)
    assert (await refresh(tmp_path, url, cache))[1] == ""
    assert cache.source_state("cs.LG").warned is None
    cache.close()


@pytest.mark.parametrize(
    "second",
    [
        # No announcement since (a weekend): the same newest id, the listing rebuilt.
        NEWER.replace("Fri, 20 Nov 2026", "Sat, 21 Nov 2026"),
        # A quiet day of a small category: only replacements, of older papers.
        fw.arxiv_rss(
            [paper("2611.01234", "replace"), paper("2609.0001", "replace-cross")], ["cs.LG"]
        ),
        fw.arxiv_rss([], ["cs.LG"]),  # arXiv's empty weekend listing
    ],
    ids=["same-newest", "only-replacements", "empty"],
)
async def test_a_listing_that_is_not_older_is_not_stale(
    feed_server: FeedServer, tmp_path: Path, second: str
) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    url = serve(feed_server, NEWER)
    await refresh(tmp_path, url, cache)
    serve(feed_server, second)
    assert (await refresh(tmp_path, url, cache))[1] == ""
    assert cache.source_state("cs.LG").newest_id == "2611.05678"
    cache.close()


async def test_a_source_read_from_another_address_starts_over(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A source whose categories changed reads another listing: not comparable."""
    cache = CacheStore(tmp_path / "cache.sqlite3")
    await refresh(tmp_path, serve(feed_server, NEWER), cache)
    feed_server.routes["/rss/math.GN"] = Route(body=OLDER.encode())
    assert (await refresh(tmp_path, feed_server.url("/rss/math.GN"), cache))[1] == ""
    assert cache.source_state("cs.LG").newest_id == "2611.01234"
    cache.close()


def test_the_commands_and_the_reader_show_a_stale_source(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(config_text(serve(feed_server, NEWER)))
    args = ["--config", str(config), "--data-dir", str(tmp_path / "d")]
    assert main(["fetch", *args]) == 0
    assert "stale" not in capsys.readouterr().out
    serve(feed_server, OLDER)
    assert main(["fetch", *args]) == 0  # a warning, not a failure
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("cs.LG  2 new, 0 updated, 0 unchanged")
    assert out[1] == f"cs.LG: {STALE}"
    assert out[-1].endswith("1 ok, 0 failed; 2 new papers; 1 stale")
    assert main(["sources", "list", *args]) == 0
    listed = capsys.readouterr().out
    assert f"; {STALE}, 5 papers)" in listed and "(ok " in listed
    assert main(["cache", *args]) == 0
    assert "5 papers, last success " in (cached := capsys.readouterr().out)
    assert cached.rstrip().endswith(f"; {STALE}")

    import asyncio

    asyncio.run(_reader_shows(AppPaths(config, tmp_path / "d")))


async def _reader_shows(paths: AppPaths) -> None:
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("R")  # the mirror is still behind: the same listing again
        await until(pilot, lambda: any("stale listing" in n for n in notices), "a stale toast")
        assert f"cs.LG: {STALE}" in notices
        sources = app.query_one(SourceList)
        index = next(i for i, o in enumerate(sources.options) if o.id == "src:cs.LG")
        row = str(sources.get_option_at_index(index).prompt)
        assert row.startswith("~ cs.LG")
        sources.highlighted = index
        sources.action_select()
        await ready(pilot)
        assert str(app.query_one(PaperList).border_subtitle).endswith(STALE)


def test_an_old_cache_is_migrated_and_its_sources_start_without_a_mark(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    CacheStore(path).close()
    db = sqlite3.connect(path)
    for column in ("newest_id", "newest_address", "warning"):
        db.execute(f"ALTER TABLE source_state DROP COLUMN {column}")
    db.execute("ALTER TABLE fts_state DROP COLUMN spelling")  # v7's
    db.execute("ALTER TABLE papers DROP COLUMN announced_seen")  # v8's
    db.execute("INSERT INTO source_state (name, etag) VALUES ('cs.LG', 'e1')")
    db.execute("PRAGMA user_version=5")  # before the listing mark (v6)
    db.commit()
    db.close()
    cache = CacheStore(path)
    state = cache.source_state("cs.LG")
    assert (state.etag, state.newest_id, state.warned) == ("e1", None, None)
    cache.close()


def test_arxiv_ids_are_ordered_as_arxiv_handed_them_out() -> None:
    ids = [
        "hep-th/9901001",
        "math/0601001",
        "math.GT/0703999",
        "0704.0001",
        "1412.9999",
        "1501.00001",
        "2611.01234",
        "2611.05678",
        "2612.00001",
    ]
    assert sorted(ids, key=lambda i: id_rank(i) or ()) == ids
    assert all(older(a, b) for a, b in itertools.pairwise(ids))
    assert not older("2611.05678", "2611.05678") and not older("x", "2611.0001")
    pairs = [("arxiv:2611.05678", "replace"), ("doi:10.1/x", None), ("arxiv:2611.00002", None)]
    assert listing_newest(pairs) == "2611.00002"
    assert listing_newest([("arxiv:2611.05678", "replace-cross")]) is None
    assert id_rank("2611.05678v2") is None  # keys carry no version


def test_only_ordered_kinds_have_an_order() -> None:
    from tuireader.kinds.registry import KINDS

    assert [name for name, kind in KINDS.items() if kind.order] == ["arxiv"]
