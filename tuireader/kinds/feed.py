"""The ``feed`` kind: any RSS, Atom, RDF or JSON Feed at its ``url`` (journals and the like).

It recognises every address, so the registry asks it last.
"""

from __future__ import annotations

from tuireader.kinds.base import SourceKind

FEED = SourceKind(
    name="feed",
    summary="any RSS, Atom, RDF or JSON Feed (journals' tables of contents)",
    keys={"url": True},
    parser="tuireader.kinds.parsers.feed:parse_journal_feed",
    url=lambda source, today: source.url,
    badge=lambda category, journal, name: journal or name,
    describe=lambda source: source.url,
    recognise=lambda address: {},
    examples=(("https://www.cell.com/cell/inpress.rss", {}),),
)
