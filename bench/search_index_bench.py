r"""Benchmark building the full-text index for 35,000 cached papers.

Run from the repository root:  python -m bench.search_index_bench [--papers N]
Stores N papers (35,000 by default) in a fresh cache and times ``CacheStore.index_pending``
(what the reader does in the background once its list is up), for three sets:
  plain   the synthetic feeds' invented words: no LaTeX at all
  arXiv   the titles and abstracts of the arXiv fixtures and demo feeds, each made unique:
          a little LaTeX, as in most of arXiv
  dense   the same with six LaTeX constructs added to every abstract (the worst case)
The index holds the words the reader sees where LaTeX renders them otherwise
(tuireader/latex_search.py); this is what that costs.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from bench.latex_bench import DENSE, FEEDS
from bench.synthetic import SURNAMES, WORDS
from tuireader.kinds import parse_feed
from tuireader.model import Paper
from tuireader.storage.cache import CacheStore


def _plain(count: int) -> list[Paper]:
    rng = random.Random(7)
    return [
        Paper(
            key=f"arxiv:26{i:07d}",
            title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize(),
            authors=tuple(rng.choice(SURNAMES) for _ in range(rng.randint(1, 8))),
            abstract=" ".join(rng.choice(WORDS) for _ in range(rng.randint(120, 220))),
        )
        for i in range(count)
    ]


def _arxiv(count: int, extra: str = "") -> list[Paper]:
    source = [p for path, kind in FEEDS for p in parse_feed(kind, path.read_bytes(), "bench")]
    return [
        Paper(
            key=f"arxiv:26{i:07d}",
            title=f"{source[i % len(source)].title} ({i})",
            authors=source[i % len(source)].authors,
            abstract=f"{source[i % len(source)].abstract}{extra} ({i})",
        )
        for i in range(count)
    ]


def _index_seconds(papers: list[Paper]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        cache = CacheStore(Path(tmp) / "cache.sqlite3")
        cache.store_papers("bench", papers)
        started = time.perf_counter()
        indexed = cache.index_pending()
        seconds = time.perf_counter() - started
        cache.close()
    assert indexed == len(papers), indexed
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=35_000)
    count = parser.parse_args().papers
    for label, papers in (
        ("plain", _plain(count)),
        ("arXiv", _arxiv(count)),
        ("dense", _arxiv(count, DENSE)),
    ):
        print(f"indexing {count} {label:6} papers  {_index_seconds(papers):6.2f} s")


if __name__ == "__main__":
    main()
