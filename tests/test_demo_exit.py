"""``hubread --demo`` leaves nothing behind: not when the terminal is closed, not when killed.

The demo runs for real, in a pseudo-terminal, with its temporary folder under tmp_path.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.tui import demo_home

REPO = Path(__file__).resolve().parents[1]
START_DEADLINE = 120.0  # seconds: the machine may be busy; this is a limit, not a measure


def _read_until(master: int, marker: bytes, deadline: float) -> bytes:
    """What the demo drew, up to ``marker``; fails the test at the deadline."""
    seen = b""
    while marker not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"the demo did not show {marker!r}: {seen[-500:]!r}"
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:  # the demo ended before drawing it
                break
    return seen


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_the_demo_removes_its_folder_when_the_terminal_closes_or_it_is_killed(
    tmp_path: Path, signum: int
) -> None:
    master, slave = pty.openpty()
    env = {
        **os.environ,
        "TMPDIR": str(tmp_path),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "tuireader", "--demo"],
        cwd=REPO,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
    )
    os.close(slave)
    try:
        _read_until(master, b"papers", time.monotonic() + START_DEADLINE)
        assert len(list(tmp_path.glob("hubread-demo-*"))) == 1
        if signum == signal.SIGHUP:  # the terminal goes away, then the kernel's hangup
            os.close(master)
            master = -1
        demo.send_signal(signum)
        deadline = time.monotonic() + START_DEADLINE
        while demo.poll() is None and master >= 0:  # drain what it writes on the way out
            assert time.monotonic() < deadline, "the demo did not end after the signal"
            if select.select([master], [], [], 1)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        assert demo.wait(timeout=START_DEADLINE) == 128 + signum
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        if master >= 0:
            os.close(master)
    assert list(tmp_path.glob("hubread-demo-*")) == []


def test_the_test_helpers_demo_homes_live_in_the_tests_temp_dir(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    assert demo_home().config_file.is_relative_to(tmp_path_factory.getbasetemp())
