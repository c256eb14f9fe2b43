"""Budget, prompts, answer checks, saved briefs, the TL;DR cache and rerank parsing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tuireader.briefing.budget import fit, shorten
from tuireader.briefing.prompts import brief_messages, language_name
from tuireader.briefing.rerank import parse_scores
from tuireader.briefing.saved import (
    BriefPaper,
    SavedBrief,
    TldrStore,
    load_brief,
    save_brief,
)
from tuireader.briefing.service import check_answer, cited_numbers, tldr_lines
from tuireader.model import Paper


def paper(n: int, abstract_words: int = 50) -> Paper:
    return Paper(
        key=f"k{n}",
        title=f"Paper {n}",
        authors=tuple(f"A{i}" for i in range(9)),
        abstract=" ".join(f"word{n}" for _ in range(abstract_words)) + ".",
    )


def test_everything_fits_when_small() -> None:
    budgeted = fit([paper(i) for i in range(1, 6)], max_papers=20)
    assert budgeted.covered == 5 and budgeted.shortened == 0
    assert budgeted.coverage() == "5 papers"
    assert budgeted.items[0].authors.endswith("et al.")


def test_long_abstracts_are_shortened_before_any_paper_is_left_out() -> None:
    papers = [paper(i, abstract_words=2000) for i in range(1, 6)]
    budgeted = fit(papers, max_papers=20, token_budget=3000)
    assert budgeted.covered == 5 and budgeted.shortened == 5
    assert all(item.abstract.endswith("…") for item in budgeted.items)
    assert "5 abstracts shortened" in budgeted.coverage()


def test_papers_left_out_are_counted_never_silently_dropped() -> None:
    papers = [paper(i, abstract_words=400) for i in range(1, 41)]
    budgeted = fit(papers, max_papers=30, token_budget=2000)
    assert 0 < budgeted.covered < 30
    assert budgeted.coverage().startswith(f"{budgeted.covered} of 40 papers")


def test_shorten_cuts_at_a_sentence() -> None:
    text = "First sentence here. Second sentence is much longer than the limit allows."
    assert shorten(text, 30) == "First sentence here. …"
    assert shorten(text, 40).endswith("Second sentence…")


def test_prompt_numbers_papers_and_passes_the_language_and_override() -> None:
    items = fit([paper(1), paper(2)], max_papers=20).items
    messages = brief_messages(items, language="zh", starred_titles=["Mine"])
    user = messages[1]["content"]
    assert "[1] Paper 1" in user and "[2] Paper 2" in user and "- Mine" in user
    assert "Chinese" in user and "## TL;DR" in user
    own = brief_messages(items, language="de", instructions="Kurz, auf {language}: {count}")
    assert own[1]["content"].startswith("Kurz, auf German: 2")
    assert language_name("pt-BR") == "Portuguese" and language_name("xx") == "xx"


def test_citations_and_tldr_checks() -> None:
    text = (
        "## Themes\nA [1][2], B [2, 3] and C [1-3]; junk [9].\n"
        "## TL;DR\n[1] One.\n- **[2]** Two.\n[3]\n"
    )
    assert cited_numbers("x [2, 4] [1-3]") == [2, 4, 1, 2, 3]
    assert tldr_lines(text) == {1: "One.", 2: "Two."}
    notes = check_answer(text, 3)
    assert "[9]" in notes[0] and "No TL;DR from the model for [3]" in notes[1]
    assert "section skips them" in notes[1]
    # A small model that lists the titles and writes no TL;DR section is told so in words.
    (note,) = check_answer("[1] First title\n[2] Second title\n", 2)
    assert note == "No TL;DR from the model for [1], [2]: the answer has no ## TL;DR section."


def test_a_brief_saves_and_reopens(tmp_path: Path) -> None:
    brief = SavedBrief(
        day=date(2026, 11, 20),
        model="tiny",
        server="http://127.0.0.1/v1",
        papers=(BriefPaper(1, "k1", 'Paper "one"', "https://x/1"),),
        body="## Themes\n[1] is good.\x1b[31m",
        coverage="1 paper",
        notes=("a note",),
    )
    save_brief(tmp_path, brief)
    again = load_brief(tmp_path, date(2026, 11, 20))
    assert again is not None and again.papers == brief.papers and again.notes == ("a note",)
    assert (
        "\x1b" not in again.markdown() and '- [1] Paper "one" — <https://x/1>' in again.markdown()
    )
    assert load_brief(tmp_path, date(2026, 11, 21)) is None


def test_tldr_cache_survives_and_a_damaged_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "tldr.json"
    TldrStore(path).put("k1", "Short.", language="en", model="tiny")
    assert TldrStore(path).texts() == {"k1": "Short."}
    path.write_text("{not json")
    store = TldrStore(path)
    assert store.texts() == {} and "moved to" in store.problem
    assert (tmp_path / "tldr.json.damaged").exists()


def test_rerank_parses_what_small_models_write() -> None:
    answer = (
        'Sure! Here you go:\n```json\n[{"n": 1, "score": 8, "reason": "matches\\nyour'
        ' stars"}, {"id": "2", "score": "11"}, {"n": 7, "score": 5}, {"n": 3}]\n```'
    )
    scores = parse_scores(answer, 3)
    assert scores[1].score == 8 and scores[1].reason == "matches your stars"
    assert scores[2].score == 10 and set(scores) == {1, 2}
    cut = 'Scores: {"n": 1, "score": 4, "reason": "ok"} {"n": 2, "score": 6, "rea'
    assert set(parse_scores(cut, 2)) == {1}
    assert parse_scores("no json at all", 2) == {}
