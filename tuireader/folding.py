"""Letters that Unicode does not decompose, spelled the way a reader types them.

"Møller", "Æsir", "Straße", "Łódź", "Þór": NFKD (and SQLite's unicode61 tokenizer, which
removes only the diacritics that decompose) leaves ø, æ, ß, ł, þ as they are, so "moller"
would never find "Møller". The search index (storage/search_index.py) and the radar's
words (radar/terms.py) both fold with this one table, so a search and a radar rule agree.
"""

from __future__ import annotations

import unicodedata

# Case is kept (the tokenizer folds case itself); ``fold`` lower-cases afterwards.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ẞ": "SS",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
    }
)


def fold_letters(text: str) -> str:
    """``text`` with the undecomposable letters spelled out, case kept: "Møller" ->
    "Moller". ASCII text, nearly all of it, is returned as it is."""
    return text if text.isascii() else text.translate(_LETTERS)


def fold(text: str) -> str:
    """Lower case without accents: "Møller-Ølsen" -> "moller-olsen"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", fold_letters(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
