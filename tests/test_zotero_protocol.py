"""What Zotero keeps of a push, as its own code keeps it (tests/fixtures/zotero_server.py
follows zotero/zotero's server and item saver): the user's tags as manual tags, the PDF by
the route the running Zotero takes, and the hard cases of the metadata citation-grade."""

from __future__ import annotations

from collections.abc import Iterator
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
from tuireader.names import parse_person
from tuireader.zotero.client import (
    Outgoing,
    PushResult,
    SaveTarget,
    Target,
    ZoteroClient,
    ZoteroError,
)
from tuireader.zotero.service import split_known, summarized

PDF = b"%PDF-1.7\n" + b"x" * 500 + b"\n%%EOF\n"
NOW = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture
def zotero() -> Iterator[ZoteroServer]:
    server = ZoteroServer().start()
    yield server
    server.stop()


def push(url: str, papers: list[Outgoing], *, connect: bool = True, **config: object) -> PushResult:
    client = ZoteroClient(
        ZoteroConfig(url=url, **config),  # type: ignore[arg-type]
        NetworkConfig(timeout=5, connect_timeout=5),
    )
    try:
        if connect:
            client.connect()
        return client.push(papers, client.save_target())
    finally:
        client.close()


def paper(title: str, *authors: str, **fields: object) -> Paper:
    values: dict[str, object] = {"key": f"arxiv:{title}", "title": title, "authors": authors}
    values.update({"published": NOW, "arxiv_id": "2611.12345", **fields})
    return Paper(**values)  # type: ignore[arg-type]


def test_tags_arrive_as_the_users_even_with_automatic_tags_off() -> None:
    """saveItems makes item tags automatic (and drops them with that setting off); the
    tags set through updateSession are the user's, so papers go by sessions of one tag set."""
    server = ZoteroServer(automatic_tags=False).start()
    papers = [
        Outgoing(paper("A"), tags=("to-read", "llm")),
        Outgoing(paper("B"), tags=("to-read", "llm")),
        Outgoing(paper("C"), tags=("theory",)),
        Outgoing(paper("D")),
    ]
    try:
        result = push(server.url, papers)
    finally:
        server.stop()
    assert result.message == "4 papers saved to My Library › Reading"
    tags = {item["title"]: item["tags"] for item in server.stored}
    assert tags == {
        "A": [{"tag": "to-read", "type": 0}, {"tag": "llm", "type": 0}],
        "B": [{"tag": "to-read", "type": 0}, {"tag": "llm", "type": 0}],
        "C": [{"tag": "theory", "type": 0}],
        "D": [],
    }
    assert len(server.sessions) == 3  # one per set of tags
    assert {item["collection"] for item in server.stored} == {"C11"}


def test_a_push_without_connect_speaks_the_servers_protocol(zotero: ZoteroServer) -> None:
    """Zotero 8 refuses saveItems from a connector API lower than its own (and shows its
    "update the connector" dialog): the client learns the version first."""
    result = push(zotero.url, [Outgoing(paper("A"))], connect=False)
    assert result.saved == 1 and zotero.version_warnings == 0
    save = next(r for r in zotero.received if r.path == "/connector/saveItems")
    assert save.headers["X-Zotero-Connector-API-Version"] == "3"


def test_the_pdf_goes_the_way_the_running_zotero_takes_it(feed_server: FeedServer) -> None:
    """By the prefs the browser connector reads (POST /connector/ping), not the version:
    a Zotero that says supportsAttachmentUpload ignores attachments inside saved items."""
    feed_server.routes["/p.pdf"] = Route(body=PDF, content_type="application/pdf")
    with_pdf = paper("A", pdf_url=feed_server.url("/p.pdf"))
    server = ZoteroServer(version="7.1.0", api_version=2, attachment_upload=True).start()
    try:
        result = push(server.url, [Outgoing(with_pdf)], attach_pdf=True)
    finally:
        server.stop()
    assert result.attached == 1 and server.attachments[0].data == PDF
    assert server.stored[0]["attachments"] == [{"title": "Full Text PDF", "url": with_pdf.pdf_url}]
    assert "attachments" not in server.saved[0]


def test_zotero_set_not_to_attach_files_gets_none_and_it_is_said(
    feed_server: FeedServer,
) -> None:
    feed_server.routes["/p.pdf"] = Route(body=PDF, content_type="application/pdf")
    with_pdf = paper("A", pdf_url=feed_server.url("/p.pdf"))
    for version, api in (("7.0.11", 2), ("8.0.1", 3)):
        server = ZoteroServer(version=version, api_version=api, download_files=False).start()
        try:
            result = push(server.url, [Outgoing(with_pdf)], attach_pdf=True)
        finally:
            server.stop()
        assert result.attached == 0 and server.attachments == [] and server.downloads == []
        assert result.problems == [
            "no PDFs attached: Zotero's setting “Automatically attach associated PDFs and "
            "other files” is off"
        ]


HARD = [
    paper(
        r"Sorting in $\mathcal{O}(n\log n)$ time for 10$^{5}$ keys in H$_{2}$O",
        "Anna van der Berg",
        "María de la Cruz",
        "Gerard 't Hooft",
        "Martin Luther King Jr.",
        "John Smith III",
        "ATLAS Collaboration",
        "Zoë Ångström",
        "王小明",
        "김민수",
        "Plato",
        abstract=r"We show $\alpha$-stable bounds.",
        comment="12 pages, 3 figures",
        abs_url="https://arxiv.org/abs/2611.12345",
    ),
    paper("Many hands", *(f"Author{n} Person{n}" for n in range(55))),
    paper(
        "Dark matter",
        "Ann Lee",
        arxiv_id="2101.00001",
        journal_ref="Nature 596, 583-589 (2021)",
        doi="10.1038/s41586-021-0",
    ),
    Paper(
        key="doi:10.1/j",
        title="Cells",
        authors=("Bo Chen",),
        journal="Cell",
        volume="184",
        issue="7",
        pages="1–20",
        doi="10.1/j",
        published=NOW,
    ),
    Paper(
        key="doi:10.1101/b",
        title="Genes",
        authors=("Hou, N.",),
        journal="bioRxiv",
        doi="10.1101/b",
        published=NOW,
    ),
]


def test_the_hard_cases_arrive_citation_grade(zotero: ZoteroServer) -> None:
    push(zotero.url, [Outgoing(p) for p in HARD])
    assert zotero.dropped == []  # every field is one the item type has
    eprint, many, published, journal, biorxiv = zotero.stored
    assert eprint["itemType"] == "preprint"
    assert eprint["title"] == (
        "Sorting in 𝒪(n log n) time for 10<sup>5</sup> keys in H<sub>2</sub>O"
    )
    assert eprint["fields"]["abstractNote"] == "We show α-stable bounds."
    assert eprint["fields"]["repository"] == "arXiv"
    assert eprint["fields"]["archiveID"] == "arXiv:2611.12345"
    assert eprint["fields"]["DOI"] == "10.48550/arXiv.2611.12345"
    assert eprint["notes"] == ["<p>Comment: 12 pages, 3 figures</p>"]
    names = [(c["firstName"], c["lastName"], c["fieldMode"]) for c in eprint["creators"]]
    assert names == [
        ("Anna", "van der Berg", 0),
        ("María", "de la Cruz", 0),
        ("Gerard", "'t Hooft", 0),
        ("Martin Luther, Jr.", "King", 0),
        ("John, III", "Smith", 0),
        ("", "ATLAS Collaboration", 1),
        ("Zoë", "Ångström", 0),
        ("", "王小明", 0),
        ("", "김민수", 0),
        ("", "Plato", 0),
    ]
    # Zotero's own name parser reads "Given, Suffix" back into the parts.
    assert parse_person("King, Martin Luther, Jr.").suffix == "Jr."
    assert {c["creatorType"] for c in eprint["creators"]} == {"author"}
    assert len(many["creators"]) == 55
    assert many["creators"][54] == {
        "firstName": "Author54",
        "lastName": "Person54",
        "fieldMode": 0,
        "creatorType": "author",
    }
    assert published["itemType"] == "journalArticle"
    assert published["fields"] == {
        "title": "Dark matter",
        "publicationTitle": "Nature",
        "volume": "596",
        "pages": "583-589",
        "date": "2021",
        "DOI": "10.1038/s41586-021-0",
        "extra": "arXiv: 2101.00001",
        "url": "https://doi.org/10.1038/s41586-021-0",
    }
    assert journal["itemType"] == "journalArticle"
    assert {k: journal["fields"][k] for k in ("publicationTitle", "volume", "issue", "pages")} == {
        "publicationTitle": "Cell",
        "volume": "184",
        "issue": "7",
        "pages": "1-20",
    }
    assert biorxiv["itemType"] == "preprint" and biorxiv["fields"]["repository"] == "bioRxiv"
    assert biorxiv["fields"]["DOI"] == "10.1101/b" and "archiveID" not in biorxiv["fields"]
    assert biorxiv["creators"] == [
        {"firstName": "N.", "lastName": "Hou", "fieldMode": 0, "creatorType": "author"}
    ]


def test_the_server_is_as_strict_as_zotero(zotero: ZoteroServer) -> None:
    """What Zotero.Creators.cleanData rejects fails the whole save (500, session removed);
    a browser-like request gets no answer; a lower connector API version is refused."""
    headers = {"Zotero-Allowed-Request": "1", "X-Zotero-Connector-API-Version": "3"}
    bad = {"itemType": "preprint", "title": "T", "creators": [{"name": "x", "lastName": "y"}]}
    answer = httpx.post(
        f"{zotero.url}/connector/saveItems",
        json={"sessionID": "s1", "items": [bad]},
        headers=headers,
    )
    assert answer.status_code == 500 and zotero.sessions == {} and zotero.stored == []
    old = httpx.post(
        f"{zotero.url}/connector/saveItems",
        json={"sessionID": "s2", "items": []},
        headers={**headers, "X-Zotero-Connector-API-Version": "2"},
    )
    assert (old.status_code, old.json()) == (400, {"error": "CONNECTOR_VERSION_OUTDATED"})
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(
            f"{zotero.url}/connector/getSelectedCollection", json={}, headers={"Origin": "x"}
        )
    assert httpx.get(f"{zotero.url}/connector/nope").text == "No endpoint found\n"


def test_a_collection_is_found_as_a_user_types_it() -> None:
    targets = (
        Target("L1", "My Library", 0),
        Target("C1", "Reading", 1),
        Target("C2", "ML/AI", 2),
        Target("C3", "Archive", 1),
        Target("C4", "Reading", 2),
    )
    where = SaveTarget("My Library", True, True, "C1", targets)
    assert where.find("my library > reading > ml/ai").id == "C2"
    assert where.find("My Library/Archive").id == "C3"
    assert where.find("ML/AI").id == "C2"  # a name with a slash in it is still a name
    assert where.find("c4").id == "C4"
    with pytest.raises(ZoteroError, match=r"more than one collection 'reading': My Library › "):
        where.find("reading")
    assert where.find("My Library › Archive › Reading").id == "C4"


def test_what_a_push_saved_is_already_in_zotero_next_time(tmp_path: Path) -> None:
    """With the local API on, a second push of the same papers sends nothing."""
    first = [Outgoing(p) for p in HARD[:3]]
    server = ZoteroServer(local_api=True).start()
    client = ZoteroClient(ZoteroConfig(url=server.url), NetworkConfig(timeout=5))
    try:
        push(server.url, first)
        new, known, index = split_known(client, [o.paper for o in first])
    finally:
        client.close()
        server.stop()
    assert new == [] and len(known) == 3 and index is not None


def test_a_screen_gets_a_few_problems_not_one_toast_per_paper() -> None:
    problems = [f"no PDF for P{n}: host not found: arxiv.org" for n in range(18)]
    assert summarized(problems) == [
        "no PDF for P0: host not found: arxiv.org",
        "… and 17 more PDFs not attached",
    ]
    assert summarized(problems[:2]) == problems[:2]


def test_a_failure_after_some_sessions_says_what_was_saved() -> None:
    """Papers with different tags go in several sessions; if Zotero stops taking them
    half-way, the message says how many are in Zotero already."""
    server = ZoteroServer().start()
    client = ZoteroClient(ZoteroConfig(url=server.url), NetworkConfig(timeout=5))
    try:
        client.connect()
        where = client.save_target()
        server.state.read_only_after = 1  # the second session is refused
        papers = [Outgoing(paper("A"), tags=("x",)), Outgoing(paper("B"), tags=("y",))]
        with pytest.raises(ZoteroError, match=r"read-only \(My Library\) \(after 1 paper saved\)"):
            client.push(papers, where)
    finally:
        client.close()
        server.stop()
    assert [item["title"] for item in server.stored] == ["A"]


def test_a_default_collection_zotero_lacks_says_it_is_the_configs(
    tmp_path: Path, zotero: ZoteroServer, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = make_home(tmp_path)
    with paths.config_file.open("a") as config:
        config.write(f'\n[zotero]\nurl = "{zotero.url}"\ncollection = "Gone"\n')
    args = ["--config", str(paths.config_file), "--data-dir", str(paths.data_dir)]
    assert main(["zotero", "push", "--all", *args]) == 2
    err = capsys.readouterr().err
    assert "Zotero has no collection 'Gone'; it has: My Library" in err
    assert f"([zotero].collection in {paths.config_file})" in err
    assert main(["zotero", "push", "--all", "--collection", "Archive", *args]) == 0
