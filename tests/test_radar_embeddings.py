"""The radar's optional embeddings ([radar].embeddings_url): the client against a real
loopback /v1/embeddings server, the cache, the "similar to <starred title>" evidence, and
the radar working on, saying so, when the server fails."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.fixtures.embeddings_server import DIM, EmbeddingsServer, bag_vector
from tests.fixtures.golden_home import make_home
from tests.fixtures.topic_corpus import topic_papers
from tuireader.cli import main
from tuireader.config.radar_settings import RadarConfig
from tuireader.config.settings import ConfigError, parse_config
from tuireader.radar.embeddings import Embedder, EmbeddingsClient, EmbeddingsError, paper_text
from tuireader.radar.service import RadarService
from tuireader.storage.cache import CacheStore
from tuireader.storage.embedding_store import embeddings_path
from tuireader.storage.home_paths import AppPaths
from tuireader.storage.library import LibraryStore

CORPUS = topic_papers(400, seed=5)
BENCHMARK_PAPER = "arxiv:2611.14102"  # a golden home paper (tests/test_radar_cli.py)
NOW = CORPUS[0].paper.published + timedelta(minutes=1)  # type: ignore[operator]


@pytest.fixture
def server() -> Iterator[EmbeddingsServer]:
    running = EmbeddingsServer().start()
    yield running
    running.stop()


def _config(tmp_path: Path, text: str) -> RadarConfig:
    return parse_config(f"[radar]\n{text}\n", tmp_path / "c.toml").radar


Stores = tuple[CacheStore, LibraryStore]


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[Stores]:
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("synthetic", [x.paper for x in CORPUS])
    library = LibraryStore(tmp_path / "library.json")
    for x in [x for x in CORPUS if x.topic == "robotics"][20:23]:  # 3: similarity mode
        library.star(x.paper)
    yield cache, library
    cache.close()


def _service(tmp_path: Path, stores: Stores, server: EmbeddingsServer) -> RadarService:
    cache, library = stores
    config = _config(tmp_path, f'days = 1\nembeddings_url = "{server.url}"')
    return RadarService(cache, library, config, tmp_path, now=lambda: NOW)


# ----------------------------------------------------------------- settings
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('embeddings_model = "e5"', "[radar].embeddings_model needs [radar].embeddings_url"),
        ('embeddings_url = "file:///x"', "[radar].embeddings_url must be an http://"),
        ('embeddings_url = "http://h/v1"\nembeddings_key_env = "sk-1 2"', "NAME of an"),
        ('embeddings_url = "http://h/v1"\nembeddings_prefix = 3', "embeddings_prefix must be"),
    ],
)
def test_bad_embeddings_settings_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        _config(tmp_path, text)
    assert message in str(raised.value) and "sk-1 2" not in str(raised.value)


def test_an_api_root_becomes_its_embeddings_endpoint(tmp_path: Path) -> None:
    config = _config(tmp_path, 'embeddings_url = "http://127.0.0.1:8000/v1/"')
    assert config.embeddings is not None
    assert config.embeddings.url == "http://127.0.0.1:8000/v1/embeddings"
    assert _config(tmp_path, "").embeddings is None


# ----------------------------------------------------------------- the client
def test_the_client_posts_batches_with_model_and_key_and_reads_vectors_by_index(
    tmp_path: Path, server: EmbeddingsServer
) -> None:
    config = _config(
        tmp_path,
        f'embeddings_url = "{server.url}"\nembeddings_model = "e5-passage"\n'
        'embeddings_key_env = "EMBED_KEY"',
    ).embeddings
    assert config is not None
    client = EmbeddingsClient(config, environ={"EMBED_KEY": "s3cret"})
    vectors = client.embed(["robot arm grasping", "quantum qubit"])
    request = server.requests[-1]
    assert request.body == {
        "model": "e5-passage",
        "input": ["robot arm grasping", "quantum qubit"],
        "encoding_format": "float",
    }
    assert request.headers["Authorization"] == "Bearer s3cret"
    assert np.allclose(vectors[0], bag_vector("robot arm grasping"), atol=1e-6)
    assert np.allclose(vectors[1], bag_vector("quantum qubit"), atol=1e-6)
    with pytest.raises(EmbeddingsError, match="EMBED_KEY, which is not set"):
        EmbeddingsClient(config, environ={}).embed(["x"])


@pytest.mark.parametrize(
    ("fail", "message"),
    [
        ("status", "answered 500: model is loading"),
        ("not_json", "not an embeddings answer (not JSON)"),
        ("wrong_count", "1 embeddings in data for 2 texts"),
        ("nan", "data[1].embedding is not a usable vector"),
    ],
)
def test_bad_answers_are_one_sentence_naming_the_server(
    tmp_path: Path, server: EmbeddingsServer, fail: str, message: str
) -> None:
    config = _config(tmp_path, f'embeddings_url = "{server.url}"').embeddings
    assert config is not None
    server.fail = fail
    with pytest.raises(EmbeddingsError) as raised:
        EmbeddingsClient(config).embed(["a b", "c d"])
    assert message in str(raised.value) and "127.0.0.1" in str(raised.value)


def test_no_server_and_a_wrong_key_are_said_so(tmp_path: Path, server: EmbeddingsServer) -> None:
    port = server.url.split(":")[2].split("/")[0]
    server.stop()
    config = _config(tmp_path, f'embeddings_url = "http://127.0.0.1:{port}/v1"').embeddings
    assert config is not None
    with pytest.raises(EmbeddingsError, match=r"no embeddings from http://127\.0\.0\.1"):
        EmbeddingsClient(config).embed(["x"])


def test_a_401_names_the_key_variable_and_never_echoes_the_key(
    tmp_path: Path, server: EmbeddingsServer
) -> None:
    config = _config(
        tmp_path, f'embeddings_url = "{server.url}"\nembeddings_key_env = "K"'
    ).embeddings
    assert config is not None
    server.fail, server.status = "status", 401
    server.error = {"message": "invalid key wrong-key-42"}
    with pytest.raises(EmbeddingsError) as raised:
        EmbeddingsClient(config, environ={"K": "wrong-key-42"}).embed(["x"])
    text = str(raised.value)
    assert "check the key in $K" in text and "wrong-key-42" not in text


# ----------------------------------------------------------------- the cache
def test_vectors_are_cached_by_key_model_and_text_and_a_second_run_asks_nothing(
    tmp_path: Path, server: EmbeddingsServer
) -> None:
    config = _config(
        tmp_path, f'embeddings_url = "{server.url}"\nembeddings_prefix = "passage: "'
    ).embeddings
    assert config is not None
    papers = [x.paper for x in CORPUS[:40]]
    first = Embedder(config, tmp_path)
    assert first.embed(first.missing(papers)) == [p.key for p in papers]
    assert len(server.requests) == 2  # batches of 32
    assert server.texts[0] == paper_text(papers[0], "passage: ")
    assert server.texts[0].startswith("passage: " + papers[0].title)
    again = Embedder(config, tmp_path)  # another process: the file is the cache
    assert again.missing(papers) == [] and len(server.requests) == 2
    assert np.allclose(
        again.vectors(papers[:1])[papers[0].key], bag_vector(server.texts[0]), atol=1e-6
    )
    changed = replace(papers[0], abstract="A new abstract.")
    assert [p.key for p in again.missing([changed, *papers[1:]])] == [changed.key]
    other = _config(tmp_path, f'embeddings_url = "{server.url}"\nembeddings_model = "m2"')
    assert other.embeddings is not None  # another model: its own vectors
    assert len(Embedder(other.embeddings, tmp_path).missing(papers)) == 40


def test_a_changed_dimension_is_refused_and_the_earlier_vectors_stay(
    tmp_path: Path, server: EmbeddingsServer
) -> None:
    config = _config(tmp_path, f'embeddings_url = "{server.url}"').embeddings
    assert config is not None
    embedder = Embedder(config, tmp_path)
    embedder.embed([CORPUS[0].paper])
    server.fail = "wrong_dim"
    with pytest.raises(EmbeddingsError, match=f"{DIM + 8} numbers, the cached ones .* {DIM}"):
        embedder.embed([CORPUS[1].paper])
    assert embedder.store.count(embedder.model) == 1


def test_a_damaged_cache_file_is_moved_aside_and_said(
    tmp_path: Path, server: EmbeddingsServer
) -> None:
    embeddings_path(tmp_path).write_bytes(b"this is not a database" * 100)
    config = _config(tmp_path, f'embeddings_url = "{server.url}"').embeddings
    assert config is not None
    embedder = Embedder(config, tmp_path)
    assert "was damaged" in embedder.store.problems[0]
    assert embedder.embed([CORPUS[0].paper]) == [CORPUS[0].paper.key]


# ----------------------------------------------------------------- the evidence
def test_embedded_papers_get_similar_to_evidence_with_the_starred_title(
    tmp_path: Path, stores: Stores, server: EmbeddingsServer
) -> None:
    _, library = stores
    service = _service(tmp_path, stores, server)
    before = service.refresh()
    assert "embeddings: not enough papers embedded yet" in before.status
    done = service.embed_missing(10_000)
    assert done and service.embedding_problem is None
    starred = {p.key: p.title for p in library.starred_papers()}
    assert set(starred) <= set(done)  # the positives first
    after = service.refresh(done)
    assert after.retrained and "embeddings of 3 liked papers" in after.status
    similar = [c for r in after.ranked for c in r.contributions if c.kind == "similar"]
    assert similar and all(c.target in starred and c.label == starred[c.target] for c in similar)
    assert all(c.value > 0 for c in similar)
    assert all(c.reason == f"similar to {c.label}" for c in similar)
    for ranked in after.ranked:  # the score is still the sum of the named parts
        assert ranked.score == pytest.approx(sum(c.value for c in ranked.contributions))
    top = next(r for r in after.ranked if r.contributions[0].kind == "similar")
    assert top.reason == f"similar to {starred[top.contributions[0].target]}"  # type: ignore[index]
    why = service.why(top.key)
    assert why is not None and why.similar and why.similar[0][0] in starred
    # Nothing new to embed: no request at all.
    asked = len(server.requests)
    assert service.embed_missing(10_000) == [] and len(server.requests) == asked


def test_a_failing_server_leaves_the_radar_working_and_saying_why(
    tmp_path: Path, stores: Stores, server: EmbeddingsServer
) -> None:
    service = _service(tmp_path, stores, server)
    service.embed_missing(10_000)
    working = service.refresh()
    server.fail = "status"
    cache, _ = stores
    cache.store_papers("synthetic", [topic_papers(1, seed=99)[0].paper])
    with pytest.raises(EmbeddingsError):
        service.embed_missing(10_000)
    failed = service.refresh()
    assert failed.retrained
    assert "without embeddings: http://127.0.0.1" in failed.status
    assert "answered 500" in failed.status
    assert not any(c.kind == "similar" for r in failed.ranked for c in r.contributions)
    assert working.ranked and failed.ranked  # ranked all the same, without them
    server.fail = None
    service.embed_missing(10_000)
    assert service.embedding_problem is None
    assert "embeddings of 3 liked papers" in service.refresh().status


def test_an_embeddings_file_that_cannot_be_read_leaves_the_radar_ranking(
    tmp_path: Path, stores: Stores, server: EmbeddingsServer
) -> None:
    """Opened fine, then unreadable (another program changed it): the radar ranks without
    the embeddings and says why, instead of failing every ranking."""
    service = _service(tmp_path, stores, server)
    service.embed_missing(10_000)
    assert service.embedder is not None
    path = service.embedder.store.path
    other = sqlite3.connect(path)
    other.execute("ALTER TABLE embeddings RENAME TO embeddings_gone")
    other.commit()
    other.close()
    ranked = service.refresh()
    assert ranked.ranked
    assert f"without embeddings: cannot read {path}" in ranked.status
    assert not any(c.kind == "similar" for r in ranked.ranked for c in r.contributions)


# ----------------------------------------------------------------- hubread radar
def _home_with(tmp_path: Path, server_url: str, extra: str = "") -> AppPaths:
    home = make_home(tmp_path / "home")
    text = home.config_file.read_text()
    home.config_file.write_text(
        text.replace("[radar]\n", f'[radar]\nembeddings_url = "{server_url}"\n{extra}', 1)
    )
    return home


def _run(home: AppPaths, *args: str) -> int:
    return main([*args, "--config", str(home.config_file), "--data-dir", str(home.data_dir)])


def test_hubread_radar_embeds_first_bounded_then_shows_similar_to_evidence(
    tmp_path: Path, server: EmbeddingsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    home = _home_with(tmp_path, server.url)
    assert _run(home, "star", BENCHMARK_PAPER, "arxiv:2611.14150") == 0
    capsys.readouterr()
    assert _run(home, "radar", "--days", "0", "--embed-limit", "5", "-f", "json") == 0
    captured = capsys.readouterr()
    assert f"with {server.url}; " in captured.err and "more next run" in captured.err
    assert "Embedded 5 papers" in captured.err
    assert len(server.texts) == 5
    assert _run(home, "radar", "--days", "0", "--embed-limit", "0") == 0
    assert len(server.texts) == 5  # --embed-limit 0: nothing asked
    capsys.readouterr()
    assert _run(home, "radar", "--days", "0", "--embed-limit", "10000", "-f", "json") == 0
    captured = capsys.readouterr()
    asked = len(server.texts)
    assert asked > 5 and "Embedded" in captured.err
    records = json.loads(captured.out)
    titles = {p.title for p in LibraryStore(home.library_file).starred_papers()}
    similar = [r for rec in records for r in rec["reasons"] if r.startswith("similar to ")]
    assert similar and all(r.removeprefix("similar to ") in titles for r in similar)
    assert _run(home, "radar", "--days", "0") == 0  # everything cached: no request
    out = capsys.readouterr()
    assert len(server.texts) == asked and "Embedding" not in out.err
    assert "embeddings of 2 liked papers" in out.out.splitlines()[0]
    assert "similar to " in out.out


def test_hubread_radar_without_the_server_ranks_and_says_so(
    tmp_path: Path, server: EmbeddingsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    home = _home_with(tmp_path, server.url)
    assert _run(home, "star", BENCHMARK_PAPER) == 0
    server.fail = "not_json"
    capsys.readouterr()
    assert _run(home, "radar", "--days", "0", "--limit", "3") == 0
    captured = capsys.readouterr()
    assert "hubread: the radar ranks without embeddings: http://127.0.0.1" in captured.err
    assert "not an embeddings answer (not JSON)" in captured.err
    lines = captured.out.splitlines()
    assert "without embeddings" in lines[0] and len(lines) == 4
    assert "radar embeddings failed" in (home.data_dir / "hubread.log").read_text()


def test_hubread_radar_rejects_a_bad_embed_limit(
    tmp_path: Path, server: EmbeddingsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    home = _home_with(tmp_path, server.url)
    with pytest.raises(SystemExit) as exited:
        _run(home, "radar", "--embed-limit", "-3")
    assert exited.value.code == 2 and "'-3' is negative" in capsys.readouterr().err


def test_the_status_says_without_embeddings_even_with_nothing_to_score(
    tmp_path: Path, stores: Stores, server: EmbeddingsServer
) -> None:
    cache, library = stores
    config = _config(tmp_path, f'days = 1\nembeddings_url = "{server.url}"')
    later = NOW + timedelta(days=30)  # no candidates: every paper is older than a day
    service = RadarService(cache, library, config, tmp_path, now=lambda: later)
    service.embed_missing(10_000)
    assert "embeddings of 3 liked papers" in service.refresh().status
    server.fail = "status"
    cache.store_papers("synthetic", [topic_papers(1, seed=98)[0].paper])
    with pytest.raises(EmbeddingsError):
        service.embed_missing(10_000)
    view = service.refresh()
    assert not view.ranked and "without embeddings: " in view.status


def test_an_embeddings_file_that_cannot_be_opened_is_a_problem_not_a_crash(
    tmp_path: Path, stores: Stores, server: EmbeddingsServer
) -> None:
    embeddings_path(tmp_path).mkdir()  # a folder where the file should be
    service = _service(tmp_path, stores, server)
    assert service.embedder is None
    assert "embeddings.sqlite3: cannot open" in service.problems[0]
    assert service.embed_missing(100) == [] and service.refresh().ranked
    assert not server.requests


def test_stop_ends_a_run_while_the_server_stalls(tmp_path: Path, server: EmbeddingsServer) -> None:
    config = _config(tmp_path, f'embeddings_url = "{server.url}"').embeddings
    assert config is not None
    embedder = Embedder(config, tmp_path)
    server.fail = "stall"  # answers only when the server stops, after this test's checks
    done = embedder.embed([CORPUS[0].paper], stop=server.request_seen.is_set)
    assert done == [] and server.request_seen.is_set()
    assert embedder.store.count(embedder.model) == 0
