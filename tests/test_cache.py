from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import DEMO_FEEDS
from tuireader.kinds import parse_feed
from tuireader.model import Paper
from tuireader.storage.cache import PAGE_SIZE, SCHEMA_VERSION, CacheError, CacheStore


def _feed(kind: str, name: str, source: str) -> list[Paper]:
    return parse_feed(kind, (DEMO_FEEDS / name).read_bytes(), source)


def test_papers_round_trip_and_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path)
    papers = _feed("arxiv", "arxiv-cs.AI.xml", "ai")
    stats = cache.store_papers("ai", papers)
    assert (stats.new, stats.updated, stats.unchanged) == (6, 0, 0)
    assert cache.store_papers("ai", papers).unchanged == 6
    cache.close()
    reopened = CacheStore(path)
    assert {p.key: p for p in reopened.papers()} == {p.key: p for p in papers}
    assert reopened.paper("arxiv:2611.14021") == papers[0]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cross_listed_paper_is_one_paper_with_two_sources(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("ai", _feed("arxiv", "arxiv-cs.AI.xml", "ai"))
    stats = cache.store_papers("lg", _feed("arxiv", "arxiv-cs.LG.xml", "lg"))
    assert stats.new == 5 and stats.updated == 1
    merged = cache.paper("arxiv:2611.14102")
    assert merged is not None
    assert merged.sources == ("ai", "lg")
    assert merged.announce_type == "new"
    assert cache.count() == 11
    assert cache.count("ai") == 6 and cache.count("lg") == 6
    assert [p.key for p in cache.papers("lg")].count("arxiv:2611.14102") == 1


def test_huggingface_upvotes_merge_into_arxiv_paper(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("lg", _feed("arxiv", "arxiv-cs.LG.xml", "lg"))
    cache.store_papers("hf", _feed("huggingface", "hf-daily-papers.json", "hf"))
    paper = cache.paper("arxiv:2611.14233")
    assert paper is not None and paper.upvotes == 87 and paper.sources == ("lg", "hf")
    assert paper.categories == ("cs.LG", "cs.CL")


def test_full_text_search_over_title_authors_abstract(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("ai", _feed("arxiv", "arxiv-cs.AI.xml", "ai"))
    cache.store_papers("bio", _feed("biorxiv", "biorxiv-bioinformatics.rdf", "bio"))
    assert cache.search("axolotl") == ["doi:10.1101/2026.11.18.617234"]
    assert cache.search("Okafor") == ["doi:10.1101/2026.11.18.617234"]
    assert cache.search("symbolic regr") == ["arxiv:2611.14150"]  # prefix as you type
    assert cache.search("pizanec") == ["arxiv:2608.09914"]  # diacritics folded
    assert cache.search('"][)(*') == []  # FTS syntax in user input is harmless
    assert cache.search("") == []


def test_search_matches_tokens_the_way_the_index_split_them(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers(
        "x",
        [
            Paper(key="url:a", title="GPT-4 as a judge of self-supervised features"),
            Paper(key="url:b", title="Four judges", abstract="GPT and 4 appear apart here."),
            Paper(key="url:c", title="Supervised learning"),
        ],
    )
    assert sorted(cache.search("gpt-4")) == ["url:a", "url:b"]  # every token, any order
    assert cache.search("self-superv") == ["url:a"]  # the last token as a prefix
    assert sorted(cache.search("superv")) == ["url:a", "url:c"]
    assert cache.search_ids("NEAR(gpt judge) title:four") == set()  # no FTS syntax


def test_version_1_cache_keeps_its_papers_and_search(tmp_path: Path) -> None:
    from tuireader.storage.cache_schema import MIGRATIONS, statements

    path = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(path)
    for statement in statements(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("PRAGMA user_version=1")
    db.execute(
        "INSERT INTO papers (id, key, data, title, authors, abstract, first_seen, "
        "last_seen) VALUES (1, 'url:a', '{}', 'Axolotl limbs', 'Ana Okafor', '', "
        "'2026-11-20', '2026-11-20')"
    )
    db.execute(
        "INSERT INTO papers_fts(rowid, title, authors, abstract) "
        "VALUES (1, 'Axolotl limbs', 'Ana Okafor', '')"
    )
    db.commit()
    db.close()
    cache = CacheStore(path)
    assert cache.search("okafor axo") == ["url:a"]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_source_state_records_validators_and_errors(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    assert not cache.source_state("x").failing
    cache.record_success(
        "x", etag='"abc"', last_modified="Thu, 20 Nov 2026 00:00:00 GMT", body_hash="h1"
    )
    cache.record_error("x", "HTTP 503 Service Unavailable")
    state = cache.source_state("x")
    assert state.etag == '"abc"' and state.body_hash == "h1"
    assert state.failing and state.last_error == "HTTP 503 Service Unavailable"
    cache.record_success("x", etag='"def"')
    assert not cache.source_state("x").failing
    assert cache.source_state("x").body_hash == "h1"


def test_purge_respects_retention_and_keeps_starred(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    old = datetime.now(UTC) - timedelta(days=100)
    papers = _feed("arxiv", "arxiv-cs.AI.xml", "ai")
    cache.store_papers("ai", papers, now=old)
    cache.store_papers("lg", _feed("arxiv", "arxiv-cs.LG.xml", "lg"))
    starred = papers[1].key
    removed = cache.purge(90, keep={starred})
    # 6 old ones, minus the starred one, minus the cross-list seen again today.
    assert removed == 4
    assert cache.paper(starred) is not None
    assert cache.search("Counterfactual") == [starred]
    assert cache.search("Symbolic") == []  # FTS rows go with their papers
    cache.vacuum()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(CacheError, match="newer hubread"):
        CacheStore(path)


def test_pre_schema_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    sqlite3.connect(path).close()  # user_version 0: an empty, unversioned database
    cache = CacheStore(path)
    assert cache.count() == 0
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_damaged_cache_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not an sqlite database" * 100)
    with pytest.raises(sqlite3.DatabaseError):  # a parse worker's second connection ...
        CacheStore(path, repair=False)
    assert not list(tmp_path.glob("cache.sqlite3.corrupt-*"))  # ... never moves the file
    cache = CacheStore(path)
    assert cache.count() == 0
    assert "moved aside" in cache.problems[0]
    assert list(tmp_path.glob("cache.sqlite3.corrupt-*"))


def _page_size(path: Path) -> int:
    return int(sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0])


def _old_small_page_cache(path: Path) -> Path:
    """A cache as earlier builds made it: 4 KB pages, papers stored."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size=4096")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    return _stored(path)


def test_new_cache_uses_big_pages_and_vacuum_converts_an_old_one(tmp_path: Path) -> None:
    assert _page_size(_stored(tmp_path / "new.sqlite3")) == PAGE_SIZE

    old = _old_small_page_cache(tmp_path / "old.sqlite3")
    assert _page_size(old) == 4096  # an existing file keeps its pages until a vacuum
    cache = CacheStore(old)
    keys = {p.key for p in cache.papers()}
    word = cache.papers()[0].title.split()[0]
    found = cache.search(word)
    assert found
    cache.vacuum()
    assert _page_size(old) == PAGE_SIZE
    assert {p.key for p in cache.papers()} == keys
    assert cache.search(word) == found  # the full-text index came through
    assert sqlite3.connect(old).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_vacuum_while_another_process_reads_keeps_the_page_size(tmp_path: Path) -> None:
    path = _old_small_page_cache(tmp_path / "old.sqlite3")
    other = CacheStore(path)  # say, the reader: leaving WAL mode needs the file alone
    cache = CacheStore(path)
    count = cache.count()
    cache.vacuum()
    assert _page_size(path) == 4096
    assert other.count() == count
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _stored(path: Path) -> Path:
    cache = CacheStore(path)
    cache.store_papers("ai", _feed("arxiv", "arxiv-cs.AI.xml", "ai"))
    cache.close()
    return path


def test_a_duplicate_id_in_one_arxiv_listing_is_one_item_whole(tmp_path: Path) -> None:
    from tests.fixtures.feedwriter import FakePaper, arxiv_rss

    listing = arxiv_rss(
        [
            FakePaper("2611.00001", "Axolotl limbs", ["Ana Okafor"], "About limbs."),
            FakePaper(
                "2611.00002",
                "Newt tails, first take",
                ["Bo Chen", "Eun Kim"],
                "A long abstract about newt tails that the second item does not repeat.",
            ),
            FakePaper("2611.00002", "Newt tails", ["Bo Chen"], "Short."),
        ],
        ["cs.AI"],
    ).encode()
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("ai", parse_feed("arxiv", listing, "ai"))
    paper = cache.paper("arxiv:2611.00002")
    assert paper is not None
    assert (paper.title, paper.authors, paper.abstract) == ("Newt tails", ("Bo Chen",), "Short.")
    assert cache.count() == 2


def test_a_duplicate_guid_in_one_feed_is_one_item_whole(tmp_path: Path) -> None:
    from tuireader.fetch.ingest import ingest_body
    from tuireader.kinds.source import SourceConfig

    def item(title: str, description: str) -> str:
        return (
            f"<item><title>{title}</title><guid>https://example.org/p/7</guid>"
            f"<link>https://example.org/p/7</link><description>{description}"
            "</description></item>"
        )

    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>J</title>"
        + item("First title", "The first item's abstract, much longer than the other.")
        + item("Second title", "Second abstract.")
        + "</channel></rss>"
    ).encode()
    cache = CacheStore(tmp_path / "cache.sqlite3")
    ingest_body(cache, SourceConfig(name="j", kind="feed", url="https://example.org/rss"), feed)
    (paper,) = cache.papers()
    assert (paper.title, paper.abstract) == ("Second title", "Second abstract.")
