"""``P``: a paper's PDF saved from the real loopback server, with every way it can go wrong."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.fixtures.server import FeedServer, Route
from tests.tui import demo_home, filled_home, open_app, ready, record_notices, until
from tuireader.fetch.pdf_download import TEMP_PREFIX
from tuireader.model import Paper
from tuireader.storage.home import open_stores
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.app import HubreadApp
from tuireader.ui.screens.confirm import ConfirmScreen

SIZE = (120, 36)
PDF = b"%PDF-1.7\n" + b"0123456789abcdef" * 4096 + b"\n%%EOF\n"  # 64 KB and a bit
NAME = "Lovelace2026-Notes-on-the-Analytical-Engine.pdf"
KEY = "arxiv:2601.00001"
PAPER = Paper(
    key=KEY,
    title="Notes on the Analytical Engine",
    authors=("Ada Lovelace", "Charles Babbage"),
    arxiv_id="2601.00001",
    version=2,
    published=datetime(2026, 1, 5, tzinfo=UTC),
    abs_url="https://arxiv.org/abs/2601.00001v2",
)


def _home(tmp_path: Path, paper: Paper, ui: str = "") -> tuple[AppPaths, Path]:
    """A non-demo home with ``paper`` among the demo papers, and its PDF folder."""
    folder = tmp_path / "pdfs"
    paths = filled_home(tmp_path, ui=f'mark_read_delay = -1\npdf_dir = "{folder}"\n{ui}')
    stores = open_stores(paths)
    stores.cache.store_papers("arXiv cs.AI", [paper])
    stores.close()
    return paths, folder


def _app(paths: AppPaths, opened: list[Path] | None = None, *, demo: bool = False) -> HubreadApp:
    return open_app(paths, demo=demo, opened_files=opened)


async def _press_p(pilot: Pilot[Any], key: str = KEY) -> None:
    await ready(pilot)
    pilot.app.reader.jump_to_paper(key)
    await pilot.press("P")
    await ready(pilot)


def _relink(app: HubreadApp, url: str) -> None:
    """The paper's PDF link is now ``url`` (a source updated it)."""
    paper = app.stores.cache.paper(KEY)
    assert paper is not None
    app.stores.cache.store_papers("arXiv cs.AI", [dataclasses.replace(paper, pdf_url=url)])
    assert app.stores.cache.paper(KEY).pdf_url == url


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


async def test_saves_the_pdf_shows_progress_and_then_opens_it(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/pdf/2601.00001"] = Route(body=PDF, content_type="application/pdf")
    url = feed_server.url("/pdf/2601.00001")
    paths, folder = _home(tmp_path, dataclasses.replace(PAPER, pdf_url=url))
    opened: list[Path] = []
    app = _app(paths, opened)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        before = app.sub_title
        lines: list[str] = []

        def seen(line: str) -> None:
            lines.append(line)

        app.watch(app, "sub_title", seen, init=False)
        await _press_p(pilot)
        assert _files(folder) == [NAME]  # the folder made, and nothing else left in it
        assert (folder / NAME).read_bytes() == PDF
        umask = os.umask(0o022)
        os.umask(umask)
        assert (folder / NAME).stat().st_mode & 0o777 == 0o666 & ~umask  # as any download
        total = f"{len(PDF) / 1e6:.1f} MB"
        assert lines[0] == "PDF: connecting…"
        assert f"PDF 0.0/{total}" in lines and f"PDF {total[:-3]}/{total}" in lines
        assert app.sub_title == before  # the progress line is gone
        assert f"Saved {folder / NAME} ({total}). P: open" in notices
        request = feed_server.requests_for("/pdf/2601.00001")[0]
        assert request.headers["User-Agent"].startswith("hubread/")
        await pilot.press("P")  # saved: P opens it now, and downloads nothing again
        await ready(pilot)
        assert opened == [folder / NAME]
        assert len(feed_server.requests_for("/pdf/2601.00001")) == 1
        assert f"Opened {folder / NAME}" in notices


async def test_an_http_error_is_said_and_logged_and_leaves_no_file(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    paths, folder = _home(tmp_path, dataclasses.replace(PAPER, pdf_url=feed_server.url("/gone")))
    app = _app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _press_p(pilot)
        assert f"Saving {NAME} failed: HTTP 404 Not Found" in notices
        assert _files(folder) == []
    log = (paths.data_dir / "hubread.log").read_text()
    assert f"save_pdf: Saving {NAME} failed: HTTP 404 Not Found" in log


async def test_a_web_page_or_a_file_that_is_no_pdf_is_refused(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/login"] = Route(body=b"<html>Sign in</html>", content_type="text/html")
    feed_server.routes["/fake.pdf"] = Route(
        body=b"MZ\x90\x00 an executable, not a PDF", content_type="application/pdf"
    )
    paths, folder = _home(tmp_path, dataclasses.replace(PAPER, pdf_url=feed_server.url("/login")))
    app = _app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _press_p(pilot)
        assert (
            f"Saving {NAME} failed: the server sent text/html, not a PDF (the link may lead "
            "to a web page, or the paper may need a login)" in notices
        )
        _relink(app, feed_server.url("/fake.pdf"))
        await _press_p(pilot)
        assert (
            f"Saving {NAME} failed: what the server sent is not a PDF (it does not start "
            "with %PDF-)" in notices
        )
        assert _files(folder) == []


async def test_a_pdf_over_the_limit_is_refused_declared_or_compressed(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    big = b"%PDF-1.4\n" + b"\0" * 300_000
    feed_server.routes["/big.pdf"] = Route(body=big, content_type="application/pdf")
    # Gzipped, it declares about 300 bytes; it is 300 KB once decompressed.
    feed_server.routes["/zip.pdf"] = Route(body=big, gzip=True, content_type="application/pdf")
    paper = dataclasses.replace(PAPER, pdf_url=feed_server.url("/big.pdf"))
    paths, folder = _home(tmp_path, paper, ui="pdf_max_mb = 0.1")
    app = _app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _press_p(pilot)
        assert (
            f"Saving {NAME} failed: the PDF is too large (0.3 MB; [ui].pdf_max_mb is 0.1 MB)"
            in notices
        )
        _relink(app, feed_server.url("/zip.pdf"))
        await _press_p(pilot)
        assert f"Saving {NAME} failed: the PDF is larger than [ui].pdf_max_mb (0.1 MB)" in notices
        assert _files(folder) == []


async def test_a_hostile_title_and_author_make_a_plain_name_in_the_folder(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/p.pdf"] = Route(body=PDF, content_type="application/pdf")
    paper = dataclasses.replace(
        PAPER,
        title="../../../.bashrc\x1b]52;c;ZXZpbA==\x07 Ünïcödé/\\:*?<>| $\\alpha$-Stable "
        + "x" * 300,
        authors=("../Ed\u202e Évil/..",),
        pdf_url=feed_server.url("/p.pdf"),
    )
    paths, folder = _home(tmp_path, paper)
    app = _app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _press_p(pilot)
        assert _files(folder) == ["Evil2026-bashrc-Unicode-alpha-Stable.pdf"]
        assert list(tmp_path.rglob("*.pdf")) == [
            folder / "Evil2026-bashrc-Unicode-alpha-Stable.pdf"
        ]
        assert any(n.startswith(f"Saved {folder}/Evil2026-") for n in notices)


async def test_an_existing_file_gets_a_number_and_the_same_file_is_not_saved_twice(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/p.pdf"] = Route(body=PDF, content_type="application/pdf")
    paths, folder = _home(tmp_path, dataclasses.replace(PAPER, pdf_url=feed_server.url("/p.pdf")))
    folder.mkdir()
    (folder / NAME).write_bytes(b"%PDF-1.4 another paper of the same name")
    opened: list[Path] = []
    app = _app(paths, opened)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _press_p(pilot)
        numbered = NAME.replace(".pdf", "-2.pdf")
        assert _files(folder) == sorted([NAME, numbered])
        assert (folder / NAME).read_bytes() == b"%PDF-1.4 another paper of the same name"
        assert (folder / numbered).read_bytes() == PDF
        assert any(n.startswith(f"Saved {folder / numbered}") for n in notices)
    # Another session: the paper's PDF is there already, byte for byte.
    app = _app(paths, opened)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _press_p(pilot)
        assert _files(folder) == sorted([NAME, numbered])
        assert f"Already saved: {folder / numbered} (the same file). P: open" in notices
        await pilot.press("P")
        await ready(pilot)
        assert opened == [folder / numbered]


async def test_p_during_a_download_offers_to_stop_it_and_nothing_is_kept(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # A PDF that trickles in, a byte at a time: still arriving when the test stops it.
    feed_server.routes["/slow.pdf"] = Route(
        body=PDF[:4000], trickle=0.02, content_type="application/pdf"
    )
    paths, folder = _home(
        tmp_path, dataclasses.replace(PAPER, pdf_url=feed_server.url("/slow.pdf"))
    )
    app = _app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.reader.jump_to_paper(KEY)
        await pilot.press("P")
        await until(
            pilot,
            lambda: (
                any(p.name.startswith(TEMP_PREFIX) for p in folder.glob("*"))
                and app.sub_title.startswith("PDF 0.0/")
            ),
            "the download under way",
        )
        await pilot.press("P")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == f"{NAME} is still downloading. Stop it (nothing is kept)?"
        await pilot.press("y")
        await ready(pilot)
        assert f"Stopped: {NAME} was not saved." in notices
        assert _files(folder) == []
        assert not app.sub_title.startswith("PDF")


async def test_no_link_an_unsafe_link_and_the_demo_download_nothing(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    paths, folder = _home(tmp_path, dataclasses.replace(PAPER, pdf_url=None))
    app = _app(paths)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _press_p(pilot)
        assert "This paper has no PDF link." in notices
        _relink(app, "file:///etc/passwd")
        await _press_p(pilot)
        assert (
            "This paper's PDF link cannot be downloaded: only http:// and https:// addresses "
            "can be fetched." in notices
        )
    assert _files(folder) == []
    app = _app(demo_home(), demo=True)
    notices = record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("P")
        await ready(pilot)
        assert any(n.startswith("The demo works offline, so it downloads no PDF") for n in notices)


async def test_the_keys_are_in_the_help_and_can_be_remapped(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/p.pdf"] = Route(body=PDF, content_type="application/pdf")
    paper = dataclasses.replace(PAPER, pdf_url=feed_server.url("/p.pdf"))
    paths, folder = _home(tmp_path, paper)
    with paths.config_file.open("a") as config:
        config.write('\n[keys]\ncopy_menu = "ctrl+y"\nsave_pdf = "ctrl+s"\n')
    app = _app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        rows = {description: keys for keys, description in app.help_rows()}
        assert rows["Copy id, DOI, link…"] == "^y" and rows["Save the PDF"] == "^s"
        app.reader.jump_to_paper(KEY)
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert _files(folder) == [NAME]
        await pilot.press("ctrl+y", "2")
        assert app.clipboard == "2601.00001v2"


async def test_quitting_during_a_download_leaves_no_partial_file(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/slow.pdf"] = Route(
        body=PDF[:4000], trickle=0.02, content_type="application/pdf"
    )
    paper = dataclasses.replace(PAPER, pdf_url=feed_server.url("/slow.pdf"))
    paths, folder = _home(tmp_path, paper)
    app = _app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.reader.jump_to_paper(KEY)
        await pilot.press("P")
        await until(pilot, lambda: app.sub_title.startswith("PDF 0.0/"), "the download under way")
        (partial,) = _files(folder)
        assert partial.startswith(TEMP_PREFIX)
        await pilot.press("q")
    assert app.return_code == 0
    assert _files(folder) == []


async def test_a_compressed_pdf_is_saved_decompressed_with_progress_without_a_total(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/zip.pdf"] = Route(body=PDF, gzip=True, content_type="application/pdf")
    paper = dataclasses.replace(PAPER, pdf_url=feed_server.url("/zip.pdf"))
    paths, folder = _home(tmp_path, paper)
    app = _app(paths)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        lines: list[str] = []

        def seen(line: str) -> None:
            lines.append(line)

        app.watch(app, "sub_title", seen, init=False)
        await _press_p(pilot)
        assert (folder / NAME).read_bytes() == PDF
        assert "PDF 0.1 MB" in lines and not any("/" in line for line in lines[1:-1])


async def test_a_killed_downloads_leftover_is_swept_once_a_day_old(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """kill -9 during a download leaves its temp file: the next save removes it once it
    is a day old, and leaves a younger one (another hubread may be downloading)."""
    from tuireader.config.settings import NetworkConfig
    from tuireader.fetch.pdf_download import TEMP_SUFFIX, PdfDownloader

    feed_server.routes["/pdf/x"] = Route(body=PDF, content_type="application/pdf")
    folder = tmp_path / "pdfs"
    folder.mkdir()
    old = folder / f"{TEMP_PREFIX}0123456789abcdef{TEMP_SUFFIX}"
    young = folder / f"{TEMP_PREFIX}fedcba9876543210{TEMP_SUFFIX}"
    for leftover in (old, young):
        leftover.write_bytes(PDF[:100])
    two_days_ago = datetime.now(UTC).timestamp() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    saved = await PdfDownloader(NetworkConfig(), 100).save(
        feed_server.url("/pdf/x"), folder, "Lovelace2026-Notes", lambda *_: None
    )
    assert saved.path == folder / "Lovelace2026-Notes.pdf"
    assert _files(folder) == sorted([young.name, "Lovelace2026-Notes.pdf"])
