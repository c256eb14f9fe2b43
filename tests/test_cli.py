from __future__ import annotations

import subprocess
import sys

import pytest

from tuireader.cli import _command_in


@pytest.mark.parametrize(("argv", "command"), [
    (["fetch"], "fetch"),
    (["--config", "c.toml", "fetch", "--source", "a"], "fetch"),
    (["--config=c.toml", "cache", "--vacuum"], "cache"),
    (["--demo"], None),
    ([], None),
    (["--config", "fetch"], None),  # a config file named "fetch"
    (["fetch", "--help"], "fetch"),
    (["-h", "fetch"], None),  # the main help lists every command
    (["bogus"], None),
])
def test_the_command_is_found_before_any_command_is_loaded(
        argv: list[str], command: str | None) -> None:
    assert _command_in(argv) == command


def test_fetch_does_not_load_the_other_commands() -> None:
    code = ("import sys; from tuireader.cli import build_parser, _command_in; "
            "build_parser(_command_in(['fetch'])).parse_args(['fetch']); "
            "print(sorted(m for m in sys.modules if m.startswith('tuireader.commands.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    # commands.output is not a command: the helpers every command prints through.
    assert loaded == "['tuireader.commands.fetch', 'tuireader.commands.output']"
