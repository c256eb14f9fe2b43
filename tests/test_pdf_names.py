"""The saved PDF's name and the [ui] settings of `P`: plain, bounded, and checked at start."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tuireader.config.settings import ConfigError, parse_config
from tuireader.fetch.pdf_names import MAX_STEM, numbered, pdf_stem
from tuireader.model import Paper

DAY = datetime(2026, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "authors", "stem"),
    [
        (
            "Notes on the Analytical Engine",
            ("Ada Lovelace",),
            "Lovelace2026-Notes-on-the-Analytical-Engine",
        ),
        (
            "Erdős–Rényi graphs are $\\alpha$-stable",
            ("Paul Erdős",),
            "Erdos2026-Erdos-Renyi-graphs-are-alpha-stable",
        ),
        ("Gradient-based learning", ("Yann Le Cun",), "LeCun2026-Gradient-based-learning"),
        ("Über Møller: 日本語 ∑ title", ("Anna van der Berg",), "Berg2026-Uber-Moller-title"),
        ("A study", ("ATLAS Collaboration",), "ATLASCollaboration2026-A-study"),
        ("../../.ssh/authorized_keys", ("..",), "2026-ssh-authorized-keys"),
        ("Owned\x1b]52;c;ZXZpbA==\x07 title\u202e", ("Ed\x1b[2J",), "Ed2026-Owned-title"),
        (
            "one two three four five six seven eight nine ten",
            (),
            "2026-one-two-three-four-five-six-seven-eight",
        ),
    ],
)
def test_names_are_ascii_words_joined_by_dashes(
    title: str, authors: tuple[str, ...], stem: str
) -> None:
    assert pdf_stem(Paper(key="k", title=title, authors=authors, published=DAY)) == stem


def test_names_are_bounded_never_empty_and_never_a_reserved_device() -> None:
    long = pdf_stem(
        Paper(key="k", title="Word " * 5 + "x" * 300, authors=("Ada Lovelace",), published=DAY)
    )
    assert long == "Lovelace2026-Word-Word-Word-Word-Word"
    alone = pdf_stem(Paper(key="k", title="y" * 300))
    assert alone == "y" * MAX_STEM
    assert (
        pdf_stem(Paper(key="arxiv:2401.01234", title="∑∑", arxiv_id="2401.01234")) == "2401-01234"
    )
    assert pdf_stem(Paper(key="k", title="")) == "paper"
    assert pdf_stem(Paper(key="k", title="con")) == "con-paper"
    assert [numbered("A", n) for n in (1, 2, 3)] == ["A.pdf", "A-2.pdf", "A-3.pdf"]


def test_pdf_settings_default_and_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "config.toml"
    ui = parse_config("", path).ui
    assert ui.pdf_dir is None and ui.pdf_max_mb == 100  # None: the Downloads folder
    ui = parse_config("[ui]\npdf_dir = '~/papers'\npdf_max_mb = 20", path).ui
    assert ui.pdf_dir == Path.home() / "papers" and ui.pdf_max_mb == 20
    assert parse_config("[ui]\npdf_dir = 'pdfs'", path).ui.pdf_dir == tmp_path / "conf" / "pdfs"
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    for text, message in [
        (
            f"pdf_dir = '{tmp_path / 'a-file'}'",
            f"[ui].pdf_dir {tmp_path / 'a-file'} is a file, not a folder",
        ),
        (
            f"pdf_dir = '{tmp_path / 'a-file' / 'pdfs'}'",
            f"[ui].pdf_dir {a_file / 'pdfs'} cannot be made: {a_file} is a file",
        ),
        ("pdf_dir = 3", "[ui].pdf_dir must be a folder path, got 3"),
        ("pdf_max_mb = 0", "[ui].pdf_max_mb must be a number from 0.1 to 4096, got 0"),
        ("pdf_max_mb = 'big'", "[ui].pdf_max_mb must be a number, got 'big'"),
        ("pdf_maxmb = 3", "unknown key 'pdf_maxmb' in [ui] (did you mean 'pdf_max_mb'?)"),
    ]:
        with pytest.raises(ConfigError) as error:
            parse_config(f"[ui]\n{text}", path)
        assert message in str(error.value)
