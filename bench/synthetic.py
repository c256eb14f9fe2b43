"""Synthetic arXiv-format feeds for the benchmarks: invented, deterministic, realistic size."""

from __future__ import annotations

import random
from pathlib import Path

from tests.fixtures.feedwriter import FakePaper, arxiv_rss
from tests.fixtures.server import FeedServer, Route

WORDS = (
    "learning neural adaptive robust sparse graph language model diffusion policy "
    "transformer kernel bayesian causal inference protein cell quantum optimal control "
    "estimation stochastic gradient attention memory retrieval benchmark scaling "
    "representation contrastive generative reinforcement planning reasoning agents "
    "uncertainty calibration federated privacy efficient compression theory"
).split()
SURNAMES = (
    "Smith Chen Garcia Müller Rossi Kim Nakamura Silva Novak Haddad Okafor Larsen "
    "Ivanova Dubois Moreau Tanaka Kowalski Singh Ahmed Costa"
).split()
GIVEN = "Ana Bo Carla Dmitri Eun Farah Gustav Hana Ivan Jia Kofi Lena Mateo Nia".split()


def synthetic_papers(feed_index: int, count: int, seed: int = 7) -> list[FakePaper]:
    rng = random.Random(seed * 100_003 + feed_index)
    papers = []
    for i in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize()
        abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(120, 220)))
        authors = [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 8))]
        papers.append(
            FakePaper(
                id=f"26{feed_index % 12 + 1:02d}.{i + feed_index * 1000 + 10000:05d}",
                title=title,
                authors=authors,
                abstract=abstract.capitalize() + ".",
                categories=[f"cs.X{feed_index}", "stat.ML"],
                announce=rng.choice(("new", "new", "new", "cross", "replace")),
            )
        )
    return papers


def synthetic_feed(feed_index: int, count: int = 700) -> bytes:
    return arxiv_rss(synthetic_papers(feed_index, count), [f"cs.X{feed_index}"]).encode()


def serve_synthetic_feeds(feeds: int, papers: int) -> tuple[FeedServer, list[str]]:
    """A started loopback server with ``feeds`` arXiv-format listings; their URLs."""
    server = FeedServer()
    for i in range(feeds):
        server.routes[f"/rss/cs.X{i}"] = Route(body=synthetic_feed(i, papers))
    server.start()
    return server, [server.url(path) for path in server.routes]


def byte_compile_hubread() -> None:
    """Byte-compile the package first, as pip does when it installs hubread. Run from a
    checkout with PYTHONDONTWRITEBYTECODE set (as on our dev machines), every hubread
    process would otherwise compile its modules again: about 30 ms that no installed copy
    pays."""
    import compileall

    import tuireader

    compileall.compile_dir(Path(tuireader.__file__).parent, quiet=1)


def write_bench_config(path: Path, urls: list[str]) -> Path:
    """A config with one arxiv source per URL, no background refresh, no read marks."""
    path.write_text(
        "[ui]\nrefresh_interval = 0\nmark_read_delay = -1\n"
        + "".join(
            f'\n[[sources]]\nname = "feed {i}"\nkind = "arxiv"\ncategories = ["cs.X{i}"]\n'
            f'url = "{url}"\n'
            for i, url in enumerate(urls)
        )
    )
    return path
