"""The ``biorxiv`` and ``medrxiv`` kinds: one subject feed of either preprint server."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from tuireader.kinds.base import Address, Settings, SourceKind, printable
from tuireader.kinds.source import SourceConfig

BIORXIV_RSS = "https://connect.biorxiv.org/biorxiv_xml/"
MEDRXIV_RSS = "https://connect.medrxiv.org/medrxiv_xml/"


def _preprint_kind(name: str, server: str, base: str) -> SourceKind:
    """One server's kind; they differ only in host, parser and label."""
    host = f"connect.{name}.org"

    def url(source: SourceConfig, today: datetime | None) -> str:
        return source.url or base + quote(source.subject.strip().lower().replace(" ", "_"))

    def recognise(address: Address) -> Settings | None:
        if address.host != host or "_xml/" not in address.path or not address.segments:
            return None
        return {"subject": printable(address.segments[-1].replace("_", " "), "the subject")}

    return SourceKind(
        name=name,
        summary=f"a {server} subject feed ({host})",
        keys={"subject": True},
        parser=f"tuireader.kinds.parsers.biorxiv:parse_{name}",
        url=url,
        badge=lambda category, journal, source_name: journal or server,
        describe=lambda source: source.subject,
        recognise=recognise,
        table=lambda source: {"subject": source.subject},
        examples=((f"{base}cell_biology", {"subject": "cell biology"}),),
    )


BIORXIV = _preprint_kind("biorxiv", "bioRxiv", BIORXIV_RSS)
MEDRXIV = _preprint_kind("medrxiv", "medRxiv", MEDRXIV_RSS)
