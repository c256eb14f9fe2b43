"""``[zotero]`` in config.toml: where the running Zotero listens and what a push sends.

Kept apart from ``settings`` (which reads every other table) so that module stays small;
``settings`` calls ``read_zotero`` with its table reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tuireader.links import http_url_problem

if TYPE_CHECKING:
    from tuireader.config.table_reader import TableReader

ZOTERO_URL = "http://127.0.0.1:23119"  # Zotero's connector server (Settings › Advanced)
ZOTERO_KEYS = {"url", "attach_pdf", "collection", "enabled"}


@dataclass(frozen=True, slots=True)
class ZoteroConfig:
    """``enabled = false`` turns `z` and `hubread zotero push` off (they say so);
    ``collection`` names a default target ("" = the collection selected in Zotero)."""

    url: str = ZOTERO_URL
    attach_pdf: bool = False
    collection: str = ""
    enabled: bool = True


def read_zotero(reader: TableReader) -> ZoteroConfig:
    url = reader.get("url", str, ZOTERO_URL, "a string").strip().rstrip("/") or ZOTERO_URL
    if trouble := http_url_problem(url):
        reader.fail(f"[zotero].url must be an http:// or https:// address: {trouble}, got {url!r}")
    return ZoteroConfig(
        url=url,
        attach_pdf=reader.get("attach_pdf", bool, False, "true or false"),
        collection=reader.get("collection", str, "", "a collection name").strip(),
        enabled=reader.get("enabled", bool, True, "true or false"),
    )
