from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tuireader.cleantext import clean_text
from tuireader.sanitize import clean


def test_html_is_stripped_and_entities_decoded() -> None:
    assert (
        clean_text("Na<sub>2</sub>BaCo(PO<sub>4</sub>)<sub>2</sub> &amp; more", is_html=True)
        == "Na2BaCo(PO4)2 & more"
    )
    assert clean_text("<p>One</p><p>Two</p>", is_html=True) == "One Two"


def test_plain_text_comparisons_survive() -> None:
    text = "effects hold for x <b and c> d when a<1 minute"
    assert clean_text(text) == text


def test_whitespace_collapses() -> None:
    assert clean_text("  Inelastic effects\n  at high bias\t") == "Inelastic effects at high bias"


def test_control_and_invisible_characters_are_removed() -> None:
    hostile = "A\x1b[2J\x1b]0;owned\x07B\u202eC\u200bD\x9bE"
    # Whole escape sequences go, not just their ESC: no "[2J" or "]0;owned" is left.
    assert clean(hostile, multiline=True) == "ABCDE"
    # Joiners stay: emoji and several scripts need them.
    assert clean("a\u200db", multiline=True) == "a\u200db"


_TRICKY = st.text(
    alphabet=st.sampled_from(
        [
            *"ab, and()",
            "\n",
            "\t",
            "\x0c",
            "\x1b",
            "\x85",
            "\xa0",
            "\u200b",
            "\u200d",
            "\u202e",
            "\u3000",
            "é",
        ]
    ),
    max_size=40,
)


@given(_TRICKY)
def test_the_fast_path_cleans_exactly_like_the_general_one(text: str) -> None:
    from tuireader.cleantext import collapse_whitespace

    assert clean_text(text) == collapse_whitespace(clean(collapse_whitespace(text), multiline=True))


@given(_TRICKY)
def test_author_splitting_without_the_regex_agrees_with_it(text: str) -> None:
    from tuireader.feeds.authors import _SEPARATOR_RE, split_arxiv_authors

    cleaned = clean_text(text)
    if "(" in cleaned or "[" in cleaned:
        return
    reference = [n.strip() for n in _SEPARATOR_RE.split(cleaned.strip())]
    assert split_arxiv_authors(text) == tuple(
        n for n in reference if n and n.lower() not in ("et al.", "et al", "others")
    )
