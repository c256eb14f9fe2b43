"""The refresh engine against a real HTTP server on 127.0.0.1 serving our fixture feeds."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from tests.fixtures import demo_papers as demo
from tests.fixtures import feedwriter as fw
from tests.fixtures.server import FeedServer, Route
from tuireader.config.settings import Config, parse_config
from tuireader.fetch.outcomes import EMPTY, FAILED, NOT_MODIFIED, UNCHANGED, UPDATED
from tuireader.fetch.refresher import Refresher
from tuireader.net import tls
from tuireader.net.http_get import USER_AGENT, HostGate, fetch, open_client
from tuireader.storage.cache import CacheStore

MEDRXIV_PAPER = replace(
    demo.BIORXIV[0], id="2026.11.18.26300001", doi="10.1101/2026.11.18.26300001"
)
NETWORK = """
[network]
connect_timeout = 2
timeout = 2
retries = 1
"""


def make_config(tmp_path: Path, sources: str, network: str = NETWORK) -> Config:
    return parse_config(network + sources, tmp_path / "config.toml")


def source(name: str, kind: str, url: str, extra: str = "") -> str:
    return f'\n[[sources]]\nname = "{name}"\nkind = "{kind}"\nurl = "{url}"\n{extra}\n'


@pytest.fixture
def cache(tmp_path: Path) -> CacheStore:
    return CacheStore(tmp_path / "cache.sqlite3")


def serve_xml(server: FeedServer, path: str, text: str, **kwargs: object) -> str:
    server.routes[path] = Route(body=text.encode("utf-8"), **kwargs)  # type: ignore[arg-type]
    return server.url(path)


async def test_every_kind_fetches_parses_and_merges(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    s = feed_server
    sources = "".join(
        [
            source(
                "ai",
                "arxiv",
                serve_xml(s, "/rss/cs.AI", fw.arxiv_rss(demo.ARXIV_AI, ["cs.AI"])),
                'categories = ["cs.AI"]',
            ),
            source(
                "lg",
                "arxiv",
                serve_xml(s, "/atom/cs.LG", fw.arxiv_atom_listing(demo.ARXIV_LG, "cs.LG")),
                'categories = ["cs.LG"]',
            ),
            source(
                "bio",
                "biorxiv",
                serve_xml(s, "/bio", fw.biorxiv_rdf(demo.BIORXIV, "Bio")),
                'subject = "bioinformatics"',
            ),
            source(
                "med",
                "medrxiv",
                serve_xml(
                    s, "/med", fw.biorxiv_rdf([MEDRXIV_PAPER], "Epidemiology", server="medRxiv")
                ),
                'subject = "epidemiology"',
            ),
            source("nature", "feed", serve_xml(s, "/nature.rss", fw.nature_rdf(demo.NATURE))),
            source(
                "hf",
                "huggingface",
                serve_xml(
                    s,
                    "/api/daily_papers",
                    fw.hf_daily_json(demo.HF),
                    content_type="application/json",
                ),
                'date = "2026-11-20"',
            ),
        ]
    )
    report = await Refresher(make_config(tmp_path, sources), cache).refresh()
    outcomes = {o.name: o for o in report.outcomes}
    assert {n: o.status for n, o in outcomes.items()} == dict.fromkeys(outcomes, UPDATED)
    # 6 + 6 arXiv listings share one paper; HF adds one paper of its own.
    assert sum(outcomes[n].new for n in ("ai", "lg", "hf")) == 12
    assert outcomes["nature"].new == 3
    assert outcomes["bio"].new == 3 and outcomes["med"].new == 1
    assert s.requests_for("/api/daily_papers")[0].path.endswith("date=2026-11-20")
    assert s.requests_for("/rss/cs.AI")[0].headers["User-Agent"] == USER_AGENT
    # A paper listed by cs.AI (new), cs.LG (cross) is one paper with both sources.
    rag = cache.paper("arxiv:2611.14102")
    assert rag is not None and set(rag.sources) == {"ai", "lg"}
    assert rag.announce_type == "new"
    assert cache.count("ai") == 6 and cache.count("lg") == 6
    # Hugging Face upvotes merge into the arXiv paper.
    moe = cache.paper("arxiv:2611.14233")
    assert moe is not None and moe.upvotes == 87 and set(moe.sources) == {"lg", "hf"}
    med = cache.paper("doi:10.1101/2026.11.18.26300001")
    assert med is not None and med.journal == "medRxiv"
    assert report.failed == []


async def test_second_fetch_sends_validators_and_handles_304(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    body = fw.arxiv_rss(demo.ARXIV_AI, ["cs.AI"])
    config = make_config(
        tmp_path,
        source(
            "etag",
            "arxiv",
            serve_xml(feed_server, "/etag", body, etag='"v1"'),
            'categories = ["cs.AI"]',
        )
        + source(
            "lm",
            "arxiv",
            serve_xml(feed_server, "/lm", body, last_modified="Fri, 20 Nov 2026 05:00:00 GMT"),
            'categories = ["cs.AI"]',
        ),
    )
    refresher = Refresher(config, cache)
    first = await refresher.refresh()
    assert {o.status for o in first.outcomes} == {UPDATED}
    second = await refresher.refresh()
    assert {o.status for o in second.outcomes} == {NOT_MODIFIED}
    assert feed_server.requests_for("/etag")[1].headers["If-None-Match"] == '"v1"'
    assert feed_server.requests_for("/lm")[1].headers["If-Modified-Since"] == (
        "Fri, 20 Nov 2026 05:00:00 GMT"
    )
    assert cache.source_state("etag").etag == '"v1"'
    assert cache.count() == 6


async def test_identical_body_is_not_parsed_again(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    url = serve_xml(feed_server, "/same", fw.nature_rdf(demo.NATURE))
    refresher = Refresher(make_config(tmp_path, source("n", "feed", url)), cache)
    await refresher.refresh()
    (outcome,) = (await refresher.refresh()).outcomes
    assert outcome.status == UNCHANGED and "same content" in outcome.message


async def test_gzip_and_redirects(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    serve_xml(feed_server, "/real", fw.nature_rdf(demo.NATURE), gzip=True)
    feed_server.routes["/old"] = Route(status=301, headers={"Location": "/real"})
    config = make_config(tmp_path, source("n", "feed", feed_server.url("/old")))
    (outcome,) = (await Refresher(config, cache).refresh()).outcomes
    assert outcome.status == UPDATED and outcome.new == 3
    assert "gzip" in feed_server.requests_for("/real")[0].headers["Accept-Encoding"]


async def test_deflate_either_way_and_unknown_codings_over_the_network(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    xml = fw.nature_rdf(demo.NATURE).encode()
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    feed_server.routes["/zlib"] = Route(
        body=zlib.compress(xml), headers={"Content-Encoding": "deflate"}
    )
    feed_server.routes["/raw"] = Route(
        body=raw.compress(xml) + raw.flush(), headers={"Content-Encoding": "deflate"}
    )
    feed_server.routes["/br"] = Route(body=xml, headers={"Content-Encoding": "br"})
    config = make_config(
        tmp_path,
        "".join(
            source(name, "feed", feed_server.url(f"/{name}")) for name in ("zlib", "raw", "br")
        ),
    )
    outcomes = {o.name: o for o in (await Refresher(config, cache).refresh()).outcomes}
    assert outcomes["zlib"].status == outcomes["raw"].status == UPDATED
    assert outcomes["zlib"].new + outcomes["raw"].new == 3  # the same three papers
    assert outcomes["br"].status == FAILED
    assert outcomes["br"].message == (
        "unsupported Content-Encoding 'br' (hubread asks for gzip or deflate)"
    )


async def test_one_failing_source_does_not_stop_the_others(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    good = serve_xml(feed_server, "/good", fw.nature_rdf(demo.NATURE))
    flaky = serve_xml(feed_server, "/flaky", fw.arxiv_rss(demo.ARXIV_AI, ["cs.AI"]))
    config = make_config(
        tmp_path,
        source("good", "feed", good) + source("flaky", "arxiv", flaky, 'categories = ["cs.AI"]'),
    )
    refresher = Refresher(config, cache)
    await refresher.refresh()
    feed_server.routes["/flaky"] = Route(status=500, body=b"oops")
    feed_server.routes["/good"] = Route(body=fw.nature_rdf(demo.NATURE[:1]).encode())
    report = await refresher.refresh()
    outcomes = {o.name: o for o in report.outcomes}
    assert outcomes["flaky"].status == FAILED
    assert outcomes["flaky"].message == "HTTP 500 Internal Server Error"
    assert len(feed_server.requests_for("/flaky")) == 3  # first run, then one retry
    assert outcomes["good"].status == UNCHANGED
    state = cache.source_state("flaky")
    assert state.failing and state.last_error == "HTTP 500 Internal Server Error"
    assert cache.count("flaky") == 6  # the failing source keeps its old papers


async def test_transient_503_is_retried_and_429_honours_retry_after(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    body = fw.nature_rdf(demo.NATURE).encode()
    feed_server.routes["/busy"] = Route(body=body, fail_times=1)
    feed_server.routes["/limited"] = Route(
        body=body, fail_times=1, fail_status=429, fail_headers={"Retry-After": "1"}
    )
    feed_server.routes["/later"] = Route(
        body=body, fail_times=5, fail_status=429, fail_headers={"Retry-After": "3600"}
    )
    config = make_config(
        tmp_path,
        source("busy", "feed", feed_server.url("/busy"))
        + source("limited", "feed", feed_server.url("/limited"))
        + source("later", "feed", feed_server.url("/later")),
    )
    outcomes = {o.name: o for o in (await Refresher(config, cache).refresh()).outcomes}
    assert outcomes["busy"].status == UPDATED
    assert outcomes["limited"].status == UPDATED
    limited = feed_server.requests_for("/limited")
    assert limited[1].at - limited[0].at >= 0.9  # waited as asked
    assert outcomes["later"].status == FAILED
    assert "wait 3600 s" in outcomes["later"].message
    assert len(feed_server.requests_for("/later")) == 1  # no retry after a long Retry-After


async def test_stalled_and_trickling_servers_time_out(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    body = fw.nature_rdf(demo.NATURE).encode()
    feed_server.routes["/stall"] = Route(body=body, stall=4)
    feed_server.routes["/trickle"] = Route(body=body, trickle=0.01)  # ~5 KB takes ~50 s
    network = "[network]\nconnect_timeout = 1\ntimeout = 1\nretries = 0\n"
    config = make_config(
        tmp_path,
        source("stall", "feed", feed_server.url("/stall"))
        + source("trickle", "feed", feed_server.url("/trickle")),
        network,
    )
    report = await Refresher(config, cache).refresh()
    assert {o.status for o in report.outcomes} == {FAILED}
    assert all("timed out" in o.message for o in report.outcomes)
    assert report.seconds < 3.5  # bounded by the total timeout, not by the server


async def test_waiting_for_a_connection_does_not_count_against_a_timeout(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    """Four stalled sources hold both connection slots for two whole timeouts; the healthy
    sources behind them wait that long for a slot, and still succeed: a source's timeout
    starts when its own request starts."""
    body = fw.nature_rdf(demo.NATURE).encode()
    stalled = [f"stalled{i}" for i in range(4)]
    healthy = [f"healthy{i}" for i in range(3)]
    for name in stalled:
        feed_server.routes[f"/{name}"] = Route(body=body, stall=5)
    for name in healthy:
        feed_server.routes[f"/{name}"] = Route(body=body)
    network = (
        "[network]\nconnect_timeout = 1\ntimeout = 1\nretries = 0\nconcurrency = 2\n"
        '[network.hosts."127.0.0.1"]\nmax_connections = 64\n'
    )
    sources = "".join(
        source(name, "feed", feed_server.url(f"/{name}")) for name in stalled + healthy
    )  # the stalled ones ask first
    report = await Refresher(make_config(tmp_path, sources, network), cache).refresh()
    outcomes = {o.name: o for o in report.outcomes}
    assert all(outcomes[n].status == FAILED and "timed out" in outcomes[n].message for n in stalled)
    assert all(outcomes[n].ok for n in healthy), report.outcomes


async def test_size_cap_rejects_large_bodies(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    feed_server.routes["/declared"] = Route(body=b"x" * 2_500_000)
    feed_server.routes["/endless"] = Route(endless_mb=20)
    feed_server.routes["/bomb"] = Route(
        body=gzip.compress(b"<" * 5_000_000), headers={"Content-Encoding": "gzip"}
    )
    network = "[network]\ntimeout = 5\nmax_body_mb = 2\nretries = 0\n"
    config = make_config(
        tmp_path,
        source("declared", "feed", feed_server.url("/declared"))
        + source("endless", "feed", feed_server.url("/endless"))
        + source("bomb", "feed", feed_server.url("/bomb")),
        network,
    )
    report = await Refresher(config, cache).refresh()
    assert {o.status for o in report.outcomes} == {FAILED}
    assert all("too large" in o.message for o in report.outcomes), report.outcomes


async def test_redirect_loops_and_non_http_redirects_fail_clearly(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    feed_server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    feed_server.routes["/file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    config = make_config(
        tmp_path,
        source("loop", "feed", feed_server.url("/loop"))
        + source("file", "feed", feed_server.url("/file")),
    )
    outcomes = {o.name: o for o in (await Refresher(config, cache).refresh()).outcomes}
    assert "too many redirects" in outcomes["loop"].message
    assert "not http(s)" in outcomes["file"].message


async def test_connection_refused(tmp_path: Path, cache: CacheStore) -> None:
    server = FeedServer()  # bound but never started: take its port, then close it
    url = server.url("/feed")
    server.stop()
    config = make_config(tmp_path, source("gone", "feed", url))
    (outcome,) = (await Refresher(config, cache).refresh()).outcomes
    assert outcome.status == FAILED and "refused" in outcome.message


async def test_unloadable_ca_certificates_fail_each_source_clearly(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tls, "_tls", None)  # load the context again, from the bad file
    missing = tmp_path / "no-such-bundle.pem"
    monkeypatch.setenv("SSL_CERT_FILE", str(missing))
    config = make_config(
        tmp_path,
        source("a", "feed", serve_xml(feed_server, "/a", fw.nature_rdf(demo.NATURE)))
        + source("b", "feed", serve_xml(feed_server, "/b", fw.nature_rdf(demo.NATURE))),
    )
    report = await Refresher(config, cache).refresh()
    expected = f"cannot load the CA certificates from SSL_CERT_FILE={missing}"
    assert [o.status for o in report.outcomes] == [FAILED, FAILED]
    assert all(o.message.startswith(expected) for o in report.outcomes)
    assert cache.source_state("a").last_error.startswith(expected)  # type: ignore[union-attr]
    assert feed_server.requests == []  # no request went out unverified


async def test_empty_arxiv_listing_is_no_announcement(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    url = serve_xml(feed_server, "/weekend", fw.arxiv_rss([], ["cs.AI"]))
    config = make_config(tmp_path, source("ai", "arxiv", url, 'categories = ["cs.AI"]'))
    (outcome,) = (await Refresher(config, cache).refresh()).outcomes
    assert outcome.status == EMPTY and outcome.ok
    assert "no announcement" in outcome.message


async def test_arxiv_api_pages_and_errors(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    papers = [replace(p, id=f"2611.{20000 + i}") for i, p in enumerate(demo.ARXIV_AI * 50)]
    feed_server.routes["/api/query"] = Route(
        pages={
            0: fw.arxiv_api_atom(papers[:200], "all:x", total=250).encode(),
            200: fw.arxiv_api_atom(papers[200:250], "all:x", total=250, start=200).encode(),
        }
    )
    feed_server.routes["/api2/query"] = Route(
        body=fw.arxiv_api_error("incorrect id format for 1234").encode()
    )
    config = make_config(
        tmp_path,
        source(
            "q", "arxiv-query", feed_server.url("/api/query"), 'query = "all:x"\nmax_results = 1000'
        )
        + source("bad", "arxiv-query", feed_server.url("/api2/query"), 'query = "id:1234"'),
    )
    outcomes = {o.name: o for o in (await Refresher(config, cache).refresh()).outcomes}
    assert outcomes["q"].status == UPDATED and outcomes["q"].new == 250
    first, second = (r.path for r in feed_server.requests_for("/api/query"))
    assert "sortBy=submittedDate" in first and "sortOrder=descending" in first
    assert "search_query=all:x" in first and "start=0" in first
    assert "start=200" in second
    assert outcomes["bad"].status == FAILED
    assert outcomes["bad"].message == "arXiv API error: incorrect id format for 1234"
    assert cache.count("bad") == 0


async def test_politeness_spaces_requests_to_one_host(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    network = NETWORK + '[network.hosts."127.0.0.1"]\nmin_interval = 0.3\nmax_connections = 1\n'
    sources = "".join(
        source(f"s{i}", "feed", serve_xml(feed_server, f"/f{i}", fw.nature_rdf(demo.NATURE)))
        for i in range(3)
    )
    began = time.monotonic()
    await Refresher(make_config(tmp_path, sources, network), cache).refresh()
    assert len(feed_server.requests) == 3
    # A lower bound only (a busy machine can make it longer, never shorter): three
    # requests to one host, each at least 0.3 s after the one before.
    assert time.monotonic() - began >= 0.6


async def test_host_turns_are_spaced_from_when_each_really_started() -> None:
    """The gate's own spacing, seen where it is enforced: each turn ends at least the
    interval after the one before ended, even when the turns are asked for at once."""
    from tuireader.config.settings import HostPolicy, NetworkConfig

    gate = HostGate(NetworkConfig(hosts={"h": HostPolicy(min_interval=0.2)}))
    ended: list[float] = []

    async def take_turn() -> None:
        await gate.wait_turn("h")
        ended.append(time.monotonic())

    await asyncio.gather(*(take_turn() for _ in range(4)))
    # asyncio may wake a sleeper up to one clock tick early; never more.
    tick = time.get_clock_info("monotonic").resolution
    assert all(b - a >= 0.2 - 2 * tick for a, b in itertools.pairwise(ended))


async def test_retention_purges_old_papers_but_not_starred(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    from datetime import UTC, datetime, timedelta

    from tuireader.kinds import parse_feed

    old = parse_feed("arxiv", fw.arxiv_rss(demo.ARXIV_LG, ["cs.LG"]).encode(), "old")
    cache.store_papers("old", old, now=datetime.now(UTC) - timedelta(days=200))
    url = serve_xml(feed_server, "/n", fw.nature_rdf(demo.NATURE))
    refresher = Refresher(
        make_config(tmp_path, source("n", "feed", url)), cache, keep=lambda: {old[0].key}
    )
    report = await refresher.refresh()
    assert report.purged == len(old) - 1
    assert cache.paper(old[0].key) is not None


async def test_big_bodies_arrive_whole(feed_server: FeedServer, tmp_path: Path) -> None:
    """A body of many socket reads is still exactly what the server sent."""
    body = bytes(range(256)) * 12_000  # 3 MB that no decoder would leave unchanged by chance
    feed_server.routes["/blob"] = Route(body=body, content_type="application/octet-stream")
    network = make_config(tmp_path, "").network
    async with await open_client(network) as client:
        fetched = await fetch(client, HostGate(network), network, feed_server.url("/blob"))
    assert fetched.body == body


async def test_large_bodies_parsed_in_worker_processes_give_the_same_cache(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    from bench.synthetic import synthetic_feed
    from tuireader.fetch.parse_pool import PROCESS_THRESHOLD

    body = synthetic_feed(3, 250)
    assert len(body) > PROCESS_THRESHOLD  # goes to the process pool
    feed_server.routes["/big"] = Route(body=body)
    config = make_config(
        tmp_path, source("big", "arxiv", feed_server.url("/big"), 'categories = ["cs.X3"]')
    )
    in_process = CacheStore(tmp_path / "workers.sqlite3")
    in_thread = CacheStore(tmp_path / "thread.sqlite3")
    (a,) = (await Refresher(config, in_process, workers=1).refresh()).outcomes
    (b,) = (await Refresher(config, in_thread, workers=0).refresh()).outcomes
    assert a.status == b.status == UPDATED and a.new == b.new == 250
    assert in_process.papers() == in_thread.papers()


async def test_worker_process_parse_errors_are_reported(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    feed_server.routes["/junk"] = Route(body=b"<html><body>" + b"x" * 400_000 + b"</body></html>")
    config = make_config(tmp_path, source("junk", "feed", feed_server.url("/junk")))
    (outcome,) = (await Refresher(config, cache, workers=1).refresh()).outcomes
    assert outcome.status == FAILED and "HTML page" in outcome.message


async def test_malformed_and_garbage_bodies_over_the_network(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore
) -> None:
    good = fw.nature_rdf(demo.NATURE).encode()
    feed_server.routes["/sloppy"] = Route(body=good.replace(b"Nature,", b"Nature & Co,", 1))
    feed_server.routes["/garbage"] = Route(body=bytes(range(256)) * 40)
    feed_server.routes["/empty"] = Route(body=b"")
    config = make_config(
        tmp_path,
        source("sloppy", "feed", feed_server.url("/sloppy"))
        + source("garbage", "feed", feed_server.url("/garbage"))
        + source("empty", "feed", feed_server.url("/empty")),
    )
    outcomes = {o.name: o for o in (await Refresher(config, cache).refresh()).outcomes}
    assert outcomes["sloppy"].status == UPDATED and outcomes["sloppy"].new == 3
    assert outcomes["garbage"].status == FAILED
    assert outcomes["empty"].status == FAILED and "empty" in outcomes["empty"].message


async def test_a_refresh_searches_for_no_module(
    feed_server: FeedServer, tmp_path: Path, cache: CacheStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once everything is loaded, a refresh imports nothing: an import that fails (httpcore
    looks for sniffio on every connection) searches sys.path every time, which cost a
    tenth of a refresh that found nothing new."""
    sources = "".join(
        source(f"n{i}", "feed", serve_xml(feed_server, f"/n{i}", fw.nature_rdf(demo.NATURE)))
        for i in range(3)
    )
    config = make_config(tmp_path, sources)
    await Refresher(config, cache).refresh()  # loads whatever a refresh loads

    searched: list[str] = []

    class Recorder:
        @staticmethod
        def find_spec(name: str, *_args: object) -> None:
            searched.append(name)

    monkeypatch.setattr(sys, "meta_path", [Recorder, *sys.meta_path])
    for route in feed_server.routes.values():
        route.etag = None
    report = await Refresher(config, cache).refresh()
    assert {o.status for o in report.outcomes} == {UNCHANGED}
    assert searched == []
