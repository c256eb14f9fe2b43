"""The text of an Atom text construct (``summary``, ``content``) of whichever type or mode.

Atom 1.0 ``type="xhtml"`` holds the markup as child elements: their text joined with
nothing between glues paragraphs ("...end.Next..."), so it is written back as HTML for
the cleaner. Atom 1.0 content of a non-text media type, and Atom 0.3's ``mode="base64"``,
is base64 (RFC 4287 4.1.3.3); text in it is decoded, anything else is left out.
"""

from __future__ import annotations

import base64
import binascii
from html import escape

from tuireader.feeds.safe_xml import Element, local_name, text_of

_TEXT_TYPES = ("text", "html", "xhtml", "escaped", "xml", "")


def _as_html(element: Element) -> str:
    """The children of ``element`` as plain HTML (no namespaces, no attributes)."""
    parts = [escape(element.text or "", quote=False)]
    for child in element:
        if isinstance(child.tag, str):  # comments and processing instructions are not text
            name = local_name(child.tag)
            parts.append(f"<{name}>{_as_html(child)}</{name}>")
        parts.append(escape(child.tail or "", quote=False))
    return "".join(parts)


def _base64_text(encoded: str) -> str:
    try:
        raw = base64.b64decode("".join(encoded.split()), validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return ""  # not base64 of UTF-8 text: an image or the like, nothing to read


def atom_text(element: Element | None) -> str:
    """The text (or HTML) an Atom ``summary``/``content`` element carries."""
    if element is None:
        return ""
    kind = element.get("type", "").strip().lower()
    mode = element.get("mode", "").strip().lower()  # Atom 0.3
    if kind == "xhtml" or (mode == "xml" and len(element)):
        children = [c for c in element if isinstance(c.tag, str)]
        inner = children[0] if len(children) == 1 and local_name(children[0].tag) == "div" else None
        return _as_html(inner if inner is not None else element)
    if mode == "base64":
        return _base64_text(text_of(element))
    if kind not in _TEXT_TYPES and not kind.startswith("text/") and not kind.endswith("xml"):
        return _base64_text(text_of(element))
    return text_of(element)
