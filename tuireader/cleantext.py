"""Turn untrusted feed text into clean, single-line-safe plain text.

Every title, author and abstract comes from the network. Before anything else sees it we
strip HTML (only real, known tags, so ``x<y`` in an abstract survives), decode entities,
collapse whitespace and remove what could drive the terminal or spoof the text (escape
sequences, C0/C1 controls, bidi overrides, invisible marks) by the one rule that every
printer applies too, ``tuireader.sanitize.clean``.
"""

from __future__ import annotations

import html
import re

from tuireader.sanitize import clean

# Known HTML tags only: a generic ``<[^>]+>`` would eat "a <b and c> d" in plain abstracts.
_HTML_TAGS = (
    "a|abbr|b|big|blockquote|br|caption|cite|code|dd|del|dfn|div|dl|dt|em|figcaption|figure|"
    "font|h[1-6]|hr|i|img|ins|kbd|li|mark|math|mi|mn|mo|mrow|msub|msup|mtext|ol|p|pre|q|s|"
    "samp|section|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul|var|wbr"
)
_TAG_RE = re.compile(rf"</?(?:{_HTML_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
# Elements whose content is not text (scripts, styles, embedded frames and media) and
# comments go whole; other known or namespaced ("<jats:p>", "<mml:mi>") tags are unwrapped.
_HIDDEN_RE = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|iframe|noscript|object|embed|svg|template|video|audio|"
    r"canvas|map|select|textarea|head|title)\b[^<>]*>.*?(?:</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
_OTHER_TAG_RE = re.compile(
    r"</?(?:[a-z][\w.-]*:[a-z][\w.-]*|iframe|script|style|noscript|object|embed|source|track|"
    r"param|svg|path|g|center|label|input|button|form|nav|header|footer|article|aside|main|"
    r"time|meta|link|picture|body|html|head|title|o:p|area|base|col|colgroup|tfoot|details|"
    r"summary|address|bdi|ruby|rt|rp|sc|italic|bold|inline-formula|disp-formula)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# <sup>5</sup> and <sub>2</sub> as LaTeX, which the exports and the reader understand:
# "10<sup>5</sup> cells" must not become "105 cells".
_SCRIPT_RE = re.compile(r"<(sup|sub)\b[^<>]*>([^<>]{1,40}?)</\1\s*>", re.IGNORECASE)


def _script(match: re.Match[str]) -> str:
    inner = match.group(2).strip()
    if not inner:
        return ""
    return f"$^{{{inner}}}$" if match.group(1).lower() == "sup" else f"$_{{{inner}}}$"


_BLOCK_TAG_RE = re.compile(r"</?(?:br|p|div|li|h[1-6]|tr|blockquote|hr)\b[^<>]*>", re.IGNORECASE)


# ASCII's control characters: in ASCII text, the only characters that are not printable.
_ASCII_CONTROLS = bytes(range(0x20)) + b"\x7f"


def _plain_ascii(text: str) -> bool:
    """Whether ``text`` is ASCII without control characters or double spaces: nothing to
    clean. ``str.isprintable`` looks every character up in the Unicode tables; for ASCII,
    deleting the control bytes and comparing lengths is three times faster."""
    if "  " in text:
        return False
    raw = text.encode("ascii")
    return len(raw.translate(None, _ASCII_CONTROLS)) == len(raw)


def collapse_whitespace(text: str) -> str:
    """Collapse every run of whitespace (newlines included) to one space."""
    return " ".join(text.split())


def clean_text(text: str | None, *, is_html: bool = False, scripts: bool = False) -> str:
    """Plain, single-line text from a feed field; ``is_html`` also strips tags and entities
    (and with ``scripts``, for abstracts, writes sub- and superscripts as ``$_{2}$``)."""
    if not text:
        return ""
    if is_html:
        text = _HIDDEN_RE.sub(" ", text)
        if scripts:
            text = _SCRIPT_RE.sub(_script, text)
        text = _BLOCK_TAG_RE.sub(" ", text)
        text = _TAG_RE.sub("", text)
        text = _OTHER_TAG_RE.sub("", text)
        text = html.unescape(text)
    elif _plain_ascii(text) if text.isascii() else ("  " not in text and text.isprintable()):
        # The common case: printable text has no whitespace but the plain space (tabs,
        # newlines and Unicode spaces are not printable), so single spaces mean nothing is
        # left to collapse or remove.
        return text.strip()
    # Collapse first: the result is usually printable, so clean is then a no-op
    # check. What it does remove may leave two spaces together, hence the second collapse.
    # (Control characters that str.split() counts as whitespace, such as form feed and
    # NEL, so separate words rather than vanish.)
    text = collapse_whitespace(text)
    stripped = clean(text, multiline=True)
    return text if stripped is text else collapse_whitespace(stripped)


def looks_like_html(text: str) -> bool:
    """True when a field contains real HTML tags or escaped entities worth decoding."""
    return bool(_TAG_RE.search(text) or _OTHER_TAG_RE.search(text) or "<!--" in text) or (
        "&" in text and html.unescape(text) != text
    )
