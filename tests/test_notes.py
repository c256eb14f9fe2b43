"""Notes: what was typed or pasted is what is saved, and two windows never lose one's note."""

from __future__ import annotations

from textual import events

from tests.tui import demo_home, open_app, ready
from tuireader.storage.library import LibraryStore
from tuireader.ui.screens.note import NoteEditor
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)
TYPED = "check the appendix and table 3 before the group meeting"


def burst(app, *events_: events.Event) -> None:
    """Queue input the way a terminal delivers it: all at once, no waiting in between."""
    for event in events_:
        app.post_message(event)


def keys(text: str) -> list[events.Key]:
    names = {" ": "space", ",": "comma", "-": "minus"}
    return [events.Key(names.get(c, c), c) for c in text]


async def test_fast_typing_then_ctrl_s_saves_every_key() -> None:
    paths = demo_home()
    app = open_app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        key = app.query_one(PaperList).current.key
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        burst(app, *keys(TYPED), events.Key("ctrl+s", None))
        await pilot.pause()
        await ready(pilot)
        assert app.screen is app.reader
        assert app.stores.library.note(key) == TYPED
    assert LibraryStore(paths.library_file).note(key) == TYPED


async def test_paste_then_ctrl_s_saves_the_whole_paste() -> None:
    paths = demo_home()
    app = open_app(paths)
    pasted = "Line one of a long pasted note.\nLine two, with more.\n" * 20
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        key = app.query_one(PaperList).current.key
        # "n", the paste and Ctrl+S arrive together, before the editor has even opened.
        burst(app, events.Key("n", "n"), events.Paste(pasted), events.Key("ctrl+s", None))
        await pilot.pause()
        await ready(pilot)
        assert app.screen is app.reader
    assert LibraryStore(paths.library_file).note(key) == pasted.strip()


def test_two_windows_editing_one_note_keep_both(tmp_path) -> None:
    path = tmp_path / "library.json"
    setup = LibraryStore(path)
    setup.set_note("k", "first thoughts")
    assert setup.flush()
    first, second = LibraryStore(path), LibraryStore(path)  # two readers, both open
    base_first, base_second = first.note("k"), second.note("k")  # both editors open
    first.set_note("k", "first thoughts, and the proof in section 3", base=base_first)
    assert first.flush()
    # The second window has not synced yet: its editor still started from the old note.
    second.set_note("k", "first thoughts; compare with Lee 2024", base=base_second)
    assert second.flush()
    note = LibraryStore(path).note("k")
    assert "and the proof in section 3" in note and "compare with Lee 2024" in note
    assert second.note("k") == note  # the window that merged shows the merge
    assert first.reload_if_changed() and first.note("k") == note


def test_an_edit_from_the_current_note_simply_replaces_it(tmp_path) -> None:
    path = tmp_path / "library.json"
    first, second = LibraryStore(path), LibraryStore(path)
    first.set_note("k", "one", base="")
    assert first.flush()
    assert second.reload_if_changed()
    second.set_note("k", "one, two", base=second.note("k"))
    second.set_note("j", "other paper", base="")
    assert second.flush()
    first.set_note("k", "", base="one")  # deleting a note someone else has changed since
    assert first.flush()
    merged = LibraryStore(path)
    assert merged.note("k") == "one, two" and merged.note("j") == "other paper"
    second.set_note("k", "", base="one, two")
    assert second.flush() and LibraryStore(path).note("k") == ""
