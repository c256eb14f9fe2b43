"""The fallback: feedparser reads what the fast path cannot (irregular or broken XML).

It produces the same ``RawEntry`` the ElementTree reader does, so the kind mappers give
identical Papers whichever reader ran (tests/test_fallback.py checks it on every sample).
feedparser is ~25x slower, which is why it is only the fallback.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from tuireader.feeds.entries import RawEntry, RawFeed
from tuireader.feeds.errors import FeedError

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


def _str(value: Any) -> str:
    """feedparser's values are usually strings, but not always (None, dicts): coerce."""
    return value if isinstance(value, str) else ""


def _entry(item: Any, is_atom: bool) -> RawEntry:
    content = item.get("content") or []
    content_text = _str(content[0].get("value")) if content and isinstance(content[0], dict) else ""
    summary = _str(item.get("summary"))
    if content_text and summary == content_text:
        summary = ""  # feedparser copies content:encoded into summary; ElementTree does not
    entry = RawEntry(
        title=_str(item.get("title")),
        link=_str(item.get("link")).strip(),
        guid=_str(item.get("id")).strip(),
        summary=summary,
        content=content_text,
        authors=[
            _str(a.get("name"))
            for a in item.get("authors") or []
            if isinstance(a, dict) and _str(a.get("name"))
        ],
        categories=[
            _str(t.get("term"))
            for t in item.get("tags") or []
            if isinstance(t, dict) and _str(t.get("term"))
        ],
        ext=_ext(item),
    )
    # dict.get: FeedParserDict.get("published") silently (and deprecatedly) maps to updated.
    published = _str(dict.get(item, "published"))
    updated = _str(dict.get(item, "updated"))
    if is_atom:
        entry.published, entry.updated = published, updated
    else:
        # feedparser files RSS 1.0's dc:date under "updated"; our readers call it published.
        entry.published = published or updated
        if updated:
            entry.ext.setdefault("dc:date", updated)
    if entry.title:
        entry.ext.setdefault("dc:title", entry.title)
    if not is_atom and entry.guid and not entry.link:
        # feedparser makes a permalink guid the link; one it did not is isPermaLink="false"
        entry.ext["rss:guid_is_not_a_link"] = "1"
    for link in item.get("links") or []:
        if not isinstance(link, dict):
            continue
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            entry.pdf_link = _str(link.get("href"))
        elif link.get("title") == "doi":
            entry.ext.setdefault("atom:doi_link", _str(link.get("href")))
    return entry


def _is_shell(item: Any) -> bool:
    """An item without title, link, id, summary or content (a fragment of broken XML)."""
    try:
        return not (
            any(_str(item.get(k)) for k in ("title", "link", "id", "summary"))
            or item.get("content")
        )
    except Exception:  # not even a mapping: reading it will say so, and count it
        return False


def read_with_feedparser(body: bytes) -> RawFeed:
    """Parse bytes (never a URL: feedparser would fetch a string) into a RawFeed."""
    import feedparser  # imported on first use: it is slow to import and rarely needed

    try:
        parsed = feedparser.parse(bytes(body), sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # third-party code on hostile input: any failure is ours to name
        raise FeedError(f"unreadable feed ({type(exc).__name__}: {exc})") from exc
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        raise FeedError(f"not a feed{f': {reason}' if reason else ''}")
    is_atom = str(parsed.get("version", "")).startswith("atom")
    # A recovered fragment of a broken document can be an empty shell of an item.
    items = [e for e in parsed.entries if not _is_shell(e)]
    feed = RawFeed(
        title=_str(parsed.feed.get("title")), items=items, read=partial(_entry, is_atom=is_atom)
    )
    feed.ext = {k: v for k, v in _ext(parsed.feed).items() if k.startswith("opensearch:")}
    if str(parsed.get("version", "")).startswith("rss"):
        feed.ext["rss:description"] = _str(parsed.feed.get("subtitle")).strip()
    return feed
