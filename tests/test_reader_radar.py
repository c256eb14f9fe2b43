"""The Radar in the reader, with Pilot on the demo papers: the entry, x and its undo, w,
and the marker in every view."""

from __future__ import annotations

from tests.tui import (
    abstract_text,
    demo_home,
    open_app,
    press_until,
    ready,
    record_notices,
    until,
)
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.app import HubreadApp
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

SIZE = (120, 36)


def radar_home() -> AppPaths:
    """The demo, whose ``[radar].days = 0`` makes every sample paper a candidate."""
    paths = demo_home()
    assert "days = 0" in paths.config_file.read_text()
    return paths


def entry_ids(app: HubreadApp) -> list[str | None]:
    sources = app.query_one(SourceList)
    return [sources.get_option_at_index(i).id for i in range(sources.option_count)]


async def open_radar(pilot, app: HubreadApp) -> None:  # type: ignore[no-untyped-def]
    sources = app.query_one(SourceList)
    await pilot.press("h")  # the sources pane
    await press_until(pilot, "k", lambda: sources.highlighted == 0, "the Radar entry")
    await pilot.press("enter")
    await ready(pilot)


async def test_radar_entry_lists_the_keyword_matches_best_first() -> None:
    app = open_app(radar_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert entry_ids(app)[:2] == ["radar", "all"]
        await open_radar(pilot, app)
        papers = app.query_one(PaperList)
        assert str(papers.border_title).startswith("Radar · ")
        scores = [app.reader.radar.scores[i.key].score for i in papers.items]
        assert scores and scores == sorted(scores, reverse=True)
        top = papers.items[0]
        row = app.reader._render_row(top).plain
        reason = app.reader.radar.scores[top.key].reason
        assert reason.startswith("keyword: ") and f" {reason} " in row
        assert "◆ " in row  # a keyword in the title passes the threshold of 1
        assert str(papers.border_title).endswith(" · by score")
        await pilot.press("S")
        assert not str(papers.border_title).endswith(" · by score")
        dates = [i.date for i in papers.items]
        assert dates == sorted(dates, reverse=True)


async def test_marker_and_title_highlight_in_the_all_view() -> None:
    app = open_app(radar_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        radar = app.reader.radar
        marked = [k for k, r in radar.scores.items() if r.score >= 1.0 and r.muted is None]
        assert marked
        papers = app.query_one(PaperList)
        by_key = {i.key: i for i in papers.items}
        row = app.reader._render_row(by_key[marked[0]])
        assert "◆ " in row.plain
        title_at = row.plain.index("◆ ") + 2
        # the keyword in the title is styled as in the abstract
        assert any(s.start >= title_at and "accent" in str(s.style) for s in row.spans)
        unmarked = [i for i in papers.items if i.key not in marked]
        assert unmarked and "◆" not in app.reader._render_row(unmarked[0]).plain


async def test_x_dismisses_from_the_radar_and_ctrl_z_brings_it_back() -> None:
    paths = radar_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await ready(pilot)
        await open_radar(pilot, app)
        papers = app.query_one(PaperList)
        before = len(papers.items)
        first = papers.current
        assert first is not None
        await pilot.press("x")
        await ready(pilot)
        assert first.key not in [i.key for i in papers.items]
        assert len(papers.items) == before - 1
        assert app.stores.library.is_dismissed(first.key)
        undo = app.key_for("undo")
        assert any(
            n.startswith("Not interested: ") and n.endswith(f"— {undo} to undo") for n in notices
        )
        assert first.key in paths.library_file.read_text()  # saved
        await pilot.press("ctrl+z")
        await ready(pilot)
        assert not app.stores.library.is_dismissed(first.key)
        assert notices[-1].startswith("Undone: not interested in “")
        assert first.key in [i.key for i in papers.items]
        await pilot.press("ctrl+z")
        assert notices[-1] == "Nothing to undo."
        await pilot.press("h", "j", "enter")  # All: a dismissed paper stays listed there
        await ready(pilot)
        assert app.reader.view_id == "all"
        key = papers.current.key if papers.current else ""
        await pilot.press("x")
        await ready(pilot)
        assert app.stores.library.is_dismissed(key) and papers.current is not None
        assert papers.current.key == key
        assert notices[-1].endswith(f"— x again or {undo} to undo")
        await pilot.press("x")
        await ready(pilot)
        assert not app.stores.library.is_dismissed(key)
        assert notices[-1].startswith("Interesting again: ")


async def test_w_explains_the_score_and_a_muted_paper_says_so() -> None:
    paths = radar_home()
    text = paths.config_file.read_text()
    paths.config_file.write_text(
        text.replace("[radar]\n", '[radar]\nmute = { words = ["benchmark"] }\n', 1)
    )
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        muted = [
            i
            for i in papers.items
            if app.reader.radar.scores.get(i.key) is not None
            and app.reader.radar.scores[i.key].muted
        ]
        scored = [
            i
            for i in papers.items
            if (r := app.reader.radar.scores.get(i.key))
            and not r.muted
            and r.reason.startswith("keyword")
        ]
        assert muted and scored
        await press_until(pilot, "j", lambda: papers.current == scored[0], "a scored paper")
        await pilot.press("w")
        await ready(pilot)
        shown = abstract_text(app)
        assert shown.startswith("Why this score?")
        assert scored[0] and app.reader.radar.scores[scored[0].key].reason in shown
        await pilot.press("g")
        await press_until(pilot, "j", lambda: papers.current == muted[0], "a muted paper")
        await pilot.press("w")
        await ready(pilot)
        assert "Not on the Radar: muted: " in abstract_text(app)


async def test_w_lists_the_nearest_starred_papers_and_a_click_goes_there() -> None:
    app = open_app(radar_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        for _ in range(3):  # star the first three papers: the radar learns from them
            await pilot.press("s", "j")
            await ready(pilot)
        starred = {i.key for i in papers.items[:3]}
        scores = app.reader.radar.scores
        liked = max(
            (i for i in papers.items if i.key in scores and i.key not in starred),
            key=lambda i: sum(c.value for c in scores[i.key].contributions if c.kind == "like"),
        )
        await press_until(pilot, "j", lambda: papers.current == liked, "the paper most liked")
        await pilot.press("w")
        await ready(pilot)
        why = app.reader.radar.why
        assert why is not None and why.nearest, "no nearest starred paper"
        assert {key for key, _, _ in why.nearest} <= starred
        lines = abstract_text(app).splitlines()
        first = lines.index("Nearest starred papers (click to go there):") + 1
        assert lines[first].strip().startswith(why.nearest[0][1][:20])
        await pilot.click("#abstract-body", offset=(6, first))
        await ready(pilot)
        assert app.reader.view_id == "starred"
        assert papers.current is not None and papers.current.key == why.nearest[0][0]


async def test_the_radar_opens_on_its_best_paper() -> None:
    app = open_app(radar_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        await press_until(pilot, "j", lambda: papers.cursor == 3, "row 3 of All")
        await open_radar(pilot, app)
        assert papers.cursor == 0 and papers.scroll_y == 0
        best = max(app.reader.radar.scores.values(), key=lambda r: r.score)
        assert papers.items[0].key == best.key


async def test_a_tag_with_enough_papers_is_a_radar_of_its_own() -> None:
    app = open_app(radar_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert [i for i in entry_ids(app) if i and i.startswith("radar:")] == []
        for _ in range(5):  # MIN_POSITIVES papers tagged: the tag gets a model
            await pilot.press("t", *"mine", "enter")
            await ready(pilot)
            await pilot.press("j")
        assert len(app.stores.library.keys_with_tag("mine")) == 5
        await until(pilot, lambda: "radar:mine" in entry_ids(app), "a #mine radar entry")
        sources = app.query_one(SourceList)
        await pilot.press("h", "g")  # the sources pane does not wrap: from its top
        target = entry_ids(app).index("radar:mine")
        await press_until(pilot, "j", lambda: sources.highlighted == target, "the #mine radar")
        await pilot.press("enter")
        await ready(pilot)
        papers = app.query_one(PaperList)
        assert str(papers.border_title).startswith("#mine radar · ")
        scores = app.reader.radar.tags["mine"]
        assert [i.key for i in papers.items] == [
            k for k in scores if not app.stores.library.is_dismissed(k)
        ]
        ranked = [scores[i.key].score for i in papers.items]
        assert ranked and ranked == sorted(ranked, reverse=True)
        assert all(r.model in ("mine", None) for r in scores.values())
        assert not set(scores) & app.stores.library.keys_with_tag("mine")
