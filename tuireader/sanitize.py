"""The one cleaning rule for untrusted text on its way to a terminal, a toast or a file.

Feed titles and abstracts, HTTP reason phrases, XML element names, OPML outline names, source
names from config.toml, notes and tags: any of them may hold escape sequences that drive a
terminal (``ESC ] 52`` writes the clipboard, ``ESC ] 0`` sets the window title, ``ESC [ 2J``
clears the screen), C1 controls that some terminals read as the same (U+009B is CSI),
a carriage return that overwrites what was printed, or bidi controls that make text read
differently from what it is. Every printer (the commands' output helpers, the reader's
toasts and panes, the exporters) passes its text through :func:`clean`; SECURITY.md lists
them and ``tests/test_sanitize_printers.py`` feeds each one a hostile string.
"""

from __future__ import annotations

import re

# A whole escape sequence, so that no "[2J" or "]0;title" is left behind: CSI (ESC [ ...
# final byte), the string sequences OSC, DCS, SOS, PM and APC (ESC ] P X ^ _ ... up to BEL
# or ST), and the two-byte ones (ESC and one character). A lone ESC goes too.
_ESCAPE_SEQUENCE_RE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]"
    r"|[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|[ -/]*[0-~])?"
)
# What is removed, one character at a time: C0 controls other than tab, line feed and
# carriage return (handled below), DEL, C1 controls (U+0080-U+009F; 8-bit CSI, OSC, DCS and
# NEL among them), Arabic letter mark, zero-width space, the bidi marks, embeddings,
# overrides and isolates, invisible operators, Mongolian vowel separator, BOM, interlinear
# annotation marks, and lone surrogates (which cannot even be written as UTF-8).
# ZWJ/ZWNJ (U+200C/U+200D) stay: scripts and emoji need them.
_UNSAFE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\ufff9-\ufffb\ud800-\udfff]"
)
# Line breaks in every spelling: a lone CR would move the cursor back over what was printed.
_LINE_BREAK_RE = re.compile("\r\n?|[\n\x0b\x0c\x85\u2028\u2029]")
_TAB_OR_BREAK_RE = re.compile("\r\n?|[\t\n\x0b\x0c\x85\u2028\u2029]")


def clean(text: str, *, multiline: bool = False) -> str:
    """``text`` with escape sequences, control, bidi and invisible characters removed.

    One line by default: line breaks and tabs become spaces. With ``multiline``, every
    kind of line break becomes ``\\n`` and tabs stay (a note, a toast, a whole file).
    """
    # Every character removed or replaced is non-printable (Cc, Cf, Cs, Zl, Zp), so
    # printable text, which is nearly all of it, is returned as it is.
    if text.isprintable():
        return text
    text = _ESCAPE_SEQUENCE_RE.sub("", text)
    text = _LINE_BREAK_RE.sub("\n", text) if multiline else _TAB_OR_BREAK_RE.sub(" ", text)
    return _UNSAFE_RE.sub("", text)


def clean_document(text: str) -> str:
    """A whole file for export: :func:`clean` line by line, keeping its ``\\r\\n`` line ends
    (CSV has them) and tabs."""
    if text.isprintable():
        return text
    return "\r\n".join(clean(part, multiline=True) for part in text.split("\r\n"))
