r"""A Paper as the Zotero item JSON that ``/connector/saveItems`` takes.

Why saveItems with our own item rather than ``/connector/import`` with our BibTeX, RIS or
CSL-JSON export: Zotero's import translators guess the item type from the format's types,
and none of ours says "preprint" unambiguously (CSL ``article`` and BibTeX ``@misc`` come
back as other types, and the arXiv id lands in Extra or is lost), while an item we build
sets Zotero's own fields: ``preprint`` with ``repository`` and ``archiveID``
("arXiv:2101.00001"), ``journalArticle`` with ``publicationTitle``, ``volume``, ``issue``,
``pages``. saveItems also takes each paper's note as a child note, and gives each item
the connector id that ``/connector/saveAttachment`` names as ``parentItemID``
(zotero/zotero chrome/content/zotero/xpcom/server/server_connector.js,
``Zotero.Server.Connector.SaveItems`` and ``SaveAttachment``).

Creators are in Zotero's item JSON form (``firstName``/``lastName``, or ``name`` for a
group: ``Zotero.Creators.cleanData`` stores it in the single-field mode), the particles
placed as Zotero's own CSL import places them: the non-dropping one with the family name
("van der Berg"), the dropping one after the given name ("Alexander von"); Zotero has no
suffix field, so "Jr." follows the given name after a comma, which its name parser reads
back as a suffix.

Titles and abstracts go as people will read them in Zotero and in the citations it
makes (citeproc-js reads no LaTeX): the LaTeX as Unicode (``$\mathcal{O}(n)$`` is 𝒪(n)),
and a sub- or superscript that came as HTML (``10<sup>5</sup>``, kept by cleantext as
``10$^{5}$``) back as the ``<sub>``/``<sup>`` rich text Zotero's titles take. The
exports keep the source's LaTeX; Zotero is not an export to a LaTeX toolchain.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tuireader.export.publication import publication
from tuireader.latex_text import render_latex
from tuireader.model import PREPRINT_SERVERS, Paper
from tuireader.names import PersonName

PDF_TITLE = "Full Text PDF"  # the title Zotero's own translators give a paper's PDF
ARXIV_DOI = "10.48550/arXiv."  # arXiv's DataCite DOIs, which Zotero's arXiv translator sets
# cleantext's form of an HTML <sup>/<sub>: "$^{5}$", "$_{2}$"
_SCRIPT_RE = re.compile(r"\$([\^_])\{([^{}$\\]{1,40})\}\$")
_TAG = {"^": "sup", "_": "sub"}


def rich_title(title: str) -> str:
    """A title as Zotero's rich-text title field takes it (see the module docstring)."""
    parts = []
    last = 0
    for match in _SCRIPT_RE.finditer(title):
        parts.append(render_latex(title[last : match.start()]))
        tag = _TAG[match.group(1)]
        parts.append(f"<{tag}>{match.group(2)}</{tag}>")
        last = match.end()
    parts.append(render_latex(title[last:]))
    return "".join(parts)


def creator(person: PersonName) -> dict[str, Any]:
    if person.literal or not person.family:  # a group, or one name: Zotero's single field
        return {"name": person.literal or person.display, "creatorType": "author"}
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
    note: str = "",
    pdf_url: str | None = None,
) -> dict[str, Any]:
    """The item for ``paper``; ``pdf_url`` becomes an attachment Zotero downloads itself
    (Zotero 7; Zotero 8 gets the bytes through saveAttachment instead). No tags: Zotero
    would keep them as automatic tags, so they go by ``updateSession`` (client.push)."""
    pub = publication(paper)
    extra: list[str] = []
    item: dict[str, Any] = {
        "id": item_id,
        "title": rich_title(paper.title),
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
            item["libraryCatalog"] = "arXiv.org"
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
    elif paper.arxiv_id and item["itemType"] == "preprint":
        item["DOI"] = ARXIV_DOI + paper.arxiv_id
    if paper.link:
        item["url"] = paper.link
    if paper.abstract:
        item["abstractNote"] = render_latex(paper.abstract)
    if paper.journal in PREPRINT_SERVERS and paper.journal != "arXiv" and pub is not None:
        extra.append(f"{paper.journal} preprint")
    if extra:
        item["extra"] = "\n".join(extra)
    notes = []
    if paper.comment:  # as Zotero's arXiv translator keeps arXiv's comments
        notes.append({"note": note_html(f"Comment: {render_latex(paper.comment)}")})
    if note.strip():
        notes.append({"note": note_html(note)})
    if notes:
        item["notes"] = notes
    if pdf_url:
        item["attachments"] = [{"title": PDF_TITLE, "url": pdf_url, "mimeType": "application/pdf"}]
    return item
