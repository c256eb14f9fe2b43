"""Which papers are already in Zotero, through its local API (Zotero 7+, off until the
user ticks "Allow other applications on this computer to communicate with Zotero" in
Settings › Advanced). It is read-only and on the connector's port under ``/api/``, in the
Zotero web API's shape (zotero/zotero chrome/content/zotero/xpcom/server/
server_localAPI.js): ``GET /api/users/0/items`` pages by ``start``/``limit`` (with no
upper limit, unlike the web API's 100) and says the total in ``Total-Results``. Switched
off it answers 403; then, as with any other failure, there is no index and the "already in
Zotero" marks are simply absent.

A paper matches an item by arXiv id (``archiveID``, the URL, a 10.48550 DOI or an
"arXiv:" line in Extra), by DOI, or else by its title, folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tuireader.model import normalize_doi, parse_arxiv_id
from tuireader.zotero.client import ZoteroClient, ZoteroError
from tuireader.zotero.items import rich_title

PAGE = 1000  # the local API has no page limit (the web API's is 100); Zotero answers fast
MAX_ITEMS = 20_000  # a sweep stops here: the marks cover that many of a library's items
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$")
_ARXIV_HINT = re.compile(r"arxiv", re.IGNORECASE)
_RICH_TAG = re.compile(r"</?(?:i|b|sub|sup|span)\b[^<>]*>", re.IGNORECASE)


def fold_title(title: str) -> str:
    """A title as two records of one paper agree on it: letters and digits, lower case,
    without the rich-text tags of Zotero's titles (``<sup>``, ``<i>``...)."""
    text = unicodedata.normalize("NFKD", _RICH_TAG.sub("", title)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


@dataclass
class ZoteroIndex:
    """The identifiers of the items in the user's Zotero library."""

    arxiv_ids: set[str] = field(default_factory=set)
    dois: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)

    def add(self, data: dict[str, Any]) -> None:
        doi = normalize_doi(str(data.get("DOI") or ""))
        if doi:
            self.dois.add(doi)
            if match := _ARXIV_DOI.match(doi):
                self.arxiv_ids.add(match.group(1))
        for name in ("archiveID", "url", "extra"):
            text = str(data.get(name) or "")
            if _ARXIV_HINT.search(text) and (found := parse_arxiv_id(text)):
                self.arxiv_ids.add(found[0])
        if title := fold_title(str(data.get("title") or "")):
            self.titles.add(title)

    def has(self, key: str, title: str) -> bool:
        """Whether the paper with this hubread key ("arxiv:…", "doi:…") and title is there."""
        # Keys as model.paper_key makes them: "arxiv:ID", "doi:DOI", ...
        if key.startswith("arxiv:") and key.removeprefix("arxiv:") in self.arxiv_ids:
            return True
        if key.startswith("doi:") and key.removeprefix("doi:").lower() in self.dois:
            return True
        # The title as hubread has it, or as a push sent it (LaTeX as Unicode).
        return bool(title) and (
            fold_title(title) in self.titles or fold_title(rich_title(title)) in self.titles
        )

    def __len__(self) -> int:
        return len(self.titles)


def read_index(client: ZoteroClient) -> ZoteroIndex | None:
    """The library's index, or None when the local API is off (or answers oddly)."""
    index = ZoteroIndex()
    start = 0
    while start < MAX_ITEMS:
        try:
            response = client.local_api(
                "/api/users/0/items",
                {"start": str(start), "limit": str(PAGE), "itemType": "-attachment"},
            )
        except ZoteroError:
            return None
        if response.status_code != 200:
            return None
        try:
            page = response.json()
        except ValueError:
            return None
        if not isinstance(page, list):
            return None
        for entry in page:
            if isinstance(entry, dict) and isinstance(entry.get("data"), dict):
                index.add(entry["data"])
        start += PAGE
        total = response.headers.get("Total-Results", "")
        if len(page) < PAGE or (total.isdigit() and start >= int(total)):
            break
    return index


def already_there(index: ZoteroIndex | None, papers: Iterable[Any]) -> list[Any]:
    """The papers (anything with ``key`` and ``title``) the index holds."""
    if index is None:
        return []
    return [p for p in papers if index.has(p.key, p.title)]
