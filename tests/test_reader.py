"""The reading workflow, key by key, with Pilot on the bundled demo papers."""

from __future__ import annotations

import json
from pathlib import Path

from tests.tui import (
    abstract_text,
    demo_home,
    filled_home,
    open_app,
    press_until,
    ready,
    record_notices,
    until,
)
from tuireader.storage.home import open_stores
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.screens.confirm import ConfirmScreen
from tuireader.ui.screens.help import HelpScreen
from tuireader.ui.widgets.abstract_view import AbstractView
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

SIZE = (120, 36)


def library_json(paths: AppPaths) -> dict:
    return json.loads(paths.library_file.read_text())


async def test_demo_fills_all_three_panes(isolated_home: AppPaths) -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        sources = app.query_one(SourceList)
        papers = app.query_one(PaperList)
        ids = [sources.get_option_at_index(i).id for i in range(sources.option_count)]
        assert ids[:7] == [
            "radar",
            "all",
            "day:today",
            "day:since",
            "day:week",
            "unread",
            "starred",
        ]
        assert ids[7:] == [
            "src:arXiv cs.AI",
            "src:arXiv cs.LG",
            "src:bioRxiv Bioinformatics",
            "src:Nature",
            "src:HF Daily Papers",
        ]
        assert len(papers.items) == 18
        assert papers.current is not None
        assert papers.current.title in abstract_text(app)
        assert papers.border_title == "All · 18 papers"
    # The demo never touches the user's own config or data.
    assert not isolated_home.config_file.exists()
    assert not isolated_home.data_dir.exists()


async def test_j_k_arrows_page_and_ends_move_the_cursor() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        assert papers.has_focus
        await pilot.press("j", "j")
        assert papers.cursor == 2
        assert papers.items[2].title in abstract_text(app)
        await pilot.press("k", "down", "down", "up")
        assert papers.cursor == 2
        await pilot.press("G")
        assert papers.cursor == 17
        await pilot.press("g")
        assert papers.cursor == 0
        await pilot.press("pagedown")
        assert papers.cursor > 5


async def test_panes_cycle_with_tab_and_h_l_and_sources_filter() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers, sources = app.query_one(PaperList), app.query_one(SourceList)
        await pilot.press("tab")
        assert app.query_one(AbstractView).has_focus
        await pilot.press("tab")
        assert sources.has_focus
        await pilot.press("shift+tab")
        assert app.query_one(AbstractView).has_focus
        await pilot.press("l")
        assert sources.has_focus
        await pilot.press("h")
        assert app.query_one(AbstractView).has_focus
        await pilot.press("l", "j", "j", "j", "j", "j", "j")  # date views, Unread, Starred -> cs.AI
        assert sources.highlighted_option.id == "src:arXiv cs.AI"
        assert len(papers.items) == 6
        assert all("arXiv cs.AI" in i.sources for i in papers.items)
        assert papers.border_title == "arXiv cs.AI · 6 papers"
        await pilot.press("enter")
        assert papers.has_focus
        await pilot.press("enter")
        assert app.query_one(AbstractView).has_focus


async def test_star_is_saved_at_once_and_survives_a_restart() -> None:
    paths = demo_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        await pilot.press("j", "s")
        starred_key = papers.current.key
        await ready(pilot)
        # Saved when it happened, not at exit.
        assert starred_key in library_json(paths)["stars"]
        assert "★" in abstract_text(app)
        sources = app.query_one(SourceList)
        assert "1" in str(sources.get_option("starred").prompt)
    again = open_app(paths)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("h", "j", "j", "j", "j", "j")  # -> Starred (after the date views)
        papers = again.query_one(PaperList)
        assert [i.key for i in papers.items] == [starred_key]
        await pilot.press("enter", "s")  # unstar
        await ready(pilot)
    assert library_json(paths)["stars"] == {}


async def test_m_toggles_read_and_a_chosen_paper_is_marked_after_the_delay() -> None:
    paths = demo_home(ui="mark_read_delay = 0")
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        assert app.stores.library.read_keys() == set()  # shown at start-up, not chosen
        await pilot.press("j")
        second = papers.current.key
        assert app.stores.library.is_read(second)  # chosen, delay 0: read at once
        await pilot.press("m")
        assert not app.stores.library.is_read(second)
        await pilot.press("m")
        assert app.stores.library.is_read(second)
        await ready(pilot)
    assert second in library_json(paths)["read"]


async def test_mark_read_delay_off_never_marks() -> None:
    app = open_app(demo_home(ui="mark_read_delay = -1"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "j")
        assert app.stores.library.read_keys() == set()


async def test_unread_only_and_mark_all_read_with_confirmation() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        await pilot.press("m")  # read one
        await pilot.press("u")
        assert len(papers.items) == 17
        assert "unread only" in papers.border_title
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert len(app.stores.library.read_keys()) == 1
        await pilot.press("A", "y")
        await ready(pilot)
        assert len(app.stores.library.read_keys()) == 18
        await pilot.press("A")  # nothing left: no question asked
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("u")
        assert len(papers.items) == 18


async def test_search_as_you_type_enter_and_escape() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        await pilot.press("slash")
        await pilot.press(*"axolo")
        await ready(pilot)
        assert [i.key for i in papers.items] == ["doi:10.1101/2026.11.18.617234"]
        assert papers.border_title.startswith("Search “axolo”")
        assert "axolotl" in abstract_text(app)
        await pilot.press("enter")
        assert papers.has_focus
        await pilot.press(
            "slash", "backspace", "backspace", "backspace", "backspace", "backspace", *"Okonkwo"
        )
        await ready(pilot)
        assert [i.key for i in papers.items] == ["arxiv:2611.14102"]  # authors are searched
        await pilot.press("escape")
        await ready(pilot)
        assert len(papers.items) == 18
        assert not app.query_one("#search").display


async def test_reader_indexes_what_a_fetch_stored_before_anyone_searches(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)  # stored the way `hubread fetch` stores: not indexed
    stores = open_stores(paths)
    assert stores.cache.pending_index_count() == 18
    stores.close()
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.stores.cache.pending_index_count() == 0
        await pilot.press("slash", *"axolo")
        await ready(pilot)
        assert [i.key for i in app.query_one(PaperList).items] == ["doi:10.1101/2026.11.18.617234"]


async def test_tags_with_completion_and_tag_views() -> None:
    paths = demo_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        first = papers.current.key
        await pilot.press("t", *"to-read, llm", "enter")
        await ready(pilot)
        assert app.stores.library.tags(first) == ("llm", "to-read")
        assert "tags: llm, to-read" in abstract_text(app)
        sources = app.query_one(SourceList)
        assert sources.get_option("tag:to-read") is not None
        await pilot.press("j", "t", *"to", "right", "enter")  # completes "to" -> "to-read"
        await ready(pilot)
        assert app.stores.library.tags(papers.current.key) == ("to-read",)
        await pilot.press("t", "escape")  # cancel changes nothing
        assert app.stores.library.tags(papers.current.key) == ("to-read",)
    assert library_json(paths)["tags"][first] == ["llm", "to-read"]


async def test_notes_are_saved_and_shown() -> None:
    paths = demo_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        key = app.query_one(PaperList).current.key
        await pilot.press("n", *"Read section 4", "ctrl+s")
        await ready(pilot)
        assert "note: Read section 4" in abstract_text(app)
    assert library_json(paths)["notes"][key] == "Read section 4"


async def test_open_links_and_copy_bibtex() -> None:
    opened: list[str] = []
    app = open_app(demo_home(), opened=opened)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        paper = app.query_one(PaperList).current
        await pilot.press("o", "p")
        await ready(pilot)
        arxiv_id = paper.key.removeprefix("arxiv:")
        assert opened == [f"https://arxiv.org/abs/{arxiv_id}", f"https://arxiv.org/pdf/{arxiv_id}"]
        await pilot.press("y")
        assert app.clipboard.startswith("@misc{")
        assert f"eprint = {{{arxiv_id}}}" in app.clipboard


async def test_refresh_keys_in_the_demo_use_bundled_feeds() -> None:
    app = open_app(demo_home())
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("R")
        await ready(pilot)
        assert not app.refreshing
        await pilot.press("h", "j", "j", "j", "j", "j", "j", "r")  # arXiv cs.AI only
        await ready(pilot)
        assert app.sub_title == "demo: bundled sample feeds"
        assert not [n for n in notices if "failed" in n]


async def test_help_palette_and_remapped_keys(tmp_path: Path) -> None:
    app = open_app(demo_home(extra='\n[keys]\nstar = "f"\n'))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict((d, k) for k, d in app.help_rows())
        assert rows["Star"] == "f" and rows["Search"] == "/"
        await pilot.press("escape")
        key = app.query_one(PaperList).current.key
        await pilot.press("f")
        assert app.stores.library.is_starred(key)
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert {"Star", "Tags", "Search", "Copy BibTeX", "Refresh", "Theme"} <= set(commands)
        # Keys as the user types them, remapped ones included.
        assert commands["Help"] == "key: ?" and commands["Search"] == "key: /"
        assert commands["Star"] == "key: f"


async def test_one_paper_is_one_paper_in_every_message() -> None:
    app = open_app(demo_home())
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"axolo")
        await ready(pilot)
        await pilot.press("enter", "A")
        assert app.screen.question == "Mark 1 unread paper in this view as read?"
        await pilot.press("y")
        await ready(pilot)
        assert "Marked 1 paper read." in notices
        await pilot.press("escape", "s", "h", *"jjjjj")  # star it, then the Starred view
        await ready(pilot)
        assert app.query_one(PaperList).border_title == "Starred · 1 paper"


async def test_theme_choice_is_saved_to_config(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.theme = "hubread-light"
        await ready(pilot)
    text = paths.config_file.read_text()
    assert 'theme = "hubread-light"' in text
    assert "# hubread demo configuration" in text  # comments kept
    assert open_stores(paths).config.ui.theme == "hubread-light"


async def test_starred_paper_stays_visible_after_a_cache_purge(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s")
        key = app.query_one(PaperList).current.key
        await ready(pilot)
    stores = open_stores(paths)
    stores.cache.purge(0)
    assert stores.cache.count() == 0
    stores.close()
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("h", "j", "j", "j", "j", "j")  # Starred
        papers = app.query_one(PaperList)
        assert [i.key for i in papers.items] == [key]
        assert papers.current.title in abstract_text(app)


async def test_a_star_is_on_disk_before_it_is_shown() -> None:
    paths = demo_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        key = app.query_one(PaperList).current.key
        await pilot.press("s")
        # the moment the star appears on screen ...
        await until(pilot, lambda: "★" in abstract_text(app), "the star is shown")
        assert key in library_json(paths)["stars"]  # ... it is already saved


async def test_e_exports_the_current_view_and_says_where(tmp_path: Path, monkeypatch) -> None:
    from pybtex.database import parse_string

    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path))
    app = open_app(filled_home(tmp_path, ui='mark_read_delay = -1\nexport_dir = ""'), demo=False)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("h", *"jjjjjjj")  # arXiv cs.LG: 6 papers
        await pilot.press("l", "e")
        await pilot.pause()
        await pilot.press("enter")  # the first format: BibTeX
        await ready(pilot)
    (written,) = tmp_path.glob("hubread-arxiv-cs.lg-*.bib")
    assert len(parse_string(written.read_text(), "bibtex").entries) == 6
    assert any(f"Exported 6 papers to {written}" in n for n in notices)


async def test_demo_exports_stay_in_the_demo_folder(tmp_path: Path, monkeypatch) -> None:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(downloads))
    paths = demo_home()
    app = open_app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await ready(pilot)
    (written,) = (paths.config_file.parent / "exports").glob("hubread-all-*.bib")
    assert list(downloads.iterdir()) == []
    assert any(str(written) in n and "removed when the demo ends" in n for n in notices)


async def test_e_exports_to_the_configured_folder_or_says_why_it_cannot(tmp_path: Path) -> None:
    target = tmp_path / "exports" / "new"
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    for folder, works in ((target, True), (blocked / "sub", False)):
        app = open_app(demo_home(ui=f'mark_read_delay = -1\nexport_dir = "{folder}"'))
        notices = record_notices(app)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("e")
            await pilot.pause()
            await pilot.press("down", "enter")  # RIS
            await ready(pilot)
        if works:
            (written,) = target.glob("hubread-all-*.ris")
            assert any(f"Exported 18 papers to {written}" in n for n in notices)
        else:
            # Through the one reporter: the worker's description, the error, the path.
            assert any(
                n.startswith("Exporting papers failed: NotADirectoryError: ") and str(blocked) in n
                for n in notices
            )


async def test_source_tags_are_folders_in_the_sources_pane() -> None:
    extra = (
        '\n[[sources]]\nname = "arXiv robotics"\nkind = "arxiv"\ncategories = ["cs.RO"]\n'
        'tags = ["ml"]\nenabled = false\n'
    )
    paths = demo_home(extra=extra)
    text = paths.config_file.read_text()
    text = text.replace('name = "arXiv cs.LG"\n', 'name = "arXiv cs.LG"\ntags = ["ml"]\n')
    text = text.replace('name = "arXiv cs.AI"\n', 'name = "arXiv cs.AI"\ntags = ["ml"]\n')
    paths.config_file.write_text(text)
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        sources = app.query_one(SourceList)
        assert "▸ ml" in str(sources.get_option("folder:ml").prompt)
        await pilot.press("h")
        await press_until(
            pilot,
            "j",
            lambda: sources.highlighted_option.id == "folder:ml",
            "the ml folder is highlighted",
        )
        papers = app.query_one(PaperList)
        assert len(papers.items) == 11  # cs.AI (6) and cs.LG (6) share one paper
        assert papers.border_title.startswith("ml · 11 papers")


def _burst(app, text: str) -> None:
    """Queue keys the way a terminal delivers fast typing: all at once, no waiting between."""
    from textual import events

    names = {"/": "slash", " ": "space", "-": "minus", ",": "comma", "\r": "enter"}
    for char in text:
        app.post_message(events.Key(names.get(char, char), char))


async def test_fast_typing_after_slash_t_and_n_lands_in_the_field() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        _burst(app, "/morph")  # m, o, r, p, h are also reader keys: none may fire
        await ready(pilot)
        assert app.query_one("#search").value == "morph"
        assert [i.key for i in app.query_one(PaperList).items] == ["arxiv:2611.14345"]
        assert app.stores.library.read_keys() == set()  # "m" did not toggle read
        await pilot.press("enter")  # back to the list
        _burst(app, "treading-group, quick")  # "q" must not quit, "r" must not refresh
        await pilot.pause()
        await pilot.press("enter")
        await ready(pilot)
        assert app.is_running and not app.refreshing
        assert app.stores.library.tags(app.query_one(PaperList).current.key) == (
            "quick",
            "reading-group",
        )
        _burst(app, "nread")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.stores.library.note(app.query_one(PaperList).current.key) == "read"


async def test_a_theme_switch_repaints_every_visible_row() -> None:
    app = open_app(demo_home())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        rows = range(papers.scrollable_content_region.height)
        old_background = papers.visual_style.rich_style.bgcolor
        for y in rows:
            papers.render_line(y)  # every row drawn (and cached) in the old theme
        app.theme = "hubread-light"
        await ready(pilot)
        background = papers.visual_style.rich_style.bgcolor
        assert background != old_background
        for y in rows:
            if y != papers.cursor:
                assert {s.style.bgcolor for s in papers.render_line(y)} == {background}, y
