"""Hostile feeds over real HTTP: each gets a clear error or a correct result, bounded in time
and memory, and the other sources are unaffected."""

from __future__ import annotations

import json
import resource
from pathlib import Path

import pytest

from tests.fixtures import demo_papers as demo
from tests.fixtures import feedwriter as fw
from tests.fixtures.server import FeedServer, Route
from tests.test_refresh import make_config, source
from tuireader.fetch.outcomes import FAILED, UPDATED
from tuireader.fetch.refresher import Refresher
from tuireader.kinds import parse_feed
from tuireader.storage.cache import CacheStore

GOOD = fw.nature_rdf(demo.NATURE).encode()


@pytest.fixture
def cache(tmp_path: Path) -> CacheStore:
    return CacheStore(tmp_path / "cache.sqlite3")


async def refresh_one(
    server: FeedServer,
    tmp_path: Path,
    cache: CacheStore,
    route: Route,
    kind: str = "feed",
    network: str = "",
    extra: str = "",
):
    """Refresh the hostile source next to a good one; return the hostile one's outcome."""
    server.routes["/evil"] = route
    server.routes["/good"] = Route(body=GOOD)
    config = make_config(
        tmp_path,
        source("evil", kind, server.url("/evil"), extra)
        + source("good", "feed", server.url("/good")),
        network or "[network]\ntimeout = 3\nretries = 0\n",
    )
    outcomes = {o.name: o for o in (await Refresher(config, cache).refresh()).outcomes}
    assert outcomes["good"].ok and cache.count("good") == 3  # the neighbour is unaffected
    return outcomes["evil"]


RSS = """<?xml version="1.0"{decl}?><rss version="2.0"><channel><title>Journal</title>
<item><title>{title}</title><link>https://example.org/1</link><description>{text}</description>
</item></channel></rss>"""
TITLE = "Café naïve “quotes” – Zürich"


@pytest.mark.parametrize(
    ("encoding", "declared", "header"),
    [
        ("windows-1252", True, None),
        ("windows-1252", False, None),
        ("iso-8859-1", True, None),
        ("iso-8859-2", False, "application/rss+xml; charset=iso-8859-2"),
        ("windows-1252", False, "text/xml; charset=windows-1252"),
    ],
)
async def test_legacy_encodings(
    feed_server: FeedServer,
    tmp_path: Path,
    cache: CacheStore,
    encoding: str,
    declared: bool,
    header: str | None,
) -> None:
    title = TITLE if encoding != "iso-8859-2" else "Žluťoučký kůň v Łodzi"
    if encoding == "iso-8859-1":
        title = "Café naïve Zürich"
    decl = f' encoding="{encoding}"' if declared else ""
    body = RSS.format(decl=decl, title=title, text="Grüße").encode(encoding)
    route = Route(body=body, content_type=header or "application/xml")
    outcome = await refresh_one(feed_server, tmp_path, cache, route)
    assert outcome.status == UPDATED
    (paper,) = cache.papers("evil")
    assert paper.title == title and paper.abstract == "Grüße"


async def test_300_mb_body_is_refused_without_buffering(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcome = await refresh_one(
        feed_server,
        tmp_path,
        cache,
        Route(endless_mb=300),
        network="[network]\ntimeout = 30\nretries = 0\n",
    )
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert outcome.status == FAILED and "too large" in outcome.message
    assert grown_mb < 120  # the 50 MB cap plus working space; never the 300 MB


async def test_entity_bomb_and_external_entities_are_never_expanded_or_fetched(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "'
        + "a" * 50
        + '">'
        + "".join(
            f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + ']><rss version="2.0"><channel><item><title>&i;</title></item></channel></rss>'
    )
    outcome = await refresh_one(feed_server, tmp_path, cache, Route(body=bomb.encode()))
    assert outcome.status == FAILED and "unsafe XML" in outcome.message
    secret = feed_server.url("/secret")
    for target in (secret, "file:///etc/passwd"):
        xxe = (
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{target}">]>'
            '<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>'
        )
        outcome = await refresh_one(feed_server, tmp_path, cache, Route(body=xxe.encode()))
        assert outcome.status == FAILED and "unsafe XML" in outcome.message
        parameter = (
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "{target}">'
            ' %p;]><rss version="2.0"><channel><item><title>t</title></item>'
            "</channel></rss>"
        )
        outcome = await refresh_one(feed_server, tmp_path, cache, Route(body=parameter.encode()))
        assert outcome.status == FAILED and "unsafe XML" in outcome.message
    external_dtd = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{secret}">'
        '<rss version="2.0"><channel><item><title>t</title><link>https://e.org/1'
        "</link></item></channel></rss>"
    )
    outcome = await refresh_one(feed_server, tmp_path, cache, Route(body=external_dtd.encode()))
    assert outcome.status != FAILED  # an external DTD is allowed, but never loaded
    assert feed_server.requests_for("/secret") == []
    # feedparser (the fallback) is never handed such a document either.
    broken_xxe = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "'
        f'{secret}">]><rss><channel><item><title>&x;</title><item></channel>'
    )
    outcome = await refresh_one(feed_server, tmp_path, cache, Route(body=broken_xxe.encode()))
    assert outcome.status == FAILED
    assert feed_server.requests_for("/secret") == []


async def test_a_feed_of_20000_items(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    from bench.synthetic import synthetic_papers

    papers = synthetic_papers(7, 20_000)
    route = Route(body=fw.arxiv_rss(papers, ["cs.X7"]).encode(), gzip=True)
    outcome = await refresh_one(
        feed_server,
        tmp_path,
        cache,
        route,
        kind="arxiv",
        network="[network]\ntimeout = 60\nretries = 0\n",
        extra='categories = ["cs.X7"]',
    )
    assert outcome.status == UPDATED and outcome.new == 20_000
    assert cache.count("evil") == 20_000


def test_duplicate_guids_missing_fields_and_odd_dates() -> None:
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Odd</title>
<item><guid>same</guid><title>First sighting</title><pubDate>20 November 2026</pubDate></item>
<item><guid>same</guid><title>Second sighting, longer title</title>
  <description>Now with a description.</description></item>
<item><description>No title, no link, no guid, no date.</description></item>
<item><description>Another anonymous item.</description></item>
<item><title>Far future</title><link>https://example.org/f</link>
  <pubDate>Mon, 01 Jan 2191 00:00:00 GMT</pubDate></item>
<item><title>Garbage date</title><link>https://example.org/g</link>
  <pubDate>the day after tomorrow, maybe</pubDate></item>
<item><title>Slashed date</title><link>https://example.org/s</link>
  <pubDate>2026/11/19</pubDate></item>
</channel></rss>"""
    papers = parse_feed("feed", body, "s")
    by_title = {p.title: p for p in papers}
    assert len(papers) == 7
    assert len({p.key for p in papers}) == 6  # anonymous items stay apart; "same" is one
    store = CacheStore(Path(__import__("tempfile").mkdtemp()) / "c.sqlite3")
    store.store_papers("s", papers)
    assert store.count() == 6  # the two "same" guids became one paper
    merged = store.paper("url:same")
    assert merged.title == "Second sighting, longer title"
    assert merged.abstract == "Now with a description."
    assert by_title[""].key.startswith("hash:")
    assert by_title["Far future"].published is None
    assert by_title["Garbage date"].published is None
    assert by_title["Slashed date"].published.date().isoformat() == "2026-11-19"
    assert by_title["First sighting"].published.date().isoformat() == "2026-11-20"


async def test_html_instead_of_a_feed_and_truncated_xml(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    html = b"<!DOCTYPE html><html><head><title>Login</title></head><body>Sign in</body></html>"
    outcome = await refresh_one(
        feed_server, tmp_path, cache, Route(body=html, content_type="text/html")
    )
    assert outcome.status == FAILED and "HTML page" in outcome.message
    truncated = fw.arxiv_rss(demo.ARXIV_AI, ["cs.AI"]).encode()[:3000]
    outcome = await refresh_one(
        feed_server,
        tmp_path,
        cache,
        Route(body=truncated),
        kind="arxiv",
        extra='categories = ["cs.AI"]',
    )
    # Either the fallback recovers the complete items, or a clear parse error.
    if outcome.status == FAILED:
        assert "malformed XML" in outcome.message
    else:
        assert all(p.title for p in cache.papers("evil"))


async def test_http_error_statuses(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    for status, text in (
        (404, "HTTP 404 Not Found"),
        (410, "HTTP 410 Gone"),
        (500, "HTTP 500 Internal Server Error"),
        (503, "HTTP 503 Service Unavailable"),
    ):
        outcome = await refresh_one(feed_server, tmp_path, cache, Route(status=status, body=b"no"))
        assert outcome.status == FAILED and outcome.message == text
    assert cache.source_state("evil").last_error == "HTTP 503 Service Unavailable"


async def test_a_read_only_cache_gives_clear_errors_not_a_crash(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    from tuireader.cli import main

    feed_server.routes["/n"] = Route(body=GOOD)
    config = tmp_path / "config.toml"
    config.write_text(f'[[sources]]\nname = "n"\nkind = "feed"\nurl = "{feed_server.url("/n")}"\n')
    cache = CacheStore(tmp_path / "data" / "cache.sqlite3")
    cache._db.execute("PRAGMA query_only = 1")  # every write now fails, as on a read-only disk
    loaded = make_config(tmp_path, source("n", "feed", feed_server.url("/n")))
    (outcome,) = (await Refresher(loaded, cache).refresh()).outcomes
    assert outcome.status == FAILED
    assert outcome.message.startswith("cannot save to the cache:")
    assert "readonly" in outcome.message
    cache.close()
    # And through the CLI, with a data dir that cannot be created at all.
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the data dir should be")
    assert main(["fetch", "--config", str(config), "--data-dir", str(blocker)]) == 2


async def test_a_bad_item_costs_that_item_only_and_is_counted(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    from tuireader.commands.fetch import describe

    items = [
        {
            "id": "https://example.org/1",
            "title": "Dated in year 0 once in UTC",
            "date_published": "0001-01-01T00:00:00+00:01",
        },
        5,  # not an item at all: the one that cannot be read
        {"id": "https://example.org/2", "title": "Odd types", "authors": 5, "tags": True},
        {
            "id": "https://example.org/3",
            "title": "Named by number",
            "authors": [{"name": 12}],
            "tags": [1, "x"],
        },
    ]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items})
    outcome = await refresh_one(
        feed_server,
        tmp_path,
        cache,
        Route(body=body.encode(), content_type="application/feed+json"),
    )
    assert outcome.status == UPDATED and outcome.new == 3 and outcome.unreadable == 1
    assert describe(outcome).startswith(
        "3 new, 0 updated, 0 unchanged, 1 unreadable item skipped ("
    )
    assert cache.paper("url:https://example.org/1").published is None
    assert cache.paper("url:https://example.org/3").authors == ("12",)
    assert cache.paper("url:https://example.org/3").categories == ("1", "x")


@pytest.mark.parametrize(
    ("kind", "body", "message"),
    [
        ("feed", b"[" * 100_000 + b"]" * 100_000, "the JSON is nested too deeply to read"),
        ("huggingface", b"[" * 100_000 + b"]" * 100_000, "the JSON is nested too deeply to read"),
        (
            "feed",
            RSS.format(decl=' encoding="x-klingon"', title="t", text="x").encode(),
            "the XML declares an encoding hubread cannot read (unknown encoding: x-klingon)",
        ),
    ],
)
async def test_whole_body_problems_are_a_clear_feed_error(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore, kind: str, body: bytes, message: str
) -> None:
    outcome = await refresh_one(
        feed_server,
        tmp_path,
        cache,
        Route(body=body),
        kind=kind,
        extra='date = "2026-11-20"' if kind == "huggingface" else "",
    )
    assert outcome.status == FAILED and outcome.message == message


def test_huge_upvotes_cost_their_item_not_the_source(tmp_path: Path) -> None:
    # 10**23 is a JSON int, but SQLite's INTEGER stops at 2**63 - 1: the cache write used to
    # raise OverflowError and fail the whole source.
    items = [
        {"paper": {"id": "2611.00001", "title": "Fine", "upvotes": 5}},
        {"paper": {"id": "2611.00002", "title": "Too many", "upvotes": 10**23}},
        {"paper": {"id": "2611.00003", "title": "Negative", "upvotes": -1}},
        {"paper": {"id": "2611.00004", "title": "Largest", "upvotes": 2**63 - 1}},
    ]
    papers = parse_feed("huggingface", json.dumps(items).encode(), "hf")
    assert [p.title for p in papers] == ["Fine", "Largest"]
    store = CacheStore(tmp_path / "c.sqlite3")
    store.store_papers("hf", papers)
    largest = store.paper("arxiv:2611.00004")
    assert largest is not None and largest.upvotes == 2**63 - 1
