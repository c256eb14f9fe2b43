"""Benchmark how long the reader takes to show LaTeX in titles and abstracts as Unicode.

Run from the repository root:  python -m bench.latex_bench
Renders 1,500 abstracts and 1,500 titles (each made unique, so the per-string cache of
``latex_text.render_latex`` does not help) of three kinds:
  arXiv        the titles and abstracts of the arXiv fixtures (tests/fixtures/feeds, in the
               real listings' and API's shapes) and the demo feeds: a little LaTeX, as in
               most of arXiv
  dense        the same with six LaTeX constructs added to each ($\\alpha$, $O(n^2)$, ...)
  cached       the arXiv set again: what scrolling back to a paper costs
The reader converts one abstract when a paper is shown and one title per list row drawn.
"""

from __future__ import annotations

import time
from pathlib import Path

from tuireader.kinds import parse_feed
from tuireader.latex_text import render_latex

ROOT = Path(__file__).resolve().parents[1]
FEEDS = [
    (ROOT / "tests/fixtures/feeds" / name, kind)
    for name, kind in (
        ("arxiv-rss-multi.xml", "arxiv"),
        ("arxiv-rss-cs.AI.xml", "arxiv"),
        ("arxiv-atom-cs.AI.xml", "arxiv"),
        ("arxiv-api-legacy.atom", "arxiv-query"),
        ("arxiv-api-legacy-doi.atom", "arxiv-query"),
        ("arxiv-api-2026.atom", "arxiv-query"),
    )
] + [
    (ROOT / "tuireader/demo/feeds" / name, "arxiv")
    for name in ("arxiv-cs.AI.xml", "arxiv-cs.LG.xml")
]
DENSE = r" with $\alpha$-stable $O(n^2)$ bounds in $\mathcal{O}(n\log n)$ after Erd{\H o}s"
COUNT = 1500


def _time(texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        render_latex(text)
    return time.perf_counter() - start


def main() -> None:
    papers = [p for path, kind in FEEDS for p in parse_feed(kind, path.read_bytes(), "bench")]
    abstracts = [f"{papers[i % len(papers)].abstract} ({i})" for i in range(COUNT)]
    titles = [f"{papers[i % len(papers)].title} ({i})" for i in range(COUNT)]
    runs = [
        ("arXiv abstracts", abstracts),
        ("arXiv titles", titles),
        ("dense abstracts", [a + DENSE for a in abstracts]),
        ("dense titles", [t + DENSE for t in titles]),
        ("cached abstracts", abstracts),
    ]
    print(f"{len(papers)} distinct arXiv papers, each text made unique, {COUNT} of each kind")
    for label, texts in runs:
        seconds = _time(texts)
        print(f"{label:18} {seconds:6.2f} s  {1000 * seconds / len(texts):6.2f} ms each")


if __name__ == "__main__":
    main()
