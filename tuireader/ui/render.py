"""Paper -> ``Content`` for the list rows and the abstract view.

Every string that came from a feed is added as plain text (``Content.assemble`` parts or
``Content(...)``), never parsed as markup, and passed through ``sanitize.clean`` once more
in case an older cache holds text cleaned by an older hubread (or a note or tag holds
anything).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from textual.content import Content, Span

from tuireader.kinds.registry import badge as kind_badge
from tuireader.kinds.source import SourceConfig
from tuireader.model import Paper
from tuireader.sanitize import clean
from tuireader.storage.list_rows import ListItem
from tuireader.ui.arxiv_lines import arxiv_notes, version_line
from tuireader.ui.row_author import with_first_author
from tuireader.wording import plural

if TYPE_CHECKING:  # the refresh engine (and httpx) load only when a refresh runs
    from tuireader.fetch.outcomes import SourceOutcome
    from tuireader.storage.cache import SourceState

REASON_WIDTH = 24  # columns of a Radar row's reason ("keyword: diffusion")

ANNOUNCE_LABELS = {
    "new": "new",
    "cross": "cross",
    "replace": "repl",
    "replace-cross": "repl",
    "absonly": "abs",
}


def source_badges(item: ListItem, sources: dict[str, SourceConfig]) -> list[str]:
    """Short labels for where a paper was seen: ``cs.AI``, ``bioRxiv``, ``Nature``, ``HF``."""
    badges: list[str] = []
    for name in item.sources:
        source = sources.get(name)
        label = kind_badge(source.kind if source else None, item.category, item.journal, name)
        label = clean(label)[:24]
        if label not in badges:
            badges.append(label)
    return badges


def paper_row(
    item: ListItem,
    *,
    read: bool,
    starred: bool,
    sources: dict[str, SourceConfig],
    in_zotero: bool = False,
    keywords: Sequence[str] = (),
    lead: Content | None = None,
    marked: bool = False,
    tail: str = "",
    shown: Callable[[str], str] = str,
    width: int = 0,
) -> Content:
    """One line of the paper list, ``◆`` marking a paper the radar rates past its threshold
    and ``[radar]`` keywords highlighted in the title; "Z" after the date: already in Zotero
    (local API). A Radar row (``lead``: its score) shows the main reason ``tail`` next to the
    score, where a narrow terminal keeps it, instead of the source badges. ``shown`` turns
    the title into what the screen shows (LaTeX rendered or not); a list ``width`` wide
    enough has the first author at the row's end."""
    date = item.date[:10] if item.date else "          "
    announce = ANNOUNCE_LABELS.get(item.announce_type or "", "")
    parts: list[str | tuple[str, str] | Content] = [
        ("  " if read else "● ", "$accent"),
        ("★ " if starred else "  ", "$warning"),
    ]
    if lead is not None:
        reason = clean(tail)
        reason = reason if len(reason) <= REASON_WIDTH else reason[: REASON_WIDTH - 1] + "…"
        parts += [lead, (f"{reason:<{REASON_WIDTH}} ", "italic $text-muted")]
    parts.append((date + " ", "$text-muted"))
    if in_zotero:
        parts.append(("Z ", "bold $success"))
    if lead is None:
        for badge in source_badges(item, sources):
            parts.append((f"{badge} ", "$secondary"))
        if announce:
            parts.append((f"{announce} ", "italic $text-muted"))
        if item.upvotes:
            parts.append((f"▲{item.upvotes} ", "$success"))
    title = highlight_terms(clean(shown(item.title)) or "(untitled)", keywords, "bold $accent")
    row = Content.assemble(
        *parts,
        ("◆ " if marked else "", "$success"),
        title if read else title.stylize_before("bold"),
    )
    return with_first_author(row, item, width, shown)


def highlight_terms(text: str | Content, terms: Iterable[str], style: str) -> Content:
    """``text`` as plain Content with every case-insensitive match of ``terms`` styled;
    Content keeps its own spans (emphasis) where cleaning leaves its text as it was."""
    if isinstance(text, Content):
        plain = clean(text.plain)
        content = text if plain == text.plain else Content(plain)
    else:
        content = Content(clean(text))
    words = [re.escape(t.strip()) for t in terms if t.strip()]
    if not words:
        return content
    pattern = re.compile(r"\b(?:" + "|".join(words) + r")", re.IGNORECASE)
    spans = [Span(m.start(), m.end(), style) for m in pattern.finditer(content.plain)]
    return Content(content.plain, [*content.spans, *spans]) if spans else content


def abstract_content(
    paper: Paper,
    *,
    sources: dict[str, SourceConfig],
    starred: bool,
    tags: Sequence[str],
    note: str,
    keywords: Sequence[str],
    radar_authors: Sequence[str],
    shown: Callable[[str], str] = str,
    styled: Callable[[str], Content] | None = None,
) -> Content:
    """The abstract pane: title, authors, a line of dates and ids, the authors' comments,
    your tags and note, then the abstract with radar highlights, then where the paper was
    seen and its links;
    ``shown`` turns feed text into what the screen shows (LaTeX rendered or as written),
    ``styled`` the same with emphasis (default: ``shown``'s text, plain), for the title
    and the abstract."""
    styled = styled or (lambda text: Content(shown(text)))
    title = styled(paper.title) if paper.title.strip() else Content("(untitled)")
    authors = ", ".join(shown(a) for a in paper.authors)
    lines: list[Content] = [
        Content.assemble(
            ("★ " if starred else "", "$warning"),
            highlight_terms(title, keywords, "$accent").stylize_before("bold"),
        ),
        highlight_terms(authors or "(no authors listed)", radar_authors, "bold $accent").stylize(
            "$text-muted"
        ),
    ]
    # One line of dates, type and ids, so that at 80x24 the abstract itself starts on the
    # pane's fourth or fifth line; where the paper was seen and its links come after it.
    meta: list[str] = []
    if paper.published:
        meta.append(f"{paper.published:%Y-%m-%d}")
    if paper.updated and paper.updated != paper.published:
        meta.append(f"updated {paper.updated:%Y-%m-%d}")
    if paper.announced and paper.published and paper.announced.date() != paper.published.date():
        meta.append(f"announced {paper.announced:%Y-%m-%d}")  # a new version, listed again
    if paper.announce_type:
        meta.append(paper.announce_type)
    if paper.upvotes:
        meta.append(f"▲ {paper.upvotes} upvotes")
    ids: list[str] = []
    if paper.arxiv_id:
        ids.append(f"arXiv:{paper.arxiv_id}" + (f"v{paper.version}" if paper.version else ""))
    if paper.doi:
        ids.append(f"doi:{paper.doi}")
    if paper.categories:
        ids.append(" ".join(paper.categories))
    parts = [Content(m).stylize("$text-muted") for m in meta]
    parts += [Content(clean(i)).stylize("$secondary") for i in ids]
    if parts:
        lines.append(Content("  ·  ").join(parts))
    lines += arxiv_notes(paper, shown)
    if tags:
        lines.append(Content(clean("tags: " + ", ".join(tags))).stylize("$accent"))
    if note:
        lines.append(Content(clean("note: " + note, multiline=True)).stylize("italic"))
    lines.append(Content(""))
    lines.append(
        highlight_terms(
            styled(paper.abstract) if paper.abstract else "(no abstract in this feed)",
            keywords,
            "bold $accent",
        )
    )
    lines.append(Content(""))
    versions = version_line(paper)
    if versions:
        lines.append(Content(clean(versions)).stylize("$text-muted"))
    where = ", ".join(paper.sources)
    journal = paper.journal
    lines.append(
        Content(clean(f"in {where}" + (f"  ·  {journal}" if journal else ""))).stylize(
            "$text-muted"
        )
    )
    for label, url in (
        ("abs", paper.abs_url),
        ("pdf", paper.pdf_url),
        ("hf", paper.extra.get("hf_url")),
        ("code", paper.extra.get("code_url")),
    ):
        if url:
            lines.append(Content.assemble((f"{label}: ", "$text-muted"), clean(url)))
    return Content("\n").join(lines)


def list_title(
    label: str, count: int, *, search: str | None, unread_only: bool, sort: str
) -> Content:
    """The paper list's border title, as plain text: a search query or a source name with
    brackets in it is shown as typed, never read as markup."""
    title = (
        f"Search “{search}” · {count} found"
        if search is not None
        else f"{label} · {plural(count, 'paper')}"
    )
    if unread_only:
        title += " · unread only"
    if sort != "date":
        title += f" · by {sort}"
    return Content(clean(title))


def failure_line(state: SourceState | None) -> Content | str:
    """The paper list's bottom line for a source whose last refresh failed, or whose last
    listing was stored with a warning (a stale one), else ''."""
    if state is not None and state.warned and state.last_success:
        return Content(clean(f"⚠ {state.last_success.astimezone():%H:%M}: {state.warned}"))
    if state is None or not state.failing or not state.last_error_at:
        return ""
    return Content(
        clean(f"⚠ last refresh failed {state.last_error_at.astimezone():%H:%M}: {state.last_error}")
    )


def toast_text(message: str) -> str:
    """A toast's text: cleaned of escape sequences and control characters (a feed's error
    once reached the terminal raw through one), line breaks kept; never read as markup, so
    a title's "[Re]" or "[@click=…]" is shown as written."""
    return clean(message, multiline=True)


def failures_toast(failed: Sequence[SourceOutcome]) -> tuple[str, str]:
    """Title and text of the one toast that sums up a refresh's failed sources."""
    lines = [f"{o.name}: {o.message}" for o in failed[:4]]
    if len(failed) > 4:
        lines.append(f"… and {len(failed) - 4} more (the sources are marked !)")
    title = (
        "Refresh failed"
        if len(failed) == 1
        else f"{plural(len(failed), 'source')} failed to refresh"
    )
    return title, "\n".join(lines)


def warnings_toast(warned: Sequence[SourceOutcome]) -> tuple[str, str]:
    """Title and text of the toast for a refresh's sources that were stored with a warning
    (a stale listing): not failures, but the reader should know why papers are missing."""
    lines = [f"{o.name}: {o.warning}" for o in warned[:4]]
    if len(warned) > 4:
        lines.append(f"… and {len(warned) - 4} more (the sources are marked ~)")
    return "Stale listing" if len(warned) == 1 else "Stale listings", "\n".join(lines)
