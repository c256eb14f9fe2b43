"""The reader's query views: Today (each source's latest listing), Since last visit, This
week, saved searches; the announce-type filter over any view; Save this search; and the
search within the current view."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.tui import abstract_text, demo_home, filled_home, open_app, ready, record_notices
from tuireader.model import Paper
from tuireader.storage.home import open_stores
from tuireader.storage.list_rows import ListItem
from tuireader.ui.app import HubreadApp
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.search_bar import SearchBar
from tuireader.ui.widgets.source_list import SourceList

SIZE = (120, 36)
OCEAN = '\n[[searches]]\nname = "Ocean"\nquery = "ocean"\n'


async def go_to(pilot: Pilot[Any], view_id: str) -> None:
    """Highlight ``view_id`` in the sources pane, then focus the papers."""
    sources = pilot.app.query_one(SourceList)
    if not sources.has_focus:
        await pilot.press("h")
    sources.highlighted = _ids(pilot.app).index(view_id)
    await ready(pilot)
    await pilot.press("l")


def _ids(app: HubreadApp) -> list[str | None]:
    sources = app.query_one(SourceList)
    return [sources.get_option_at_index(i).id for i in range(sources.option_count)]


def entry_text(app: HubreadApp, view_id: str) -> str:
    """The sources-pane row of ``view_id`` as shown, spaces collapsed."""
    option = app.query_one(SourceList).get_option(view_id)
    return " ".join(str(option.prompt).split())


def listed(app: HubreadApp) -> list[str]:
    return [i.key for i in app.query_one(PaperList).items]


def title(app: HubreadApp) -> str:
    return str(app.query_one(PaperList).border_title)


def _latest_days(items: list[ListItem], days: int) -> set[str]:
    """The papers within ``days`` days of a source's newest day, computed the slow way."""
    newest: dict[str, date] = {}
    for item in items:
        for source in item.sources:
            day = date.fromisoformat(item.date[:10])
            newest[source] = max(newest.get(source, day), day)
    return {
        i.key
        for i in items
        if any(
            date.fromisoformat(i.date[:10]) > newest[s] - timedelta(days=days) for s in i.sources
        )
    }


async def test_today_and_this_week_are_each_sources_latest_listings() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        everything = app.stores.cache.list_items()
        newest_arxiv = max(i.date for i in everything if "arXiv cs.AI" in i.sources)
        # The demo's arXiv listing is older than today: Today still shows it.
        assert date.fromisoformat(newest_arxiv[:10]) < datetime.now(UTC).date()
        today = _latest_days(everything, 1)
        week = _latest_days(everything, 7)
        assert any(k.startswith("arxiv:") for k in today)
        assert today < week  # the demo spans several days

        ids = _ids(app)
        assert ids.index("all") + 1 == ids.index("day:today")
        assert ids[ids.index("day:today") : ids.index("day:week") + 1] == [
            "day:today",
            "day:since",
            "day:week",
        ]
        await go_to(pilot, "day:today")
        assert set(listed(app)) == today
        assert title(app) == f"Today · {len(today)} papers"
        assert entry_text(app, "day:today") == f"Today {len(today)}/{len(today)}"
        await pilot.press("m")  # read one: the counts follow
        await ready(pilot)
        assert entry_text(app, "day:today") == f"Today {len(today) - 1}/{len(today)}"

        await go_to(pilot, "day:week")
        assert set(listed(app)) == week
        dates = [i.date for i in app.query_one(PaperList).items]
        assert dates == sorted(dates, reverse=True)  # newest first, as every view

        await go_to(pilot, "day:since")  # the demo's first visit
        assert listed(app) == []
        assert entry_text(app, "day:since") == "Since last visit 0"
        assert abstract_text(app).startswith("No earlier visit is recorded")


async def test_since_last_visit_shows_what_arrived_after_the_last_session_ended(
    tmp_path: Path,
) -> None:
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
    record = json.loads(paths.data_dir.joinpath("visits.json").read_text())
    ended = datetime.fromisoformat(record["ended"])
    # A cron fetch after the reader exited brings one new paper.
    stores = open_stores(paths)
    stores.cache.store_papers(
        "Nature",
        [Paper(key="doi:10.1/new", title="A paper that came later", sources=("Nature",))],
        now=ended + timedelta(minutes=5),
    )
    stores.close()
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert entry_text(app, "day:since") == "Since last visit 1/1"
        await go_to(pilot, "day:since")
        assert listed(app) == ["doi:10.1/new"]


async def test_the_announce_filter_narrows_any_view_and_says_so() -> None:
    app = open_app(demo_home())
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go_to(pilot, "day:today")
        shown = app.query_one(PaperList).items
        types = {k: i.announce_type for i in shown for k in [i.key]}
        for wanted, accepted in [
            ("new", {"new"}),
            ("cross", {"cross"}),
            ("replace", {"replace", "replace-cross"}),
        ]:
            await pilot.press("f")
            expected = {k for k, t in types.items() if t in accepted}
            assert set(listed(app)) == expected, wanted
            label = {"new": "new", "cross": "cross-lists", "replace": "replacements"}[wanted]
            assert title(app).endswith(f" · {label} only")
        await pilot.press("f")
        assert set(listed(app)) == set(types)  # back to all
        assert "only" not in title(app)
        assert "Showing every announce type." in notices

        # A source without announce types (a journal): the filter hides it all, and says so.
        await go_to(pilot, "src:Nature")
        await pilot.press("f")
        assert listed(app) == []
        assert abstract_text(app) == (
            "No arXiv new in Nature: the announce-type filter hides 3 papers without one "
            "(only arXiv listings have one). f shows the next type, then all again."
        )
        await go_to(pilot, "src:arXiv cs.AI")
        await pilot.press("f")  # cross-lists: cs.AI has none
        assert listed(app) == []
        assert abstract_text(app) == (
            "No arXiv cross-lists in arXiv cs.AI: the announce-type filter hides 6 papers "
            "of other types. f shows the next type, then all again."
        )
        await go_to(pilot, "src:HF Daily Papers")  # two arXiv papers, one of HF's own
        assert listed(app) == [] and abstract_text(app) == (
            "No arXiv cross-lists in HF Daily Papers: the announce-type filter hides 2 papers "
            "of other types and 1 paper without one (only arXiv listings have one). f shows "
            "the next type, then all again."
        )
        await pilot.press("f", "f")  # replacements, then all again
        # The palette has a command per type.
        await pilot.press("ctrl+p")
        await pilot.press(*"Show arXiv cross")
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen.query_views.announce == "cross"  # type: ignore[attr-defined]
        await go_to(pilot, "src:arXiv cs.LG")
        assert listed(app) and all(
            i.announce_type == "cross" for i in app.query_one(PaperList).items
        )


async def test_a_saved_search_is_a_source_with_counts(tmp_path: Path) -> None:
    paths = filled_home(tmp_path, sources=OCEAN)
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        ids = _ids(app)
        assert ids[-2:] == ["heading:searches", "search:Ocean"]
        heading = app.query_one(SourceList).get_option("heading:searches")
        assert heading.disabled and str(heading.prompt) == "Saved searches"
        matches = app.stores.cache.search_ids("ocean")
        assert entry_text(app, "search:Ocean") == f"Ocean {len(matches)}/{len(matches)}"
        await go_to(pilot, "src:HF Daily Papers")
        await pilot.press("h", "j")  # the heading is passed over
        await ready(pilot)
        assert app.query_one(SourceList).highlighted_option.id == "search:Ocean"
        await pilot.press("l")
        assert {i.id for i in app.query_one(PaperList).items} == matches
        assert len(matches) == 1 and title(app) == "Ocean · 1 paper"


async def test_save_this_search_asks_for_a_name_and_adds_the_source(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"Save this search")
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        assert "Search first (/), then save the search." in notices
        await pilot.press("slash", *"diffusion")
        await ready(pilot)
        await pilot.press("enter", "ctrl+p", *"Save this search")
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        await pilot.press(*"Nature", "enter")  # taken: the dialog says so and stays
        hint = str(app.screen.query_one("#search-name-hint").render())
        assert hint == "“Nature” is taken by a source or a saved search."
        await pilot.press(*(["backspace"] * 6), *"Diffusion", "enter")
        await ready(pilot)
        text = paths.config_file.read_text()
        assert '[[searches]]\nname = "Diffusion"\nquery = "diffusion"' in text
        assert "# hubread demo configuration" in text  # comments kept
        assert "search:Diffusion" in _ids(app)
        assert entry_text(app, "search:Diffusion").startswith("Diffusion ")
        assert any(n.startswith("Saved the search as “Diffusion”") for n in notices)


async def test_search_within_the_current_view_toggles_with_ctrl_t() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go_to(pilot, "src:arXiv cs.AI")
        in_view = {i.key for i in app.query_one(PaperList).items}
        await pilot.press("slash", *"model")
        await ready(pilot)
        bar = app.query_one(SearchBar)
        assert str(bar.border_title) == "search: all · ^t: this view"
        everywhere = set(listed(app))
        assert everywhere - in_view  # the whole cache has matches from other sources
        await pilot.press("ctrl+t")
        await ready(pilot)
        assert set(listed(app)) == everywhere & in_view
        assert str(bar.border_title) == "search: this view (arXiv cs.AI) · ^t: all"
        assert title(app).endswith(" · in arXiv cs.AI")
        await pilot.press("ctrl+t")
        await ready(pilot)
        assert set(listed(app)) == everywhere


async def test_the_new_keys_are_in_help_and_can_be_remapped() -> None:
    app = open_app(demo_home(extra='\n[keys]\nannounce_filter = "F"\n'))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        rows = dict((d, k) for k, d in app.help_rows())
        assert rows["Announce type: all/new/cross/replace"] == "F"
        assert rows["Search all / this view"] == "^t"
        await pilot.press("F")
        assert app.screen.query_views.announce == "new"  # type: ignore[attr-defined]
