"""The full-text index is built when somebody searches, not while a fetch stores papers.

Whatever order stores, updates, purges and searches come in, a search finds exactly the
papers the cache holds, and the index matches the papers table (FTS5's own check).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tuireader.model import Paper
from tuireader.storage import search_index
from tuireader.storage.cache import CacheStore


def _consistent(path: Path) -> None:
    """FTS5's integrity check, comparing the index with the papers table row by row."""
    db = sqlite3.connect(path, isolation_level=None)
    search_index.register_functions(db)  # the index reads the papers folded
    try:
        db.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        db.close()


def _paper(key: str, title: str, abstract: str = "") -> Paper:
    return Paper(key=key, title=title, abstract=abstract)


def test_storing_does_not_index_and_a_search_catches_up(tmp_path: Path) -> None:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("x", [_paper("url:a", "Axolotl limbs"), _paper("url:b", "Newt tails")])
    assert cache.pending_index_count() == 2
    assert cache.search("axolotl") == ["url:a"]  # the search indexed them first
    assert cache.pending_index_count() == 0
    cache.store_papers("x", [_paper("url:c", "Axolotl gills")])
    assert sorted(cache.search_ids("axolotl")) == [1, 3]
    assert cache.index_pending() == 0  # nothing left to do
    _consistent(cache.path)


def test_changes_before_and_after_indexing_keep_the_index_exact(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path)
    long_ago = datetime.now(UTC) - timedelta(days=200)
    cache.store_papers(
        "x", [_paper("url:old", "Ancient ferns"), _paper("url:a", "Axolotl limbs")], now=long_ago
    )
    assert cache.index_pending() == 2
    # An indexed paper changes: its index entry is replaced at once.
    cache.store_papers("x", [_paper("url:a", "Axolotl limbs", "Regrowth of salamander arms")])
    # An unindexed paper changes before anyone searched: the index gets its final text.
    cache.store_papers("x", [_paper("url:b", "Newt tails")])
    cache.store_papers("x", [_paper("url:b", "Newt tails", "Cartilage in amphibians")])
    # Purge one indexed paper (its entry goes) and then store more.
    assert cache.purge(90) == 1
    assert cache.index_pending() == 1
    _consistent(path)
    assert cache.search("ferns") == []
    assert cache.search("salamander") == ["url:a"]
    assert cache.search("cartilage") == ["url:b"]
    # Purging papers that were never indexed leaves no index entry behind either.
    cache.store_papers("x", [_paper("url:c", "Cave fish")], now=long_ago)
    assert cache.purge(90) == 1
    assert cache.search("cave") == []
    _consistent(path)


def test_ids_are_not_reused_below_the_indexed_ones(tmp_path: Path) -> None:
    """Purging the newest papers must not let a new paper take an indexed paper's id."""
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path)
    cache.store_papers("x", [_paper("url:a", "Axolotl limbs")])
    cache.store_papers(
        "x", [_paper("url:b", "Newt tails")], now=datetime.now(UTC) - timedelta(days=200)
    )
    assert cache.index_pending() == 2
    assert cache.purge(90) == 1  # url:b had the highest id
    cache.store_papers("x", [_paper("url:c", "Frog tongues")])
    assert cache.pending_index_count() == 1
    assert cache.search("frog") == ["url:c"]
    assert cache.search("newt") == []
    _consistent(path)


def test_a_version_2_cache_is_indexed_again_and_finds_its_papers(tmp_path: Path) -> None:
    from tuireader.storage.cache_schema import MIGRATIONS, statements

    path = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for version in (0, 1):
        for statement in statements(MIGRATIONS[version]):
            db.execute(statement)
    db.execute("PRAGMA user_version=2")
    db.execute(
        "INSERT INTO papers (id, key, data, title, authors, abstract, first_seen, "
        "last_seen) VALUES (7, 'url:a', '{}', 'Axolotl limbs', 'Ana Okafor', '', "
        "'2026-11-20', '2026-11-20')"
    )
    db.execute(
        "INSERT INTO papers_fts(rowid, title, authors, abstract) "
        "VALUES (7, 'Axolotl limbs', 'Ana Okafor', '')"
    )
    db.close()
    cache = CacheStore(path)
    assert cache.pending_index_count() == 1  # v4 indexes folded text: all of it again
    cache.store_papers("x", [_paper("url:b", "Newt tails")])
    assert cache.search("okafor") == ["url:a"]
    assert cache.search("newt") == ["url:b"]
    assert cache.paper("url:b") is not None
    assert cache.search_ids("newt") == {8}
    _consistent(path)


def test_search_while_another_process_holds_the_write_lock(tmp_path: Path) -> None:
    """The index cannot catch up then; the search answers from what is indexed."""
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path, busy_timeout=0.2)
    cache.store_papers("x", [_paper("url:a", "Axolotl limbs")])
    cache.index_pending()
    cache.store_papers("x", [_paper("url:b", "Axolotl gills")])
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert cache.search("axolotl") == ["url:a"]
        assert cache.pending_index_count() == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert sorted(cache.search("axolotl")) == ["url:a", "url:b"]


FOLDED = [
    ("Møller", "moller"),
    ("Łukasiewicz", "lukasiewicz"),
    ("Strauß", "strauss"),
    ("Ærøskøbing", "aeroskobing"),
    ("Þórsson", "thorsson"),
    ("Đorđević", "dordevic"),
    ("Yıldız", "yildiz"),
    ("Œuvres", "oeuvres"),
    ("Guðmundsdóttir", "gudmundsdottir"),
]


def test_letters_without_a_decomposition_fold_in_the_index_and_the_query(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = CacheStore(path)
    cache.store_papers(
        "x",
        [
            Paper(key=f"url:{i}", title=f"Notes by {name}", authors=(name,))
            for i, (name, _) in enumerate(FOLDED)
        ],
    )
    for i, (name, plain) in enumerate(FOLDED):
        assert cache.search(plain) == [f"url:{i}"], plain
        assert cache.search(plain.upper()[:4]) == [f"url:{i}"], plain  # a prefix, any case
        assert cache.search(name) == [f"url:{i}"], name  # the letter itself still works
    cache.store_papers("y", [_paper("url:plain", "Moller and Strauss")])
    assert cache.search("Møller Strauß") == ["url:plain"]  # the query is folded too
    # Changed and purged papers take their folded entries with them.
    cache.store_papers("x", [Paper(key="url:0", title="Notes by Møller", abstract="Ørsted")])
    assert cache.search("orsted") == ["url:0"]
    long_ago = datetime.now(UTC) - timedelta(days=200)
    cache.store_papers("z", [_paper("url:old", "Kierkegaard on Søren")], now=long_ago)
    assert cache.search("soren") == ["url:old"]
    assert cache.purge(90) == 1
    assert cache.search("soren") == []
    _consistent(path)


def test_a_version_3_cache_is_indexed_again_with_folding(tmp_path: Path) -> None:
    from tuireader.storage.cache_schema import MIGRATIONS, statements

    path = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for version in (0, 1, 2):
        for statement in statements(MIGRATIONS[version]):
            db.execute(statement)
    db.execute("PRAGMA user_version=3")
    db.execute(
        "INSERT INTO papers (id, key, data, title, authors, abstract, first_seen, "
        "last_seen) VALUES (4, 'url:a', '{}', 'Lens design', 'Ida Møller', '', "
        "'2026-11-20', '2026-11-20')"
    )
    db.execute(
        "INSERT INTO papers_fts(rowid, title, authors, abstract) "
        "VALUES (4, 'Lens design', 'Ida Møller', '')"
    )
    db.execute("UPDATE fts_state SET indexed_upto = 4")
    db.close()
    cache = CacheStore(path)
    assert cache.search("moller") == ["url:a"]
    assert cache.search("lens") == ["url:a"]
    _consistent(path)


def test_the_index_and_the_radar_fold_with_one_table() -> None:
    # storage/search_index.py and radar/terms.py had two tables that differed (ħ, and the
    # case of the rest): a search and a radar rule could disagree on a name.
    from tuireader.folding import fold

    for name, plain in [*FOLDED, ("Ħal Far", "hal far"), ("ħ", "h")]:
        assert fold(search_index.fold(name) or "") == fold(name) == plain.lower(), name


def test_a_version_4_cache_is_indexed_again_with_the_shared_table(tmp_path: Path) -> None:
    from tuireader.storage.cache_schema import MIGRATIONS, statements

    path = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    search_index.register_functions(db)
    for version in (0, 1, 2, 3):
        for statement in statements(MIGRATIONS[version]):
            db.execute(statement)
    db.execute("PRAGMA user_version=4")
    db.execute(
        "INSERT INTO papers (id, key, data, title, authors, abstract, first_seen, "
        "last_seen) VALUES (4, 'url:a', '{}', 'Ħal Far lenses', 'Ida Møller', '', "
        "'2026-11-20', '2026-11-20')"
    )
    # As v4's table folded it: ħ left as it was.
    db.execute(
        "INSERT INTO papers_fts(rowid, title, authors, abstract) "
        "VALUES (4, 'Ħal Far lenses', 'Ida Moller', '')"
    )
    db.execute("UPDATE fts_state SET indexed_upto = 4")
    db.close()
    cache = CacheStore(path)
    assert cache.search("hal far") == ["url:a"]
    assert cache.search("moller") == ["url:a"]
    _consistent(path)
