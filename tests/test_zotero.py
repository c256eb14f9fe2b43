"""Pushing papers into Zotero, against a loopback server that behaves as Zotero's
connector server does (tests/fixtures/zotero_server.py): the items it receives, field by
field, for the hard cases of the metadata, and every failure in words."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.fixtures.golden_home import make_home
from tests.fixtures.server import FeedServer, Route
from tests.fixtures.zotero_server import ZoteroServer
from tuireader.cli import main
from tuireader.config.settings import NetworkConfig
from tuireader.config.zotero_settings import ZoteroConfig
from tuireader.model import Paper
from tuireader.names import PersonName
from tuireader.storage.home import open_stores
from tuireader.storage.home_paths import AppPaths
from tuireader.storage.paper_filter import PaperFilter
from tuireader.zotero.client import Outgoing, ZoteroClient, ZoteroError

PDF = b"%PDF-1.7\n" + b"x" * 2000 + b"\n%%EOF\n"

EPRINT = Paper(
    key="arxiv:2401.01234",
    title="Sparse <b>attention</b> & [bold]you[/bold]",
    authors=(
        "Anna van der Berg",
        "Martin Luther King Jr.",
        "ATLAS Collaboration",
        "Alexander von Humboldt",
    ),
    names=(
        PersonName("Anna", "Berg", particle="van der"),
        PersonName("Martin Luther", "King", suffix="Jr."),
        PersonName(literal="ATLAS Collaboration"),
        PersonName("Alexander", "Humboldt", dropping_particle="von"),
    ),
    abstract="We sparsify.",
    arxiv_id="2401.01234",
    version=2,
    published=datetime(2024, 1, 3, 18, 0, tzinfo=UTC),
    abs_url="https://arxiv.org/abs/2401.01234",
)
PUBLISHED_EPRINT = Paper(
    key="arxiv:2001.00001",
    title="A published e-print",
    authors=("Yann Le Cun",),
    arxiv_id="2001.00001",
    journal_ref="Phys. Rev. Lett. 125, 123456-123460 (2020)",
    doi="10.1103/physrevlett.125.123456",
    published=datetime(2020, 1, 2, tzinfo=UTC),
    abs_url="https://arxiv.org/abs/2001.00001",
)
ARTICLE = Paper(
    key="doi:10.1038/s41586-026-0001-x",
    title="A journal article",
    authors=("Wei Zhang",),
    doi="10.1038/s41586-026-0001-x",
    journal="Nature",
    volume="640",
    issue="8057",
    pages="101–109",
    published=datetime(2026, 11, 19, tzinfo=UTC),
)
BIORXIV = Paper(
    key="doi:10.1101/2026.11.18.123456",
    title="A bioRxiv preprint",
    authors=("Ama Mensah",),
    doi="10.1101/2026.11.18.123456",
    journal="bioRxiv",
    published=datetime(2026, 11, 18, tzinfo=UTC),
)


@pytest.fixture
def zotero() -> Iterator[ZoteroServer]:
    server = ZoteroServer().start()
    yield server
    server.stop()


def client_for(url: str, **changes: object) -> ZoteroClient:
    return ZoteroClient(
        ZoteroConfig(url=url, **changes),  # type: ignore[arg-type]
        NetworkConfig(timeout=5, connect_timeout=5),
    )


def push(server_url: str, papers: list[Outgoing], **changes: object) -> object:
    client = client_for(server_url, **changes)
    try:
        client.connect()
        where = client.save_target()
        return client.push(papers, where)
    finally:
        client.close()


def test_items_arrive_field_by_field(zotero: ZoteroServer) -> None:
    papers = [
        Outgoing(EPRINT, tags=("to-read", "sparse"), note="Read §3.\n\nCompare <with> X & Y."),
        Outgoing(PUBLISHED_EPRINT),
        Outgoing(ARTICLE),
        Outgoing(BIORXIV),
    ]
    result = push(zotero.url, papers)
    assert result.message == "4 papers saved to My Library › Reading"  # type: ignore[attr-defined]
    eprint, published, article, biorxiv = zotero.saved
    assert eprint["itemType"] == "preprint"
    assert eprint["title"] == "Sparse <b>attention</b> & [bold]you[/bold]"
    assert eprint["repository"] == "arXiv" and eprint["archiveID"] == "arXiv:2401.01234"
    assert eprint["date"] == "2024-01-03" and eprint["url"] == "https://arxiv.org/abs/2401.01234"
    assert eprint["creators"] == [
        {"firstName": "Anna", "lastName": "van der Berg", "creatorType": "author"},
        {"firstName": "Martin Luther, Jr.", "lastName": "King", "creatorType": "author"},
        {"name": "ATLAS Collaboration", "creatorType": "author"},
        {"firstName": "Alexander von", "lastName": "Humboldt", "creatorType": "author"},
    ]
    assert "tags" not in eprint  # Zotero would keep them as automatic tags: see updateSession
    stored = zotero.stored[0]
    assert stored["tags"] == [{"tag": "to-read", "type": 0}, {"tag": "sparse", "type": 0}]
    assert stored["collection"] == "C11" and zotero.dropped == []
    assert eprint["DOI"] == "10.48550/arXiv.2401.01234" and eprint["libraryCatalog"] == "arXiv.org"
    assert eprint["notes"] == [{"note": "<p>Read §3.</p><p>Compare &lt;with&gt; X &amp; Y.</p>"}]
    assert "attachments" not in eprint  # attach_pdf is off by default
    assert published["itemType"] == "journalArticle"
    assert published["publicationTitle"] == "Phys. Rev. Lett."
    assert (published["volume"], published["pages"]) == ("125", "123456-123460")
    assert published["DOI"] == "10.1103/physrevlett.125.123456"
    assert published["extra"] == "arXiv: 2001.00001"
    assert published["creators"] == [
        {"firstName": "Yann", "lastName": "Le Cun", "creatorType": "author"}
    ]
    assert article["itemType"] == "journalArticle" and article["publicationTitle"] == "Nature"
    assert (article["volume"], article["issue"], article["pages"]) == ("640", "8057", "101-109")
    assert article["date"] == "2026-11-19" and "repository" not in article
    assert biorxiv["itemType"] == "preprint" and biorxiv["repository"] == "bioRxiv"
    assert biorxiv["DOI"] == "10.1101/2026.11.18.123456" and "archiveID" not in biorxiv


def test_headers_say_who_we_are_and_match_the_servers_api_version() -> None:
    for version, api in (("7.0.11", 2), ("8.0.1", 3)):
        server = ZoteroServer(version=version, api_version=api).start()
        try:
            push(server.url, [Outgoing(ARTICLE)])
            save = next(r for r in server.received if r.path == "/connector/saveItems")
            assert save.headers["X-Zotero-Connector-API-Version"] == str(api)
            assert save.headers["Zotero-Allowed-Request"] == "1"
            assert save.headers["User-Agent"].startswith("hubread/")
            # What a web page could send gets no answer at all (the connection closes, as
            # if nothing listened); we are not refused.
            with pytest.raises(httpx.RemoteProtocolError):
                httpx.post(
                    f"{server.url}/connector/saveItems",
                    json={"sessionID": "x", "items": []},
                    headers={"User-Agent": "Mozilla/5.0", "Origin": "https://evil.example"},
                )
            assert server.version_warnings == 0  # no "update your connector" dialog
        finally:
            server.stop()


def test_each_push_is_a_new_session(zotero: ZoteroServer) -> None:
    push(zotero.url, [Outgoing(ARTICLE)])
    push(zotero.url, [Outgoing(ARTICLE)])
    assert len(zotero.sessions) == 2 and len(zotero.saved) == 2


def test_a_chosen_collection_files_the_session_there(zotero: ZoteroServer) -> None:
    client = client_for(zotero.url)
    client.connect()
    where = client.save_target()
    assert where.path("C12") == "My Library › Reading › Theory"
    result = client.push([Outgoing(ARTICLE)], where, where.find("theory"))
    client.close()
    assert result.message == "1 paper saved to My Library › Reading › Theory"
    (session,) = zotero.sessions
    assert zotero.target_of(session) == "C12"
    with pytest.raises(ZoteroError, match="Zotero has no collection 'Nope'; it has: My Library"):
        where.find("Nope")


def test_zotero_8_takes_the_pdf_bytes(zotero: ZoteroServer, feed_server: FeedServer) -> None:
    feed_server.routes["/paper.pdf"] = Route(body=PDF, content_type="application/pdf")
    feed_server.routes["/big.pdf"] = Route(body=PDF * 1000, content_type="application/pdf")
    small = replace(ARTICLE, pdf_url=feed_server.url("/paper.pdf"))
    big = replace(BIORXIV, pdf_url=feed_server.url("/big.pdf"))
    client = ZoteroClient(
        ZoteroConfig(url=zotero.url, attach_pdf=True),
        NetworkConfig(timeout=5, connect_timeout=5, max_body_mb=0.5),
    )
    client.connect()
    result = client.push([Outgoing(small), Outgoing(big)], client.save_target())
    client.close()
    (attachment,) = zotero.attachments
    assert attachment.data == PDF and attachment.content_type == "application/pdf"
    assert attachment.metadata["parentItemID"] == zotero.saved[0]["id"]
    assert attachment.metadata["url"] == small.pdf_url
    assert result.attached == 1 and result.message.endswith(", 1 PDF attached")
    assert result.problems == ["no PDF for A bioRxiv preprint: larger than 0.5 MB"]
    assert all("attachments" not in item for item in zotero.saved)


def test_zotero_7_downloads_the_pdf_itself() -> None:
    server = ZoteroServer(version="7.0.11", api_version=2).start()
    paper = replace(EPRINT, pdf_url="https://arxiv.org/pdf/2401.01234v2")
    try:
        push(server.url, [Outgoing(paper)], attach_pdf=True)
    finally:
        server.stop()
    assert server.saved[0]["attachments"] == [
        {
            "title": "Full Text PDF",
            "url": "https://arxiv.org/pdf/2401.01234v2",
            "mimeType": "application/pdf",
        }
    ]
    assert server.downloads == ["https://arxiv.org/pdf/2401.01234v2"]
    assert "/connector/saveAttachment" not in server.paths()


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_failures_say_why_in_words(feed_server: FeedServer) -> None:
    url = _closed_port()
    with pytest.raises(ZoteroError, match=rf"^Zotero is not running \(nothing answers at {url}\)$"):
        push(url, [Outgoing(ARTICLE)])
    old = ZoteroServer(version="6.0.30", api_version=2).start()
    try:
        with pytest.raises(
            ZoteroError, match=r"^Zotero is too old: needs 7 or later \(this is 6.0.30\)$"
        ):
            push(old.url, [Outgoing(ARTICLE)])
        assert old.saved == []
    finally:
        old.stop()
    feed_server.routes["/connector/ping"] = Route(body=b"hello", content_type="text/plain")
    with pytest.raises(ZoteroError, match="is not Zotero"):
        push(feed_server.url(""), [Outgoing(ARTICLE)])


def test_a_read_only_library_is_said_so() -> None:
    server = ZoteroServer(library_editable=False).start()
    try:
        with pytest.raises(
            ZoteroError,
            match=r"^Zotero's library is read-only \(My Library\); choose another collection",
        ):
            push(server.url, [Outgoing(ARTICLE)])
        client = client_for(server.url)
        client.connect()
        where = client.save_target()
        # Zotero's own answer to saveItems (500, libraryEditable: false) says the same.
        where = type(where)(where.library_name, True, True, where.selected, where.targets)
        with pytest.raises(ZoteroError, match="read-only"):
            client.push([Outgoing(ARTICLE)], where)
        client.close()
    finally:
        server.stop()


# -- hubread zotero push ------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, zotero: ZoteroServer) -> AppPaths:
    paths = make_home(tmp_path)
    with paths.config_file.open("a") as config:
        config.write(f'\n[zotero]\nurl = "{zotero.url}"\n')
    return paths


def run(home: AppPaths, *args: str) -> int:
    return main([*args, "--config", str(home.config_file), "--data-dir", str(home.data_dir)])


def test_push_sends_the_starred_papers_with_tags_and_notes(
    home: AppPaths, zotero: ZoteroServer, capsys: pytest.CaptureFixture[str]
) -> None:
    stores = open_stores(home)
    papers = stores.cache.papers_where(PaperFilter())[:3]
    for paper in papers:
        stores.library.star(paper)
    stores.library.set_tags(papers[0].key, ["x-tag"])
    stores.library.set_note(papers[0].key, "my note")
    stores.library.flush()
    stores.close()
    assert run(home, "zotero", "push") == 0
    out, err = capsys.readouterr()
    assert out == "3 papers saved to My Library › Reading\n"
    assert "Saving 3 papers to My Library › Reading (Zotero 8.0.1)" in err
    by_title = {item["title"]: item for item in zotero.saved}
    stored = {item["title"]: item for item in zotero.stored}
    assert stored[papers[0].title]["tags"] == [{"tag": "x-tag", "type": 0}]
    assert by_title[papers[0].title]["notes"][-1] == {"note": "<p>my note</p>"}
    assert run(home, "zotero", "push", "--collection", "Archive") == 0
    assert capsys.readouterr().out == "3 papers saved to My Library › Archive\n"


def test_push_with_bad_arguments_or_no_zotero(
    home: AppPaths, zotero: ZoteroServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "zotero", "push") == 0  # nothing starred: nothing sent
    assert "nothing sent to Zotero" in capsys.readouterr().err
    assert zotero.saved == []
    assert run(home, "zotero", "push", "--all", "--collection", "Nope") == 2
    assert "Zotero has no collection 'Nope'" in capsys.readouterr().err
    assert zotero.saved == []
    zotero.stop()
    assert run(home, "zotero", "push", "--all") == 1
    assert "hubread: Zotero is not running" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        run(home, "zotero", "push", "--nope")
    assert exited.value.code == 2


def test_collections_lists_the_targets(home: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "zotero", "collections") == 0
    assert capsys.readouterr().out.splitlines() == [
        "  My Library  (L1)",
        "*   Reading  (C11)",
        "      Theory  (C12)",
        "    Archive  (C13)",
    ]


def test_zotero_turned_off_is_a_config_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = make_home(tmp_path)
    with paths.config_file.open("a") as config:
        config.write("\n[zotero]\nenabled = false\n")
    assert run(paths, "zotero", "push", "--all") == 2
    assert "Zotero is turned off ([zotero].enabled = false in" in capsys.readouterr().err
    paths.config_file.write_text(paths.config_file.read_text() + "attach = true\n")
    assert run(paths, "zotero", "collections") == 2
    assert (
        "unknown key 'attach' in [zotero] (did you mean 'attach_pdf'?)" in capsys.readouterr().err
    )


# -- already in Zotero (the local API) ----------------------------------------------------

LIBRARY = [
    {"key": "AAAA", "itemType": "preprint", "title": "Old", "archiveID": "arXiv:2401.01234"},
    {"key": "BBBB", "itemType": "journalArticle", "title": "X", "DOI": "10.1038/S41586-026-0001-X"},
    {"key": "CCCC", "itemType": "preprint", "title": "A bioRxiv  Preprint!"},
    {"key": "DDDD", "itemType": "attachment", "title": "A published e-print"},
]


def test_the_local_api_finds_papers_by_arxiv_id_doi_or_title() -> None:
    from tuireader.zotero.lookup import read_index

    server = ZoteroServer(local_api=True, library=[*LIBRARY] * 400).start()  # 1200 not attachments
    client = client_for(server.url)
    try:
        client.connect()
        index = read_index(client)
    finally:
        client.close()
        server.stop()
    assert index is not None
    assert index.has(EPRINT.key, EPRINT.title)  # archiveID
    assert index.has(ARTICLE.key, ARTICLE.title)  # DOI, whatever its case
    assert index.has(BIORXIV.key, BIORXIV.title)  # the title, folded
    assert not index.has(PUBLISHED_EPRINT.key, PUBLISHED_EPRINT.title)  # attachments are not items
    pages = [r.path for r in server.received if r.path.startswith("/api/")]
    assert len(pages) == 2 and "start=1000" in pages[1] and "limit=1000" in pages[1]


def test_without_the_local_api_nothing_is_known(zotero: ZoteroServer) -> None:
    from tuireader.zotero.lookup import read_index

    client = client_for(zotero.url)
    client.connect()
    assert read_index(client) is None  # 403 "Local API is not enabled"
    client.close()


def test_push_skips_what_zotero_has(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = make_home(tmp_path)
    stores = open_stores(paths)
    first, second = stores.cache.papers_where(PaperFilter())[:2]
    stores.library.star(first)
    stores.library.star(second)
    stores.library.flush()
    stores.close()
    known = {"itemType": "preprint", "title": first.title.upper()}
    server = ZoteroServer(local_api=True, library=[known]).start()
    with paths.config_file.open("a") as config:
        config.write(f'\n[zotero]\nurl = "{server.url}"\n')
    try:
        assert run(paths, "zotero", "push") == 0
        out, err = capsys.readouterr()
        assert out == "1 paper saved to My Library › Reading\n"
        assert f"1 paper already in Zotero, not saved again: {first.title[:60]}" in err
        assert [item["title"] for item in server.saved] == [second.title]
        server.state.library.append({"itemType": "preprint", "title": second.title})
        assert run(paths, "zotero", "push") == 0
        assert (
            capsys.readouterr().out == "Nothing saved: every selected paper is already in Zotero.\n"
        )
        assert len(server.saved) == 1
    finally:
        server.stop()
