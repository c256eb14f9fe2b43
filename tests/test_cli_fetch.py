"""`hubread fetch` and `hubread cache`, end to end against a real local server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures import demo_papers as demo
from tests.fixtures import feedwriter as fw
from tests.fixtures.server import FeedServer, Route
from tuireader.cli import main


def write_config(path: Path, server: FeedServer, names: dict[str, str]) -> Path:
    """``names`` maps a source name to a server path; the routes decide what it gets."""
    text = "[network]\ntimeout = 2\nretries = 0\n"
    for name, route in names.items():
        text += f'\n[[sources]]\nname = "{name}"\nkind = "feed"\nurl = "{server.url(route)}"\n'
    path.write_text(text)
    return path


def nature(server: FeedServer, path: str) -> None:
    server.routes[path] = Route(body=fw.nature_rdf(demo.NATURE).encode(), etag='"n1"')


def run_fetch(tmp_path: Path, config: Path, *extra: str) -> int:
    return main(["fetch", "--config", str(config), "--data-dir", str(tmp_path / "d"), *extra])


def test_fetch_reports_each_source_and_exits_0(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nature(feed_server, "/a")
    nature(feed_server, "/b")
    config = write_config(tmp_path / "c.toml", feed_server, {"Alpha": "/a", "Beta": "/b"})
    assert run_fetch(tmp_path, config) == 0
    out = capsys.readouterr().out.splitlines()
    assert sorted(line.split()[0] for line in out[:2]) == ["Alpha", "Beta"]
    assert any("3 new, 0 updated, 0 unchanged" in line for line in out[:2])
    assert out[-1].startswith("2 sources in ") and "2 ok, 0 failed; 3 new papers" in out[-1]
    assert run_fetch(tmp_path, config, "--source", "Alpha") == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith("Alpha") and "not modified" in out[0]


def test_fetch_exit_codes_for_partial_and_total_failure(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nature(feed_server, "/ok")
    feed_server.routes["/gone"] = Route(status=410, body=b"gone")
    config = write_config(
        tmp_path / "c.toml", feed_server, {"Good": "/ok", "Gone": "/gone", "Missing": "/nope"}
    )
    assert run_fetch(tmp_path, config) == 3
    out = capsys.readouterr().out
    assert "Gone     error: HTTP 410 Gone" in out
    assert "Missing  error: HTTP 404 Not Found" in out
    assert "1 ok, 2 failed" in out
    assert run_fetch(tmp_path, config, "--source", "Gone", "--source", "Missing") == 1


def test_fetch_unknown_source_is_a_usage_error(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path / "c.toml", feed_server, {"Alpha": "/a"})
    assert run_fetch(tmp_path, config, "--source", "Alpah") == 2
    assert "unknown source 'Alpah'; configured: Alpha" in capsys.readouterr().err


def test_fetch_through_the_installed_entry_point(feed_server: FeedServer, tmp_path: Path) -> None:
    nature(feed_server, "/a")
    config = write_config(tmp_path / "c.toml", feed_server, {"Alpha": "/a"})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tuireader",
            "--config",
            str(config),
            "--data-dir",
            str(tmp_path / "d"),
            "fetch",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Alpha  3 new")
    assert "\x1b" not in result.stdout + result.stderr  # no progress bar when not a TTY


def test_the_console_script_exits_with_the_status_and_all_of_its_output(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """`hubread` ends the process without tearing the interpreter down: nothing printed may
    be lost, and the exit status must survive it."""
    nature(feed_server, "/ok")
    feed_server.routes["/gone"] = Route(status=410, body=b"gone")
    config = write_config(tmp_path / "c.toml", feed_server, {"Good": "/ok", "Gone": "/gone"})
    # Block-buffered output, as for anyone without PYTHONUNBUFFERED: it must be flushed.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    script = Path(sys.executable).with_name("hubread")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tuireader"]
    base = [*command, "--config", str(config), "--data-dir", str(tmp_path / "d")]
    partial = subprocess.run([*base, "fetch"], capture_output=True, text=True, timeout=60, env=env)
    assert partial.returncode == 3
    lines = partial.stdout.splitlines()
    assert len(lines) == 3 and lines[-1].endswith("1 ok, 1 failed; 3 new papers")
    usage = subprocess.run(
        [*base, "fetch", "--source", "Nope"], capture_output=True, text=True, timeout=60, env=env
    )
    assert usage.returncode == 2
    assert usage.stderr.startswith("hubread: unknown source 'Nope'")
    listing = subprocess.run([*base, "cache"], capture_output=True, text=True, timeout=60, env=env)
    assert listing.returncode == 0
    assert listing.stdout.splitlines()[-1].startswith("  Gone")


def test_output_to_a_closed_pipe_ends_quietly(feed_server: FeedServer, tmp_path: Path) -> None:
    """`hubread cache | head -1`: when the reader of the output has gone, hubread stops
    with 141 (128 + SIGPIPE, as tools killed by it do), without a traceback."""
    nature(feed_server, "/ok")
    config = write_config(tmp_path / "c.toml", feed_server, {"Good": "/ok"})
    base = [
        sys.executable,
        "-m",
        "tuireader",
        "--config",
        str(config),
        "--data-dir",
        str(tmp_path / "d"),
    ]
    for command in (["cache"], ["fetch"], ["export", "--all", "--format", "ris"]):
        read_end, write_end = os.pipe()
        os.close(read_end)  # gone before hubread writes anything
        try:
            result = subprocess.run(
                [*base, *command], stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60
            )
        finally:
            os.close(write_end)
        assert (result.returncode, result.stderr) == (141, ""), command


def test_cache_summary_and_vacuum(
    feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nature(feed_server, "/a")
    feed_server.routes["/bad"] = Route(status=500)
    config = write_config(tmp_path / "c.toml", feed_server, {"Alpha": "/a", "Bad": "/bad"})
    run_fetch(tmp_path, config)
    capsys.readouterr()
    args = ["--config", str(config), "--data-dir", str(tmp_path / "d")]
    assert main(["cache", *args]) == 0
    out = capsys.readouterr().out
    assert ": 3 papers" in out
    assert "  3 papers not yet indexed for search" in out  # a fetch leaves that to search
    assert "  Alpha       3 papers, last success" in out
    assert "  Bad         0 papers, never fetched; last error: HTTP 500" in out
    assert main(["cache", "--vacuum", *args]) == 0
    out = capsys.readouterr().out
    assert "Removed 0 papers older than 90 days" in out
    before, after = (float(n) for n in re.findall(r"([\d.]+) MB", out))
    assert after <= before * 1.1  # the log VACUUM writes through is folded back, not counted
    assert main(["cache", *args]) == 0
    assert "not yet indexed" not in capsys.readouterr().out  # the vacuum indexed them
