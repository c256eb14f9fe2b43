from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tuireader.cli import _command_in, main


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["fetch"], "fetch"),
        (["--config", "c.toml", "fetch", "--source", "a"], "fetch"),
        (["--config=c.toml", "cache", "--vacuum"], "cache"),
        (["--demo"], None),
        ([], None),
        (["--config", "fetch"], None),  # a config file named "fetch"
        (["fetch", "--help"], "fetch"),
        (["-h", "fetch"], None),  # the main help lists every command
        (["bogus"], None),
    ],
)
def test_the_command_is_found_before_any_command_is_loaded(
    argv: list[str], command: str | None
) -> None:
    assert _command_in(argv) == command


def test_fetch_does_not_load_the_other_commands() -> None:
    code = (
        "import sys; from tuireader.cli import build_parser, _command_in; "
        "build_parser(_command_in(['fetch'])).parse_args(['fetch']); "
        "print(sorted(m for m in sys.modules if m.startswith('tuireader.commands.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    # commands.output is not a command: the helpers every command prints through.
    assert loaded == "['tuireader.commands.fetch', 'tuireader.commands.output']"


COMMANDS = ("fetch", "export", "digest", "sources", "opml", "cache")
ACTIONS = ("sources list", "sources add", "sources remove", "opml export", "opml import")
RUNS = 20  # the issue saw 7 crashes in 8 runs; 20 clean runs each leave no doubt


def test_help_and_bad_options_never_crash(tmp_path: Path) -> None:
    """`hubread fetch --help` used to die with SIGSEGV or SIGABRT at exit: a thread was
    loading OpenSSL's CA bundle while argparse ended the process. Every command, with
    --help and with an option it does not know, must end with 0 or 2."""
    # Byte-compiled once, as an installed hubread is, rather than in each of the runs.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")

    def once(argv: list[str]) -> tuple[list[str], int, str]:
        result = subprocess.run(
            [sys.executable, "-m", "tuireader", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return argv, result.returncode, result.stderr

    assert once(["--help"])[1] == 0
    runs = [[command, flag] for command in COMMANDS for flag in ("--help", "--nope")] * RUNS
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(once, runs))
    assert len(results) == len(COMMANDS) * 2 * RUNS
    for argv, code, stderr in results:
        assert code == (0 if argv[1] == "--help" else 2), (argv, code, stderr)
        if argv[1] == "--nope":
            assert stderr.startswith(f"usage: hubread {argv[0]}"), (argv, stderr)
            assert "Traceback" not in stderr


@pytest.mark.parametrize("command", [*COMMANDS, *ACTIONS])
def test_a_bad_option_prints_the_usage_of_its_command(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`hubread fetch --nope` printed the main usage, which does not list --source."""
    required = {
        "export": ["--format", "ris"],
        "sources add": ["NAME"],
        "sources remove": ["NAME"],
        "opml import": ["FILE"],
    }
    with pytest.raises(SystemExit) as exit_:
        main([*command.split(), *required.get(command, []), "--nope"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: hubread {command} ")
    if command in ("sources", "opml"):  # the action is missing, and said first
        assert f"hubread {command}: error: the following arguments are required" in err
    else:
        assert err.endswith(f"hubread {command}: error: unrecognized arguments: --nope\n")
