"""Every kind of source has one home: each capability the app uses comes from the registry.

Table-driven over ``KINDS``: a kind added to the registry is checked here without a line
of this file changing, and a module outside ``tuireader/kinds`` that switches on a kind's
name fails the AST check below.
"""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from tuireader.config.editing import add_sources
from tuireader.config.settings import load_config
from tuireader.interop.opml import read_opml, to_opml
from tuireader.kinds.base import SourceKind, load
from tuireader.kinds.registry import KINDS, badge, kind_of, recognise, source_url
from tuireader.kinds.source import SourceConfig
from tuireader.links import http_url_problem

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tuireader"
SETTING_FIELDS = {f.name for f in dataclasses.fields(SourceConfig)} - {"name", "kind"}
EXAMPLES = [
    pytest.param(kind, url, settings, id=f"{kind.name}:{url}")
    for kind in KINDS.values()
    for url, settings in kind.examples
]


def example_source(kind: SourceKind, url: str, settings: dict[str, object]) -> SourceConfig:
    """The source a user gets by adding ``url``: the kind's settings, the url if it is the
    feed's own address."""
    return SourceConfig(
        f"{kind.name} example", kind.name, url=url if kind.url_is_address else "", **settings
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_kind_declares_what_the_app_needs(kind: SourceKind) -> None:
    assert kind_of(kind.name) is kind
    assert kind.summary and kind.empty_note
    assert kind.keys and set(kind.keys) <= SETTING_FIELDS, "keys must be SourceConfig fields"
    assert callable(load(kind.parser)), f"{kind.parser} names no parser"
    if kind.paging is not None:
        assert callable(load(kind.paging.parser))
        assert not kind.parses_in_pool
    assert kind.examples, "each kind shows at least one address it recognises"
    for url, settings in kind.examples:
        source = example_source(kind, url, settings)
        assert http_url_problem(source_url(source)) is None
        assert kind.problems(source) == []
        assert kind.detail(source)
        assert kind.badge(None, None, source.name)


@pytest.mark.parametrize(("kind", "url", "settings"), EXAMPLES)
def test_each_kind_recognises_its_own_addresses(
    kind: SourceKind, url: str, settings: dict[str, object]
) -> None:
    assert recognise(url) == (kind.name, settings)


@pytest.mark.parametrize(("kind", "url", "settings"), EXAMPLES)
def test_each_kinds_table_round_trips_through_config(
    tmp_path: Path, kind: SourceKind, url: str, settings: dict[str, object]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n", "utf-8")
    source = example_source(kind, url, settings)
    mirrored = dataclasses.replace(
        source, name="mirrored", url="https://mirror.example/x", tags=("T",), enabled=False
    )
    add_sources(path, [source, mirrored])
    config = load_config(path, create=False)
    assert config.sources == (source, mirrored)
    assert "# mine" in path.read_text("utf-8")


@pytest.mark.parametrize(("kind", "url", "settings"), EXAMPLES)
def test_each_kind_round_trips_through_opml(
    kind: SourceKind, url: str, settings: dict[str, object]
) -> None:
    source = example_source(kind, url, settings)
    found, rejected = read_opml(to_opml([source]).encode())
    assert rejected == []
    assert [s.as_config() for s in found] == [source]


def test_a_paper_of_a_source_no_longer_configured_shows_as_a_feed_does() -> None:
    assert badge(None, None, None, "Journal X") == "Journal X"
    assert badge(None, "cs.AI", "Nature", "n") == "Nature"


def test_the_parsers_and_lxml_load_only_on_the_first_parse() -> None:
    """Config, URLs, recognition, badges and descriptions of every kind, then a parse."""
    code = (
        "import sys\n"
        "from tuireader.config.settings import parse_config\n"
        "from tuireader.kinds.registry import KINDS, badge, recognise, source_url, parse_feed\n"
        "from tuireader.kinds.source import SourceConfig\n"
        "for kind in KINDS.values():\n"
        "    for url, settings in kind.examples:\n"
        "        recognise(url)\n"
        "        source = SourceConfig('s', kind.name, url=url, **settings)\n"
        "        source_url(source); kind.detail(source); kind.table(source)\n"
        "        badge(kind.name, None, None, 's')\n"
        "def loaded():\n"
        "    return sorted(m for m in sys.modules if m == 'lxml'\n"
        "                  or m.startswith(('lxml.', 'tuireader.kinds.parsers.')))\n"
        "assert loaded() == [], loaded()\n"
        "parse_feed('feed', b'<rss version=\"2.0\"><channel><title>t</title></channel></rss>',"
        " 's')\n"
        "assert 'lxml' in loaded() and 'tuireader.kinds.parsers.feed' in loaded(), loaded()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def kind_name_comparisons(source: str) -> list[tuple[int, str]]:
    """(line, kind name) of every comparison or ``case`` against a kind-name literal."""
    found: list[tuple[int, str]] = []

    def literals(node: ast.AST) -> list[str]:
        items = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
        return [
            i.value
            for i in items
            if isinstance(i, ast.Constant) and isinstance(i.value, str) and i.value in KINDS
        ]

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                found += [(node.lineno, name) for name in literals(operand)]
        elif isinstance(node, ast.MatchValue):
            found += [(node.lineno, name) for name in literals(node.value)]
    return found


def test_the_kind_name_check_sees_every_form_of_comparison() -> None:
    source = (
        'if source.kind == "arxiv": pass\n'
        'ok = kind in ("biorxiv", "medrxiv")\n'
        'ok = "huggingface" != kind\n'
        'match kind:\n    case "feed": pass\n'
        'ok = kind == "nature" or mapping["arxiv"]\n'
    )
    assert kind_name_comparisons(source) == [
        (1, "arxiv"),
        (2, "biorxiv"),
        (2, "medrxiv"),
        (3, "huggingface"),
        (5, "feed"),
    ]


def test_no_module_outside_the_kinds_switches_on_a_kind_name() -> None:
    """What a kind does is asked of its ``SourceKind``. tuireader/feeds sits below the
    kinds (it cannot import them) and compares XML element names, such as Atom's
    ``<feed>``, not kinds."""
    below = (PACKAGE / "kinds", PACKAGE / "feeds")
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not any(path.is_relative_to(folder) for folder in below)
        for line, name in kind_name_comparisons(path.read_text("utf-8"))
    ]
    assert offenders == []
