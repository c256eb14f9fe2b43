"""An empty paper list says what is empty and why, and what to press about it."""

from __future__ import annotations

from pathlib import Path

from tests.tui import abstract_text, demo_home, filled_home, open_app, ready
from tuireader.storage.home import open_stores
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

SIZE = (120, 36)
EXTRA = (
    '\n[[sources]]\nname = "Broken journal"\nkind = "feed"\n'
    'url = "http://127.0.0.1:9/feed"\n'
    '\n[[sources]]\nname = "New journal"\nkind = "feed"\nurl = "http://127.0.0.1:9/new"\n'
    '\n[[sources]]\nname = "Old journal"\nkind = "feed"\nurl = "http://127.0.0.1:9/old"\n'
    "enabled = false\n"
)


async def go_to(pilot, view_id: str) -> None:
    """Highlight ``view_id`` in the sources pane (focused first)."""
    sources = pilot.app.query_one(SourceList)
    if not sources.has_focus:
        await pilot.press("h")
    ids = [sources.get_option_at_index(i).id for i in range(sources.option_count)]
    sources.highlighted = ids.index(view_id)
    await ready(pilot)


async def test_an_empty_search_names_the_query() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"zzqx")
        await ready(pilot)
        assert app.query_one(PaperList).items == []
        assert abstract_text(app) == "No papers match “zzqx”. Escape clears the search."


async def test_empty_starred_and_the_unread_only_filter_say_why() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go_to(pilot, "starred")
        assert abstract_text(app) == "No starred papers yet: s stars the selected paper."
        await go_to(pilot, "src:arXiv cs.AI")
        await pilot.press("l", "A", "y", "u")
        await ready(pilot)
        assert abstract_text(app) == (
            "No unread papers in arXiv cs.AI: the unread-only "
            "filter hides 6 read papers (u shows them)."
        )


async def test_an_empty_source_says_whether_it_failed_was_never_fetched_or_is_off(
    tmp_path: Path,
) -> None:
    paths = filled_home(tmp_path, sources=EXTRA)
    stores = open_stores(paths)
    stores.cache.record_error("Broken journal", "HTTP 503 Service [Unavailable]")
    stores.close()
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go_to(pilot, "src:Broken journal")
        text = abstract_text(app)
        assert text.startswith("No papers from Broken journal: its last refresh failed (")
        assert text.endswith("): HTTP 503 Service [Unavailable]. r tries again.")
        await go_to(pilot, "src:New journal")
        assert abstract_text(app) == "New journal has not been fetched yet: r fetches it."
        await go_to(pilot, "src:Old journal")
        assert abstract_text(app) == (
            "Old journal is disabled in config.toml (enabled = false): it is never fetched."
        )
