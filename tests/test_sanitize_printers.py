"""Every printer is fed hostile text and nothing that drives a terminal comes out.

The hostile strings carry what an attacker used against hubread: an OSC 52 clipboard write,
an OSC 0 window title, CSI 2J, an 8-bit CSI (U+009B), bidi overrides and isolates, the
Arabic letter mark, a carriage return, NUL and BEL. Each printer gets them where it really
gets them from: an HTTP reason phrase and an XML element name from a real loopback server,
an OPML file, a cache written by an older hubread, the user's own notes and tags.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, Static, TextArea

from tests.fixtures.server import FeedServer, Route
from tests.tui import abstract_text, open_app, ready, until
from tuireader.cli import main
from tuireader.export import FORMATS, render
from tuireader.export.marks import ExportMarks
from tuireader.model import Paper
from tuireader.sanitize import clean, clean_document
from tuireader.storage.cache import CacheStore
from tuireader.storage.home import open_stores
from tuireader.storage.home_paths import AppPaths
from tuireader.ui.screens.export import ExportPicker
from tuireader.ui.screens.note import NoteEditor
from tuireader.ui.screens.tags import TagEditor
from tuireader.ui.widgets.paper_list import PaperList
from tuireader.ui.widgets.source_list import SourceList

CLIPBOARD = "\x1b]52;c;ZWNobyBQV05FRA==\x07"  # base64 of "echo PWNED"
HOSTILE = (
    f"Hostile{CLIPBOARD}\x1b]0;owned\x07\x1b[2J\x9b2J\u202eevil\u202c\u061c"
    "\u2066iso\u2069\u200b\rover\x00write\x07 end"
)
# A reason phrase is bytes on the wire: only what HTTP lets through (no C1, no bidi).
REASON = f"Forbidden {CLIPBOARD}\x1b]0;owned\x07\x1b[2J\x07"
# What may never come out: C0 controls but line feed and tab, DEL, C1, bidi controls and
# the invisible marks; and no payload of a removed escape sequence.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
DAY = datetime(2026, 11, 20, 9, tzinfo=UTC)


def assert_clean(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text)})
    assert not bad, f"unsafe characters printed: {bad}"
    assert "ZWNobyBQV05FRA==" not in text and "owned" not in text and "[2J" not in text


def run(paths: AppPaths, *args: str) -> int:
    return main([*args, "--config", str(paths.config_file), "--data-dir", str(paths.data_dir)])


# ----------------------------------------------------------------- the rule itself
def test_clean_removes_whole_sequences_and_keeps_the_text() -> None:
    assert clean(HOSTILE) == "Hostile2Jeviliso overwrite end"
    assert clean("a\r\nb\rc\nd\te") == "a b c d e"
    assert clean("a\r\nb\rc\nd\te", multiline=True) == "a\nb\nc\nd\te"
    assert clean("lone \ud800 surrogate") == "lone  surrogate"
    assert (
        clean("Zoë, 中文, emoji 👩\u200d🔬, [b]markup[/b]")
        == "Zoë, 中文, emoji 👩\u200d🔬, [b]markup[/b]"
    )
    assert clean_document("a,b\r\nc\x1b[2J,d\r\n") == "a,b\r\nc,d\r\n"


@given(
    st.text(
        alphabet=st.sampled_from(
            [
                *"ab ;[]0",
                "\x1b",
                "\x07",
                "\x9b",
                "\x9c",
                "\x9d",
                "\r",
                "\n",
                "\t",
                "\x00",
                "\u202e",
                "\u2066",
                "\u061c",
                "\ud800",
                "\u2028",
            ]
        ),
        max_size=40,
    )
)
def test_nothing_unsafe_survives_and_cleaning_twice_changes_nothing(text: str) -> None:
    for multiline in (False, True):
        once = clean(text, multiline=multiline)
        assert not FORBIDDEN.findall(once)
        assert clean(once, multiline=multiline) == once
    assert "\n" not in clean(text) and "\t" not in clean(text)


# ----------------------------------------------------------------- the command line
def test_commands_print_only_through_the_output_helpers() -> None:
    """No ``print`` and no ``sys.stdout/stderr.write`` outside commands/output.py, so no
    command can forget to clean (the progress bar writes only its own bar to ``self.stream``)."""
    package = Path(__file__).resolve().parents[1] / "tuireader"
    offenders = []
    for path in [package / "cli.py", *sorted((package / "commands").glob("*.py"))]:
        if path.name == "output.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "print":
                offenders.append(f"{path.name}:{node.lineno} print")
            elif (
                isinstance(func, ast.Attribute)
                and func.attr == "write"
                and ast.unparse(func.value) in ("sys.stdout", "sys.stderr", "out", "err")
            ):
                offenders.append(f"{path.name}:{node.lineno} {ast.unparse(func)}")
    assert offenders == []


def hostile_server(server: FeedServer) -> str:
    """Two sources on ``server``: one answers with a hostile reason phrase, one with an
    element name holding U+061C (a legal XML name character, quoted in the error)."""
    server.routes["/reason"] = Route(status=403, reason=REASON, body=b"no")
    server.routes["/root"] = Route(body='<?xml version="1.0"?><x\u061cfeed/>'.encode())
    return (
        f'[[sources]]\nname = "refused"\nkind = "feed"\nurl = "{server.url("/reason")}"\n'
        f'[[sources]]\nname = "odd root"\nkind = "feed"\nurl = "{server.url("/root")}"\n'
    )


def network_home(tmp_path: Path, server: FeedServer) -> AppPaths:
    paths = AppPaths(tmp_path / "config.toml", tmp_path / "data")
    paths.config_file.write_text(
        "[ui]\nrefresh_interval = 0\n[network]\nretries = 0\n" + hostile_server(server)
    )
    return paths


def test_fetch_cache_and_sources_list_print_a_hostile_server_cleanly(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = network_home(tmp_path, feed_server)
    assert run(paths, "fetch") == 1
    printed = capsys.readouterr()
    assert_clean(printed.out + printed.err)
    assert "refused   error: HTTP 403 Forbidden" in printed.out
    assert "xfeed" in printed.out  # the root element, named without its U+061C
    cache = CacheStore(paths.data_dir / "cache.sqlite3")
    stored = [s.last_error or "" for s in cache.all_source_states().values()]
    cache.close()
    assert len(stored) == 2 and all("HTTP 403 Forbidden" in e or "xfeed" in e for e in stored)
    assert_clean("\n".join(stored))  # cleaned when stored, not only when printed
    for command in (["cache"], ["sources", "list"]):
        assert run(paths, *command) == 0
        printed = capsys.readouterr()
        assert_clean(printed.out + printed.err)
        assert "HTTP 403 Forbidden" in printed.out and "xfeed" in printed.out


def test_opml_names_unknown_sources_and_bad_arguments_print_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = AppPaths(tmp_path / "config.toml", tmp_path / "data")
    paths.config_file.write_text("[ui]\nrefresh_interval = 0\n")
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="Fold&#x202e;er&#x9b;">'
        '<outline text="Evil&#x9b;&#x202e;Name&#x2066;" xmlUrl="https://e.example/feed"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    printed_all = ""
    for command in (
        ["opml", "import", str(opml)],
        ["sources", "list"],
        ["opml", "export"],
        ["export", "--format", "json", "--source", "no such source"],
    ):
        run(paths, *command)
        printed = capsys.readouterr()
        printed_all += printed.out + printed.err
        assert_clean(printed.out + printed.err)
    assert "EvilName" in printed_all
    assert "hubread: unknown source" in printed_all
    with pytest.raises(SystemExit) as exited:
        main(["fetch", f"--bogus{HOSTILE}"])
    assert exited.value.code == 2
    printed = capsys.readouterr()
    assert "--bogusHostile" in printed.err
    assert_clean(printed.err)


def hostile_paper_home(tmp_path: Path, sources: str = "") -> tuple[AppPaths, Paper]:
    """A cache written by an older hubread that did not clean, and the user's own marks."""
    paths = AppPaths(tmp_path / "config.toml", tmp_path / "data")
    paths.config_file.write_text(
        '[ui]\nrefresh_interval = 0\nmark_read_delay = -1\n[radar]\nkeywords = ["evil"]\n'
        "[network]\nretries = 0\n"
        '[[sources]]\nname = "s"\nkind = "feed"\nurl = "https://e.example/feed"\n'
        "enabled = false\n" + sources
    )
    paper = Paper(
        key="doi:10.5555/hostile",
        title=HOSTILE,
        authors=(HOSTILE, "Ann Lee"),
        abstract=HOSTILE,
        doi="10.5555/hostile",
        journal=HOSTILE,
        published=DAY,
        abs_url=f"https://e.example/x{HOSTILE}",
        sources=("s",),
    )
    stores = open_stores(paths)
    stores.cache.store_papers("s", [paper])
    stores.library.star(paper)
    stores.library.set_tags(paper.key, [f"tag{CLIPBOARD}\u202e"])
    stores.library.set_note(paper.key, f"my note{HOSTILE}\nsecond line")
    stores.library.flush()
    stores.close()
    # An error stored raw, as an older hubread stored it.
    with sqlite3.connect(paths.data_dir / "cache.sqlite3") as db:
        db.execute(
            "INSERT INTO source_state (name, last_attempt, last_error, last_error_at) "
            "VALUES ('s', ?, ?, ?)",
            (DAY.isoformat(), f"HTTP 500 {HOSTILE}", DAY.isoformat()),
        )
    return paths, paper


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_every_export_format_and_the_digest_are_clean(
    format_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths, paper = hostile_paper_home(tmp_path)
    out = tmp_path / f"export.{format_name}"
    assert run(paths, "export", "--format", format_name, "--all", "-o", str(out)) == 0
    assert run(paths, "export", "--format", format_name, "--all") == 0
    printed = capsys.readouterr()
    written = out.read_text("utf-8")
    assert "Hostile" in written
    for text in (written, printed.out, printed.err):
        assert_clean(text.replace("\r\n", "\n"))  # CSV's line ends are its own
    # The reader's `e` export renders the same way, without the command's output helper.
    stores = open_stores(paths)
    marks = ExportMarks.from_library(stores.library, [paper.key])
    rendered = render(format_name, [paper], marks, ["evil"])
    stores.close()
    assert_clean(rendered.replace("\r\n", "\n"))
    assert run(paths, "digest", "--date", "2026-11-20") == 0
    digest = capsys.readouterr().out
    assert "Hostile" in digest
    assert_clean(digest)


# ----------------------------------------------------------------- the reader
async def test_reader_toast_error_line_panes_and_source_list_are_clean(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    paths, paper = hostile_paper_home(tmp_path, hostile_server(feed_server))
    app = open_app(paths, demo=False)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        papers.cursor = [i.key for i in papers.items].index(paper.key)
        await pilot.pause()
        shown = abstract_text(app)
        assert "Hostile" in shown and "my note" in shown and "second line" in shown
        assert_clean(shown)
        rows = "\n".join(papers.render_line(y).text for y in range(papers.size.height))
        assert "Hostile" in rows
        assert_clean(rows)
        # The source "s" failed last time (an error stored raw by an older hubread).
        sources = app.query_one(SourceList)
        await pilot.press("h")
        sources.highlighted = sources.get_option_index("src:s")
        await pilot.pause()
        assert "HTTP 500 Hostile" in str(papers.border_subtitle)
        assert_clean(str(papers.border_subtitle))
        labels = "\n".join(
            str(sources.get_option_at_index(i).prompt) for i in range(sources.option_count)
        )
        assert "tag" in labels
        assert_clean(labels)
        # A refresh in which the server answers with a hostile reason phrase: one toast.
        app.start_refresh(None)
        await ready(pilot)
        toasts = [t.render() for t in app.screen.query("Toast")]
        text = "\n".join(str(t) for t in toasts)
        assert "refused: HTTP 403 Forbidden" in text and "xfeed" in text
        assert_clean(text)


async def test_note_tag_and_export_dialogs_show_library_text_cleanly(tmp_path: Path) -> None:
    # library.json's tags and notes went into TextArea, Input and the export label as they
    # were: Textual's Content strips only a few controls, not ESC.
    paths, paper = hostile_paper_home(tmp_path)
    app = open_app(paths, demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        papers = app.query_one(PaperList)
        papers.cursor = [i.key for i in papers.items].index(paper.key)
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor is open")
        note = app.screen.query_one(TextArea).text
        assert note.startswith("my note") and note.endswith("\nsecond line")
        assert_clean(note)
        await pilot.press("escape")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagEditor), "the tag editor is open")
        field = app.screen.query_one("#tags", Input)
        assert field.value.startswith("tag")
        assert_clean(field.value)
        assert field.suggester is not None
        suggested = await field.suggester.get_suggestion("ta")
        assert suggested is not None and suggested.startswith("tag")
        assert_clean(suggested)
        await pilot.press("escape")
        await ready(pilot)
        app.push_screen(ExportPicker(1, f"tag{CLIPBOARD}\u202e"))
        await until(
            pilot,
            lambda: isinstance(app.screen, ExportPicker) and bool(app.screen.query(Static)),
            "the picker is open",
        )
        label = str(app.screen.query(Static).first().render())
        assert "tag" in label
        assert_clean(label)
