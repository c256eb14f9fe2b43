"""At start-up the cursor is where entering the All view puts it: on its first unread
paper, not on the top row; the whole cache replacing the first page does not move it."""

from __future__ import annotations

from pathlib import Path

from tests.tui import filled_home, open_app, ready
from tuireader.storage.home import open_stores
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.widgets.paper_list import PaperList

SIZE = (120, 36)


def read_newest(paths: AppPaths, count: int) -> list[str]:
    """Mark the ``count`` newest papers read, as an earlier session would have; all keys
    newest first."""
    stores = open_stores(paths)
    keys = [item.key for item in stores.cache.list_items()]
    stores.library.mark_read(keys[:count])
    assert stores.library.flush()
    stores.close()
    return keys


def current_key(papers: PaperList) -> str:
    assert papers.current is not None
    return papers.current.key


async def test_start_up_puts_the_cursor_on_the_first_unread_paper(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    keys = read_newest(paths, 3)
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        assert [i.key for i in papers.items][:4] == keys[:4]  # All, newest first
        assert current_key(papers) == keys[3]
        assert not app.stores.library.is_read(current_key(papers))


async def test_loading_the_cache_again_keeps_the_cursor_where_the_reader_moved_it(
    tmp_path: Path,
) -> None:
    paths = filled_home(tmp_path)
    keys = read_newest(paths, 2)
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        assert current_key(papers) == keys[2]
        await pilot.press("k")  # back onto a read paper: the reader's choice
        assert current_key(papers) == keys[1]
        app.load_items(first=True)  # the start-up load: first page, then the whole cache
        await ready(pilot)
        assert current_key(papers) == keys[1]


async def test_everything_read_starts_on_the_top_row(tmp_path: Path) -> None:
    paths = filled_home(tmp_path)
    keys = read_newest(paths, 10_000)
    app = open_app(paths, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert current_key(app.query_one(PaperList)) == keys[0]
