"""The running Zotero's connector server, over httpx: where a push goes, and the push.

The protocol is Zotero's own (zotero/zotero chrome/content/zotero/xpcom/server/
server_connector.js and server.js, read in 2026): every answer carries
``X-Zotero-Version`` and ``X-Zotero-Connector-API-Version`` (3 from Zotero 8, 2 in 6 and
7). A request that looks like a browser's is refused unless it sends
``X-Zotero-Connector-API-Version`` or ``Zotero-Allowed-Request``; we send both, the API
version being the server's own (a lower one makes Zotero show an "update the connector"
dialog, ``Zotero.Server.Connector.versionWarning``). Every failure becomes one sentence
("Zotero is not running", "Zotero's library is read-only", "Zotero is too old: needs 7 or
later") in a ``ZoteroError``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from tuireader import PROJECT_URL, __version__
from tuireader.config.settings import NetworkConfig
from tuireader.config.zotero_settings import ZoteroConfig
from tuireader.model import Paper
from tuireader.net.failures import describe
from tuireader.sanitize import clean
from tuireader.wording import plural
from tuireader.zotero.items import PDF_TITLE, zotero_item
from tuireader.zotero.targets import SaveTarget, Target, ZoteroError

__all__ = ["Outgoing", "PushResult", "SaveTarget", "Target", "ZoteroClient", "ZoteroError"]

USER_AGENT = f"hubread/{__version__} (+{PROJECT_URL})"
OLDEST_ZOTERO = 7  # the local API and today's connector protocol
BYTES_API_VERSION = 3  # Zotero 8 takes PDF bytes (saveAttachment), if its ping says nothing


@dataclass(slots=True)
class PushResult:
    saved: int
    where: str
    attached: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        """ "3 papers saved to My Library › Reading" (and the PDFs)."""
        text = f"{plural(self.saved, 'paper')} saved to {self.where}"
        if self.attached:
            text += f", {plural(self.attached, 'PDF')} attached"
        return text


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One paper to push, with what hubread knows of it beside the record."""

    paper: Paper
    tags: tuple[str, ...] = ()
    note: str = ""


def _major(version: str) -> int | None:
    head = version.strip().split(".", 1)[0]
    return int(head) if head.isascii() and head.isdigit() else None


class ZoteroClient:
    """One push at a time, from any thread (the reader runs it in a worker)."""

    def __init__(
        self,
        config: ZoteroConfig,
        network: NetworkConfig,
    ) -> None:
        self.config = config
        self.network = network
        self.api_version = 2
        self.zotero_version = ""
        self.uploads = False  # PDFs as bytes through saveAttachment (read by connect)
        self.attach_files = True  # Zotero's "automatically attach associated PDFs"
        self._host = urlsplit(config.url).hostname or "?"
        self._http = httpx.Client(
            base_url=config.url,
            headers={"User-Agent": USER_AGENT, "Zotero-Allowed-Request": "1"},
            timeout=httpx.Timeout(network.timeout, connect=network.connect_timeout),
            trust_env=False,  # Zotero is on this machine: never through a proxy
        )

    def close(self) -> None:
        self._http.close()

    # -- the conversation ----------------------------------------------------------------

    def _send(self, method: str, path: str, what: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-Zotero-Connector-API-Version": str(self.api_version)}
        headers.update(kwargs.pop("headers", {}))
        try:
            return self._http.request(method, path, headers=headers, **kwargs)
        except httpx.ConnectError:
            raise ZoteroError(
                "not_running", f"Zotero is not running (nothing answers at {self.config.url})"
            ) from None
        except httpx.TimeoutException:
            raise ZoteroError(
                "timeout", f"Zotero did not answer {what} within {self.network.timeout:g} s"
            ) from None
        except httpx.HTTPError as exc:
            reason = describe(exc, self._host, self.network.connect_timeout)
            raise ZoteroError(
                "refused", f"Zotero could not be reached for {what}: {reason}"
            ) from None

    def _refused(self, response: httpx.Response, what: str) -> ZoteroError:
        body = clean(response.text[:200]) if response.text else ""
        said = f": {body}" if body else ""
        return ZoteroError(
            "refused",
            f"Zotero refused {what} ({response.status_code} {clean(response.reason_phrase)}){said}",
        )

    def connect(self) -> str:
        """Check that Zotero runs and is new enough; its version ("8.0.1")."""
        response = self._send("GET", "/connector/ping", "the ping")
        version = response.headers.get("X-Zotero-Version", "")
        if not version:
            raise ZoteroError(
                "not_zotero",
                f"the server at {self.config.url} is not Zotero (no X-Zotero-Version header)",
            )
        major = _major(version)
        if major is not None and major < OLDEST_ZOTERO:
            raise ZoteroError(
                "too_old",
                f"Zotero is too old: needs {OLDEST_ZOTERO} or later (this is {clean(version)})",
            )
        api = response.headers.get("X-Zotero-Connector-API-Version", "").strip()
        self.api_version = int(api) if api.isascii() and api.isdigit() else 2
        self.zotero_version = clean(version)
        self._read_prefs()
        return self.zotero_version

    def _read_prefs(self) -> None:
        """``POST /connector/ping``: the prefs the browser connector reads before a save.

        ``supportsAttachmentUpload`` (Zotero 8) means Zotero ignores the attachments of
        saved items (saveSession.js: ``ATTACHMENT_MODE_IGNORE``) and takes the files
        through saveAttachment; without it Zotero downloads attachment URLs itself.
        ``downloadAssociatedFiles`` is the user's "automatically attach associated PDFs"
        setting, which the connector honours either way, and so do we.
        """
        self.uploads = self.api_version >= BYTES_API_VERSION
        self.attach_files = True
        response = self._send("POST", "/connector/ping", "the ping", json={})
        prefs = _json_field(response, "prefs") if response.status_code == 200 else None
        if isinstance(prefs, dict):
            self.uploads = prefs.get("supportsAttachmentUpload") is True
            self.attach_files = prefs.get("downloadAssociatedFiles") is not False

    def local_api(self, path: str, params: dict[str, str]) -> httpx.Response:
        """A read-only GET of Zotero's local API (``lookup``); any status is returned."""
        return self._send(
            "GET", path, "the library search", params=params, headers={"Zotero-API-Version": "3"}
        )

    def save_target(self) -> SaveTarget:
        """Where Zotero saves now (the collection selected in its window) and the choices."""
        response = self._send("POST", "/connector/getSelectedCollection", "the collection", json={})
        if response.status_code != 200:
            raise self._refused(response, "to say its selected collection")
        try:
            data = response.json()
            targets = tuple(
                Target(str(t["id"]), clean(str(t["name"])), int(t.get("level", 0)))
                for t in data.get("targets", [])
            )
            library_id = f"L{data['libraryID']}"
            selected = f"C{data['id']}" if data.get("id") else library_id
            return SaveTarget(
                library_name=clean(str(data.get("libraryName", "My Library"))),
                library_editable=bool(data.get("libraryEditable", True)),
                files_editable=bool(data.get("filesEditable", True)),
                selected=selected,
                targets=targets,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ZoteroError(
                "refused", "Zotero's answer about its selected collection is not what it should be"
            ) from None

    def push(
        self,
        papers: Sequence[Outgoing],
        where: SaveTarget,
        target: Target | None = None,
        *,
        on_progress: Callable[[str], None] | None = None,
    ) -> PushResult:
        """Save ``papers`` into ``target`` (default: the selected one).

        One save session per set of tags: Zotero stores the tags inside saved items as
        automatic ones (``forceTagType: 1``; none at all when its "automatic tags" setting
        is off), while ``updateSession`` sets the session's tags as the user's own, on
        every item of the session. So the papers that share their tags share a session,
        and its ``updateSession`` files them into the target with those tags.
        """
        if not self.zotero_version:
            self.connect()  # the API version and prefs every request depends on
        if target is None and not where.library_editable:
            raise ZoteroError(
                "read_only",
                f"Zotero's library is read-only ({where.library_name}); "
                "choose another collection to save into",
            )
        target_id = target.id if target else where.selected
        attach = self.config.attach_pdf and where.files_editable and self.attach_files
        groups: dict[tuple[str, ...], list[int]] = {}
        for index, out in enumerate(papers):
            groups.setdefault(
                tuple(dict.fromkeys(t.strip() for t in out.tags if t.strip())), []
            ).append(index)
        result = PushResult(saved=0, where=where.path(target_id))
        for tags, indexes in groups.items():
            try:
                session = self._save_session([papers[i] for i in indexes], indexes, attach, where)
                if tags or target_id != where.selected:
                    self._file(session, target_id, tags, where)
            except ZoteroError as exc:
                if result.saved:  # the earlier sessions are in Zotero: say so
                    raise ZoteroError(
                        exc.kind, f"{exc} (after {plural(result.saved, 'paper')} saved)"
                    ) from None
                raise
            result.saved += len(indexes)
            if attach and self.uploads:
                for index in indexes:
                    out = papers[index]
                    if out.paper.pdf_url:
                        if on_progress:
                            on_progress(f"Attaching the PDF of {out.paper.title[:60]} …")
                        self._attach(session, f"hubread-{index}", out.paper, result)
        if self.config.attach_pdf and not where.files_editable:
            result.problems.append("no PDFs attached: Zotero's library files are read-only")
        elif self.config.attach_pdf and not self.attach_files:
            result.problems.append(
                "no PDFs attached: Zotero's setting “Automatically attach associated PDFs "
                "and other files” is off"
            )
        return result

    def _save_session(
        self, papers: Sequence[Outgoing], indexes: Sequence[int], attach: bool, where: SaveTarget
    ) -> str:
        """``/connector/saveItems`` in a new session; its id."""
        items = [
            zotero_item(
                out.paper,
                f"hubread-{index}",
                note=out.note,
                pdf_url=out.paper.pdf_url if attach and not self.uploads else None,
            )
            for index, out in zip(indexes, papers, strict=True)
        ]
        session = uuid.uuid4().hex
        uri = next((o.paper.link for o in papers if o.paper.link), PROJECT_URL)
        response = self._send(
            "POST",
            "/connector/saveItems",
            "the save",
            json={"sessionID": session, "uri": uri, "items": items},
        )
        if response.status_code == 500 and _json_field(response, "libraryEditable") is False:
            raise ZoteroError("read_only", f"Zotero's library is read-only ({where.library_name})")
        if response.status_code == 400 and _json_field(response, "error") == (
            "CONNECTOR_VERSION_OUTDATED"
        ):
            raise ZoteroError(
                "too_old",
                f"Zotero {self.zotero_version} wants a newer connector protocol than "
                f"version {self.api_version}",
            )
        if response.status_code != 201:
            raise self._refused(response, "the papers")
        return session

    def _file(self, session: str, target_id: str, tags: tuple[str, ...], where: SaveTarget) -> None:
        """``/connector/updateSession``: the session's items into the target, with tags."""
        moved = self._send(
            "POST",
            "/connector/updateSession",
            "the move",
            json={"sessionID": session, "target": target_id, "tags": list(tags)},
        )
        if moved.status_code != 200:
            raise self._refused(moved, f"to file the papers into {where.path(target_id)}")

    def _attach(self, session: str, item_id: str, paper: Paper, result: PushResult) -> None:
        assert paper.pdf_url
        try:
            pdf = self._download_pdf(paper.pdf_url)
        except ZoteroError as exc:
            result.problems.append(f"no PDF for {paper.title[:60]}: {exc}")
            return
        metadata = {
            "sessionID": session,
            "title": PDF_TITLE,
            "parentItemID": item_id,
            "url": paper.pdf_url,
        }
        response = self._send(
            "POST",
            f"/connector/saveAttachment?sessionID={session}",
            "the PDF",
            content=pdf,
            headers={
                "Content-Type": "application/pdf",
                # ASCII JSON: a header cannot carry raw UTF-8 reliably.
                "X-Metadata": json.dumps(metadata, ensure_ascii=True),
            },
        )
        if response.status_code == 201:
            result.attached += 1
        else:
            result.problems.append(
                f"no PDF for {paper.title[:60]}: {self._refused(response, 'it')}"
            )

    def _download_pdf(self, url: str) -> bytes:
        """The PDF's bytes, bounded like every download: [network] timeouts and max_body_mb."""
        cap = int(self.network.max_body_mb * 1024 * 1024)
        host = urlsplit(url).hostname or "?"
        try:
            with (
                httpx.Client(
                    headers={"User-Agent": USER_AGENT},
                    timeout=httpx.Timeout(
                        self.network.timeout, connect=self.network.connect_timeout
                    ),
                    follow_redirects=True,
                    max_redirects=10,
                ) as web,
                web.stream("GET", url) as response,
            ):
                if response.status_code != 200:
                    raise ZoteroError(
                        "refused",
                        f"{host} answered {response.status_code} {clean(response.reason_phrase)}",
                    )
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise ZoteroError("refused", f"larger than {self.network.max_body_mb:g} MB")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise ZoteroError("refused", f"larger than {self.network.max_body_mb:g} MB")
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise ZoteroError(
                "refused", describe(exc, host, self.network.connect_timeout)
            ) from None
        body = b"".join(chunks)
        if not body.startswith(b"%PDF"):
            raise ZoteroError("refused", f"{host} sent something that is not a PDF")
        return body


def _json_field(response: httpx.Response, name: str) -> Any:
    try:
        data = response.json()
    except ValueError:
        return None
    return data.get(name) if isinstance(data, dict) else None
