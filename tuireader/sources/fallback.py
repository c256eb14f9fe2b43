"""The fallback: feedparser reads what the fast path cannot (irregular or broken XML).

It produces the same ``RawEntry`` the ElementTree reader does, so the kind mappers give
identical Papers whichever reader ran (tests/test_fallback.py checks it on every sample).
feedparser is ~25x slower, which is why it is only the fallback.
"""

from __future__ import annotations

from typing import Any

from tuireader.sources.entries import RawEntry, RawFeed
from tuireader.sources.errors import FeedError

_EXT_PREFIXES = ("arxiv", "prism", "dc", "opensearch")


def _ext(item: Any) -> dict[str, str]:
    ext: dict[str, str] = {}
    for key, value in item.items():
        prefix, _, name = key.partition("_")
        if prefix not in _EXT_PREFIXES or not name:
            continue
        if isinstance(value, dict):
            value = value.get("term") or value.get("value") or ""
        if isinstance(value, str):
            ext[f"{prefix}:{name}"] = value
    return ext


def _entry(item: Any, is_atom: bool) -> RawEntry:
    content = item.get("content") or []
    content_text = content[0].get("value", "") if content else ""
    summary = item.get("summary", "")
    if content_text and summary == content_text:
        summary = ""  # feedparser copies content:encoded into summary; ElementTree does not
    entry = RawEntry(
        title=item.get("title", ""),
        link=item.get("link", "").strip(),
        guid=item.get("id", "").strip(),
        summary=summary,
        content=content_text,
        authors=[a.get("name", "") for a in item.get("authors", []) if a.get("name")],
        categories=[t.get("term", "") for t in item.get("tags", []) if t.get("term")],
        ext=_ext(item),
    )
    # dict.get: FeedParserDict.get("published") silently (and deprecatedly) maps to updated.
    published, updated = dict.get(item, "published", ""), dict.get(item, "updated", "")
    if is_atom:
        entry.published, entry.updated = published, updated
    else:
        # feedparser files RSS 1.0's dc:date under "updated"; our readers call it published.
        entry.published = published or updated
        if updated:
            entry.ext.setdefault("dc:date", updated)
    if entry.title:
        entry.ext.setdefault("dc:title", entry.title)
    for link in item.get("links", []):
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            entry.pdf_link = link.get("href", "")
        elif link.get("title") == "doi":
            entry.ext.setdefault("atom:doi_link", link.get("href", ""))
    return entry


def read_with_feedparser(body: bytes) -> RawFeed:
    """Parse bytes (never a URL: feedparser would fetch a string) into a RawFeed."""
    import feedparser  # imported on first use: it is slow to import and rarely needed

    parsed = feedparser.parse(bytes(body), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        raise FeedError(f"not a feed{f': {reason}' if reason else ''}")
    is_atom = str(parsed.get("version", "")).startswith("atom")
    entries = [_entry(e, is_atom) for e in parsed.entries]
    # A recovered fragment of a broken document can be an empty shell of an item.
    entries = [e for e in entries if e.title or e.link or e.guid or e.summary or e.content]
    feed = RawFeed(title=parsed.feed.get("title", ""), entries=entries)
    feed.ext = {k: v for k, v in _ext(parsed.feed).items() if k.startswith("opensearch:")}
    return feed
