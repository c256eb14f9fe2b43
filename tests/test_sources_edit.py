"""`hubread sources add/remove` and `opml import` with what users and older versions
leave behind: an emptied source list, hostile OPML, the addresses users copy."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tuireader.cli import main
from tuireader.config.settings import default_config_text, load_config
from tuireader.storage.home_paths import AppPaths


def run(home: AppPaths, *args: str) -> int:
    return main([*args, "--config", str(home.config_file), "--data-dir", str(home.data_dir)])


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    """A home on the commented default config, as a first start writes it."""
    paths = AppPaths(config_file=tmp_path / "config.toml", data_dir=tmp_path / "data")
    paths.config_file.write_text(default_config_text())
    return paths


def test_removing_every_source_leaves_valid_toml_that_takes_new_sources(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """Removing the last source wrote `sources = []` at the top of the file, and every
    `sources add` after it failed with 'invalid TOML' blaming the user."""
    for source in load_config(home.config_file).sources:
        assert run(home, "sources", "remove", source.name) == 0
    text = home.config_file.read_text()
    assert tomllib.loads(text).get("sources", []) == []
    assert "sources = []" not in text
    assert "# Every kind accepts url" in text  # the comments stay
    assert run(home, "sources", "add", "Robots", "--kind", "arxiv", "--categories", "cs.RO") == 0
    assert (
        run(home, "sources", "add", "Cell", "--url", "https://www.cell.com/cell/inpress.rss") == 0
    )
    config = load_config(home.config_file)
    assert [(s.name, s.kind) for s in config.sources] == [("Robots", "arxiv"), ("Cell", "feed")]
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "old",
    [
        "sources = []\n",  # what an older hubread wrote after the last remove
        'sources = [{ name = "Old", kind = "huggingface" }]\n',  # written by hand
    ],
)
def test_adding_to_a_file_with_an_inline_sources_array(
    home: AppPaths, old: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = default_config_text()
    home.config_file.write_text(old + text[: text.index("[[sources]]")])
    assert run(home, "sources", "add", "Robots", "--kind", "arxiv", "--categories", "cs.RO") == 0, (
        capsys.readouterr().err
    )
    expected = ["Old", "Robots"] if "Old" in old else ["Robots"]
    assert [s.name for s in load_config(home.config_file).sources] == expected
    assert "# hubread configuration." in home.config_file.read_text()


@pytest.mark.parametrize(
    ("url", "kind", "settings"),
    [
        ("https://arxiv.org/list/cs.AI/new", "arxiv", {"categories": ("cs.AI",)}),
        ("https://arxiv.org/list/math.AG/recent", "arxiv", {"categories": ("math.AG",)}),
        (
            "https://arxiv.org/list/hep-th/pastweek?skip=0&show=25",
            "arxiv",
            {"categories": ("hep-th",)},
        ),
        ("https://export.arxiv.org/rss/q-bio.NC", "arxiv", {"categories": ("q-bio.NC",)}),
        ("https://rss.arxiv.org/atom/cs.AI+stat.ML", "arxiv", {"categories": ("cs.AI", "stat.ML")}),
        (
            "https://rss.arxiv.org/rss/cond-mat.mes-hall",
            "arxiv",
            {"categories": ("cond-mat.mes-hall",)},
        ),
        (
            "https://export.arxiv.org/api/query?search_query=all:transformer&max_results=50",
            "arxiv-query",
            {"query": "all:transformer", "max_results": 50},
        ),
        (
            "https://export.arxiv.org/api/query?search_query=cat:cs.LG",
            "arxiv-query",
            {"query": "cat:cs.LG"},
        ),
        ("https://huggingface.co/papers", "huggingface", {}),
        ("https://huggingface.co/papers?date=2026-11-20", "huggingface", {"date": "2026-11-20"}),
        ("https://huggingface.co/papers/date/2026-11-20", "huggingface", {"date": "2026-11-20"}),
        (
            "https://huggingface.co/api/daily_papers?date=2026-11-19",
            "huggingface",
            {"date": "2026-11-19"},
        ),
        (
            "https://connect.biorxiv.org/biorxiv_xml/cell_biology",
            "biorxiv",
            {"subject": "cell biology"},
        ),
        ("https://www.cell.com/cell/inpress.rss", "feed", {}),
    ],
)
def test_the_addresses_users_copy_are_recognised(
    url: str, kind: str, settings: dict[str, object]
) -> None:
    """The arXiv list pages and huggingface.co/papers became `feed` (fetching HTML), an
    API query's max_results became 100 and a Hugging Face date was dropped."""
    from tuireader.kinds.registry import recognise

    assert recognise(url) == (kind, settings)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://rss.arxiv.org/rss/cs.AI+%0A%1B]0;X%07", "is not an arXiv category"),
        ("https://arxiv.org/list/cs%20AI;rm/new", "is not an arXiv category"),
        ("https://export.arxiv.org/api/query?search_query=all:x%1B[2J", "control characters"),
        ("https://huggingface.co/papers/date/2026-13-40", "is not a date as YYYY-MM-DD"),
        ("https://example.org/a feed", "spaces or control characters"),
        ("https://example.org/\nfeed", "spaces or control characters"),
        ("https://example.org:port/feed", "not a valid address"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("https:///feed", "names no host"),
    ],
)
def test_addresses_that_cannot_be_right_are_refused_with_the_reason(url: str, reason: str) -> None:
    from tuireader.kinds.base import UnusableURL
    from tuireader.kinds.registry import recognise

    with pytest.raises(UnusableURL) as info:
        recognise(url)
    assert reason in str(info.value)
    assert str(info.value).isprintable()


def test_sources_add_keeps_what_the_address_says_and_names_the_clash(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            home,
            "sources",
            "add",
            "Transformers",
            "--url",
            "https://export.arxiv.org/api/query?search_query=all:transformer&max_results=50",
        )
        == 0
    )
    assert (
        run(
            home,
            "sources",
            "add",
            "HF 20",
            "--url",
            "https://huggingface.co/papers/date/2026-11-20",
        )
        == 0
    )
    config = load_config(home.config_file)
    assert config.source("Transformers").max_results == 50
    assert config.source("HF 20").date == "2026-11-20"
    capsys.readouterr()
    assert run(home, "sources", "add", "AI again", "--url", "https://arxiv.org/list/cs.AI/new") == 2
    err = capsys.readouterr().err
    assert "'arXiv cs.AI' already reads the same address" in err
    assert run(home, "sources", "add", "Nature", "--kind", "huggingface") == 2
    assert "a source named 'Nature' already exists" in capsys.readouterr().err
    assert (
        run(
            home, "sources", "add", "Evil", "--url", "https://rss.arxiv.org/rss/cs.AI+%0A%1B]0;X%07"
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "is not an arXiv category" in err and "\x1b" not in err
    assert load_config(home.config_file).source("Evil") is None


def test_config_categories_and_urls_are_checked_at_load(tmp_path: Path) -> None:
    from tuireader.config.settings import ConfigError, parse_config

    with pytest.raises(ConfigError, match="is not an arXiv category"):
        parse_config(
            '[[sources]]\nname = "x"\nkind = "arxiv"\ncategories = ["cs.AI\\u001b"]',
            tmp_path / "c.toml",
        )
    with pytest.raises(ConfigError, match="name must not contain control characters"):
        parse_config('[[sources]]\nname = "x\\u001b[2J"\nkind = "huggingface"', tmp_path / "c.toml")
    with pytest.raises(ConfigError, match="spaces or control characters"):
        parse_config(
            '[[sources]]\nname = "x"\nkind = "feed"\nurl = "https://a.b/c d"', tmp_path / "c.toml"
        )


HOSTILE_OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><body>
  <outline text="Evil &#x9b;]0;pwned&#x202e;folder&#10;">
    <outline title="Evil &#x9b;2J&#10;arXiv" xmlUrl="https://rss.arxiv.org/rss/cs.AI+%0A%1B]0;X%07"/>
    <outline title="Spaced" xmlUrl="https://example.org/a feed"/>
    <outline title="Broken" xmlUrl="https://example.org/&#10;feed"/>
    <outline title="Good &#x9b;31m one" xmlUrl="https://example.org/good.rss"/>
    <outline title="HF day" xmlUrl="https://huggingface.co/papers?date=2026-11-20"/>
  </outline>
</body></opml>"""


def test_opml_import_refuses_unusable_addresses_and_says_why(
    home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "hostile.opml"
    file.write_bytes(HOSTILE_OPML)
    assert run(home, "opml", "import", str(file)) == 0
    out = capsys.readouterr().out
    assert all(line.isprintable() for line in out.splitlines())
    assert "rejected Evil 2J arXiv ('\\n\\x1b]0;X\\x07' is not an arXiv category" in out
    assert "rejected Spaced (it contains spaces or control characters)" in out
    assert "rejected Broken (it contains spaces or control characters)" in out
    assert out.rstrip().endswith("; 3 outlines not taken (address not usable)")
    config = load_config(home.config_file)
    good, day = config.source("Good 31m one"), config.source("HF day")
    assert good is not None and good.tags == ("Evil ]0;pwnedfolder",)
    assert (day.kind, day.date) == ("huggingface", "2026-11-20")
    assert [s.name for s in config.sources].count("Spaced") == 0


def test_opml_with_an_unknown_encoding_is_a_clear_error(
    home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It used to end in a LookupError traceback."""
    file = tmp_path / "odd.opml"
    file.write_bytes(b'<?xml version="1.0" encoding="x-unknown-8"?><opml><body/></opml>')
    assert run(home, "opml", "import", str(file)) == 2
    err = capsys.readouterr().err
    assert err == (
        f"hubread: {file}: the XML declares an encoding hubread cannot read "
        "(unknown encoding: x-unknown-8)\n"
    )
