"""The radar's rules, models and reasons (tuireader/radar), on papers we invent."""

from __future__ import annotations

import random

import pytest

from tests.fixtures.topic_corpus import KEYWORD, topic_papers
from tuireader.folding import fold
from tuireader.model import Paper
from tuireader.radar.learner import MIN_POSITIVES
from tuireader.radar.ranking import Radar, Signals
from tuireader.radar.rules import ABSTRACT_SHARE, MENTIONS, Rules
from tuireader.radar.terms import AuthorName, Phrase, words


def paper(
    title: str = "A title",
    abstract: str = "",
    authors: tuple[str, ...] = (),
    key: str = "k",
    **extra: object,
) -> Paper:
    return Paper(key=key, title=title, abstract=abstract, authors=authors, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Møller", "moller"),
        ("Ærø", "aero"),
        ("Straße", "strasse"),
        ("Łukasik", "lukasik"),
        ("Đoković", "dokovic"),
        ("Þór", "thor"),
        ("Erdős", "erdos"),
        ("ÉCOLE", "ecole"),
    ],
)
def test_fold_removes_case_and_every_accent(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("rule", "text", "hit"),
    [
        ("diffusion", "Latent diffusion for images", True),
        ("diffusion", "Diffusions everywhere", True),  # a plural is the same word
        ("diffusion", "Nondiffusion processes", False),  # never a substring
        ("model", "A modelling study", False),
        ("protein design", "De novo protein design with flows", True),
        ("protein design", "Protein-design benchmarks", True),  # across a hyphen
        ("protein design", "Design of protein binders", False),  # words in a row only
        ('"language model"', "Large Language Models are few-shot learners", True),
        ("émigré", "An emigre's tale", True),  # accents on either side
        ("Møller", "The Moller scattering", True),
        ("graph", "Paragraph-level retrieval", False),
    ],
)
def test_keywords_match_as_words_and_phrases(rule: str, text: str, hit: bool) -> None:
    phrase = Phrase.parse(rule)
    assert phrase is not None
    assert phrase.occurs_in(words(text)) is hit


@pytest.mark.parametrize(
    ("rule", "name", "hit"),
    [
        ("Ada Lovelace", "Lovelace, A.", True),
        ("Lovelace, A.", "Ada Lovelace", True),
        ("Ada Lovelace", "A. M. Lovelace", True),
        ("Ada Lovelace", "Bea Lovelace", False),
        ("Lovelace", "Bea Lovelace", True),  # a family name alone matches any given name
        ("Anna van der Berg", "van der Berg, Anna", True),
        ("Anna van der Berg", "Anna Berg", False),
        ("Martin Luther King Jr.", "King, Jr., Martin Luther", True),
        ("Søren Kierkegaard", "Soren Kierkegaard", True),
        ("Ada Lovelace", "Ada Lovelacer", False),
    ],
)
def test_authors_match_on_normalised_names(rule: str, name: str, hit: bool) -> None:
    a, b = AuthorName.parse(rule), AuthorName.parse(name)
    assert a is not None and b is not None
    assert a.matches(b) is hit


def test_rules_weigh_title_over_abstract_and_use_the_weights() -> None:
    rules = Rules.build([("diffusion", 1.0), ("protein design", 2.0)], [("Ada Lovelace", 1.5)])
    title_hit = rules.contributions(paper("Diffusion in the title"))
    assert [(c.kind, c.label, c.value) for c in title_hit] == [("keyword", "diffusion", 1.0)]
    abstract_hit = rules.contributions(paper("Other", "We study protein design."))
    once = 2.0 * ABSTRACT_SHARE / MENTIONS  # said once, in passing: weak evidence
    assert [(c.label, c.value) for c in abstract_hit] == [("protein design", once)]
    text = " ".join(["protein design, again."] * (MENTIONS + 2))
    repeated = rules.contributions(paper("Other", text))
    assert [c.value for c in repeated] == [pytest.approx(2.0 * ABSTRACT_SHARE)]
    scaled = rules.contributions(paper("Diffusion", text), scale=0.5)
    assert [c.value for c in scaled] == [0.5, pytest.approx(0.5 * 2.0 * ABSTRACT_SHARE)]
    by_author = rules.contributions(paper(authors=("Lovelace, A.", "C. Babbage")))
    assert [(c.kind, c.label, c.value) for c in by_author] == [("author", "Lovelace, A.", 1.5)]


def test_mutes_name_what_muted_the_paper() -> None:
    rules = Rules.build(
        mute_words=["cryptocurrency"],
        mute_authors=["Ed Spammer"],
        mute_categories=["cs.CV"],
        mute_sources=["Noisy feed"],
    )
    assert rules.muted_by(paper("On cryptocurrency pricing")) == "muted: word cryptocurrency"
    assert rules.muted_by(paper(authors=("Spammer, E.",))) == "muted: author Spammer, E."
    assert rules.muted_by(paper(categories=("cs.CV",))) == "muted: category cs.CV"
    assert rules.muted_by(paper(sources=("Noisy feed",))) == "muted: source Noisy feed"
    assert rules.muted_by(paper("Crypto is not cryptocurrency-free")) is not None
    assert rules.muted_by(paper("Cryptography")) is None


def test_muted_papers_sink_to_the_bottom_with_their_reason() -> None:
    rules = Rules.build([("diffusion", 1.0)], mute_words=["survey"])
    papers = [
        paper("A diffusion survey", key="a"),
        paper("Plain", key="b"),
        paper("Diffusion models", key="c"),
    ]
    ranked = Radar(rules, Signals()).rank(papers)
    assert [r.key for r in ranked] == ["c", "b", "a"]
    assert ranked[-1].reason == "muted: word survey"


CORPUS = topic_papers(1600, seed=3)


def _signals(topic: str, k: int, seed: int = 0) -> tuple[Signals, list[Paper]]:
    mine = [x.paper for x in CORPUS if x.topic == topic]
    starred = random.Random(seed).sample(mine, k)
    keys = {p.key for p in starred}
    unseen = [x.paper for x in CORPUS[:800] if x.paper.key not in keys]
    background = [x.paper for x in CORPUS[800:] if x.paper.key not in keys]
    return Signals(positives=starred, background=background), unseen


def _precision_at_10(ranked: list, topic: str) -> float:
    topics = {x.paper.key: x.topic for x in CORPUS}
    return sum(topics[r.key] == topic for r in ranked[:10]) / 10


def test_no_positives_ranks_by_rules_alone_and_says_so() -> None:
    radar = Radar(Rules.build([("robot", 1.0)]), Signals())
    assert radar.status.startswith("rules only")
    ranked = radar.rank([x.paper for x in CORPUS[:200]])
    assert all(c.kind == "keyword" for r in ranked for c in r.contributions)


@pytest.mark.parametrize("k", [1, 2, MIN_POSITIVES - 1])
def test_few_positives_rank_by_similarity_and_say_so(k: int) -> None:
    signals, unseen = _signals("proteins", k)
    radar = Radar(Rules(), signals)
    assert not radar.learning
    assert radar.status.startswith(f"learning: {k} starred paper")
    ranked = radar.rank(unseen)
    assert ranked[0].reason.startswith("like: ")
    assert _precision_at_10(ranked, "proteins") >= 0.7


@pytest.mark.parametrize("k", [MIN_POSITIVES, 10, 60])
def test_a_learned_model_finds_the_starred_topic(k: int) -> None:
    signals, unseen = _signals("robotics", k)
    radar = Radar(Rules(), signals)
    assert radar.learning and radar.status == f"learned from {k} papers"
    ranked = radar.rank(unseen)
    assert _precision_at_10(ranked, "robotics") >= 0.8
    top = ranked[0]
    assert top.score > 0 and top.reason.startswith("like: ")
    why = radar.why(next(p for p in unseen if p.key == top.key))
    assert why.model == "your stars" and why.up and why.nearest


def test_the_reason_shown_is_the_largest_real_contribution() -> None:
    """A reason is the largest part of the score, and the parts add up to the score."""
    signals, unseen = _signals("quantum", 12)
    rules = Rules.build(
        [(KEYWORD["quantum"], 0.4), (KEYWORD["graphs"], 3.0)], [(unseen[5].authors[0], 2.5)]
    )
    radar = Radar(rules, signals)
    ranked = radar.rank(unseen)
    kinds = set()
    for r in ranked:
        assert r.score == pytest.approx(sum(c.value for c in r.contributions))
        top = max(r.contributions, key=lambda c: c.value)
        if top.value > 0:
            assert r.reason == top.reason
            kinds.add(top.kind)
    assert kinds >= {"keyword", "author", "like"}  # each kind of reason really occurs


def test_dismissed_papers_push_their_neighbours_down() -> None:
    signals, unseen = _signals("language", 10)
    before = {r.key: r.score for r in Radar(Rules(), signals).rank(unseen)}
    translation = [p for p in unseen if "translation" in f"{p.title} {p.abstract}".lower()]
    half = len(translation) // 2
    assert half >= 5
    signals.dismissed = translation[:half]
    after = {r.key: r.score for r in Radar(Rules(), signals).rank(unseen)}
    alike = [p.key for p in translation[half:]]
    assert sum(after[k] - before[k] for k in alike) < 0


def test_a_tag_model_ranks_its_own_view() -> None:
    proteins = [x.paper for x in CORPUS if x.topic == "proteins"][:8]
    signals, unseen = _signals("robotics", 8)
    signals.tags = {"protein": proteins}
    radar = Radar(Rules(), signals)
    by_tag = radar.rank(unseen, tag="protein")
    assert _precision_at_10(by_tag, "proteins") >= 0.8
    assert by_tag[0].reason == "tag model: protein"


def _average_precision(ranked: list, relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for i, r in enumerate(ranked, start=1):
        if r.key in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


@pytest.mark.parametrize("topic", ["quantum", "graphs", "language"])
def test_the_combination_is_no_worse_than_the_model_or_the_keyword_alone(topic: str) -> None:
    """A keyword rule said in passing by a neighbour topic must not pull its papers above
    what the model has learned, nor the model drown the rule (bench/radar_bench.py)."""
    signals, unseen = _signals(topic, 10)
    relevant = {x.paper.key for x in CORPUS[:800] if x.topic == topic}
    rules = Rules.build([(KEYWORD[topic], 1.0)])
    alone = {
        "keyword": _average_precision(Radar(rules, Signals()).rank(unseen), relevant),
        "model": _average_precision(Radar(Rules(), signals).rank(unseen), relevant),
    }
    both = _average_precision(Radar(rules, signals).rank(unseen), relevant)
    # Within one swapped pair of the 100 topic papers (0.001 AP); the rule as it was, a
    # fixed weight and any abstract mention at 0.7 of it, lost 0.03 to 0.04 here.
    assert both >= max(alone.values()) - 0.001, (both, alone)


def test_a_first_star_of_stop_words_only_falls_back_to_rules() -> None:
    # tf-idf raised ValueError ("empty vocabulary") and the radar crashed.
    star = Paper(key="k:star", title="A new approach", abstract="")
    radar = Radar(Rules.build([("robot", 1.0)]), Signals(positives=[star]))
    assert not radar.learning
    assert radar.status == "rules only: the starred papers have no words to learn from yet"
    robot = Paper(key="k:robot", title="Robot hands")
    ranked = radar.rank([star, robot])
    assert [r.key for r in ranked] == ["k:robot", "k:star"]
    assert all(c.kind == "keyword" for r in ranked for c in r.contributions)
