"""A Paper as the Zotero item JSON that ``/connector/saveItems`` takes.

Why saveItems with our own item rather than ``/connector/import`` with our BibTeX, RIS or
CSL-JSON export: Zotero's import translators guess the item type from the format's types,
and none of ours says "preprint" unambiguously (CSL ``article`` and BibTeX ``@misc`` come
back as other types, and the arXiv id lands in Extra or is lost), while an item we build
sets Zotero's own fields: ``preprint`` with ``repository`` and ``archiveID``
("arXiv:2101.00001"), ``journalArticle`` with ``publicationTitle``, ``volume``, ``issue``,
``pages``. saveItems also takes each paper's own tags and note as children, and gives
each item the connector id that ``/connector/saveAttachment`` names as ``parentItemID``
(zotero/zotero chrome/content/zotero/xpcom/server/server_connector.js,
``Zotero.Server.Connector.SaveItems`` and ``SaveAttachment``).

Creators are in the translators' form (``firstName``/``lastName``, or ``lastName`` with
``fieldMode: 1`` for a group), the particles placed as Zotero's own CSL import places
them: the non-dropping one with the family name ("van der Berg"), the dropping one after
the given name ("Alexander von"); Zotero has no suffix field, so "Jr." follows the given
name after a comma, which its name parser reads back as a suffix.
"""

from __future__ import annotations

import html
from typing import Any

from tuireader.export.publication import publication
from tuireader.model import PREPRINT_SERVERS, Paper
from tuireader.names import PersonName

PDF_TITLE = "Full Text PDF"  # the title Zotero's own translators give a paper's PDF


def creator(person: PersonName) -> dict[str, Any]:
    if person.literal or not person.family:
        return {
            "lastName": person.literal or person.display,
            "fieldMode": 1,
            "creatorType": "author",
        }
    given = " ".join(w for w in (person.given, person.dropping_particle) if w)
    if person.suffix:
        given = f"{given}, {person.suffix}" if given else person.suffix
    return {"firstName": given, "lastName": person.full_family, "creatorType": "author"}


def note_html(text: str) -> str:
    """A plain-text note as the HTML Zotero's notes are: paragraphs, text escaped."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


def zotero_item(
    paper: Paper,
    item_id: str,
    *,
    tags: tuple[str, ...] = (),
    note: str = "",
    pdf_url: str | None = None,
) -> dict[str, Any]:
    """The item for ``paper``; ``pdf_url`` becomes an attachment Zotero downloads itself
    (Zotero 7; Zotero 8 gets the bytes through saveAttachment instead)."""
    pub = publication(paper)
    extra: list[str] = []
    item: dict[str, Any] = {
        "id": item_id,
        "title": paper.title,
        "creators": [creator(p) for p in paper.people],
    }
    if pub is not None:
        item["itemType"] = "journalArticle"
        item["publicationTitle"] = pub.journal
        for key, value in (("volume", pub.volume), ("issue", pub.issue)):
            if value:
                item[key] = value
        if pub.pages:
            item["pages"] = pub.page_range("-")
        if paper.arxiv_id:  # the e-print of a published paper: Zotero's arXiv translator's line
            extra.append(f"arXiv: {paper.arxiv_id}")
    elif paper.is_preprint:
        item["itemType"] = "preprint"
        item["repository"] = "arXiv" if paper.arxiv_id else paper.journal
        if paper.arxiv_id:
            item["archiveID"] = f"arXiv:{paper.arxiv_id}"
    else:
        item["itemType"] = "journalArticle"
        if paper.journal:
            item["publicationTitle"] = paper.journal
    if paper.journal_ref and pub is None:
        extra.append(f"Journal reference: {paper.journal_ref}")
    date = paper.date
    if pub is not None and pub.year and (date is None or date.year != pub.year):
        item["date"] = str(pub.year)
    elif date is not None:
        item["date"] = date.date().isoformat()
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.link:
        item["url"] = paper.link
    if paper.abstract:
        item["abstractNote"] = paper.abstract
    if paper.journal in PREPRINT_SERVERS and paper.journal != "arXiv" and pub is not None:
        extra.append(f"{paper.journal} preprint")
    if extra:
        item["extra"] = "\n".join(extra)
    if tags:
        item["tags"] = [{"tag": t} for t in tags]
    if note.strip():
        item["notes"] = [{"note": note_html(note)}]
    if pdf_url:
        item["attachments"] = [{"title": PDF_TITLE, "url": pdf_url, "mimeType": "application/pdf"}]
    return item
