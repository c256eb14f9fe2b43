"""`hubread brief`, `digest --brief` and the JSON export's tldr, end to end through the
CLI against the loopback chat-completions server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.chat_server import ChatServer, Reply
from tests.fixtures.golden_home import make_home
from tuireader.briefing.saved import TldrStore, tldr_path
from tuireader.cli import main
from tuireader.storage.home_paths import AppPaths

KEY = "sk-live-secret-key-42"
DAY = "2026-11-20"  # the golden home has 12 papers listed that day
ANSWER = (
    "## Themes\nHonest models [1][2].\n## New or surprising\n[3].\n"
    "## Related to your starred work\nNone.\n## TL;DR\n"
    + "".join(f"[{n}] Paper {n} in one line.\n" for n in range(1, 11))
)


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    server = ChatServer().start()
    yield server
    server.stop()


@pytest.fixture
def home(tmp_path: Path, chat: ChatServer, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    paths = make_home(tmp_path / "home")
    with paths.config_file.open("a") as config:
        config.write(
            f'\n[llm]\nbase_url = "{chat.base_url}"\nmodel = "tiny"\n'
            'api_key_env = "HUBREAD_TEST_KEY"\ntimeout = 5\n'
        )
    monkeypatch.setenv("HUBREAD_TEST_KEY", KEY)
    return paths


def run(home: AppPaths, *args: str) -> int:
    return main([*args, "--config", str(home.config_file), "--data-dir", str(home.data_dir)])


def everything_said(home: AppPaths, captured: pytest.CaptureFixture[str]) -> str:
    out = captured.readouterr()
    log = home.data_dir / "hubread.log"
    return out.out + out.err + (log.read_text() if log.exists() else "")


def test_brief_streams_saves_and_covers_the_day(
    home: AppPaths, chat: ChatServer, capsys: pytest.CaptureFixture[str]
) -> None:
    chat.replies.append(Reply(text=ANSWER))
    assert run(home, "brief", "--date", DAY) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# Brief for {DAY}") and "Honest models [1][2]." in out
    assert "_Covers 12 papers; written by tiny" in out and "- [12] " in out
    prompt = chat.requests[0].body["messages"][1]["content"]
    assert "[10] " in prompt and "Abstract" in prompt
    saved = (home.data_dir / "briefs" / f"{DAY}.md").read_text()
    assert saved.startswith("---\nday: ") and '"model": "tiny"' not in saved
    assert 'model: "tiny"' in saved and "arxiv:2611.14102" in saved


def test_no_llm_section_says_how_to_turn_it_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = make_home(tmp_path / "plain")
    assert run(paths, "brief") == 2
    err = capsys.readouterr().err
    assert "no [llm] section" in err and "base_url" in err


def test_a_server_failure_is_one_line_without_the_key(
    home: AppPaths, chat: ChatServer, capsys: pytest.CaptureFixture[str]
) -> None:
    chat.replies.append(Reply(status=401, error={"message": f"bad key {KEY}"}))
    assert run(home, "brief", "--date", DAY) == 1
    said = everything_said(home, capsys)
    assert "refused the request (401" in said and chat.base_url in said
    assert KEY not in said and not (home.data_dir / "briefs").exists()


def test_context_length_retries_once_with_fewer_papers(
    home: AppPaths, chat: ChatServer, capsys: pytest.CaptureFixture[str]
) -> None:
    chat.replies += [
        Reply(status=400, error={"message": "maximum context length is 2048"}),
        Reply(text="## Themes\n[1].\n## TL;DR\n[1] a\n[2] b\n[3] c\n[4] d\n[5] e\n"),
    ]
    assert run(home, "brief", "--date", DAY) == 0
    captured = capsys.readouterr()
    assert "retried with 6" in captured.err
    assert "_Covers 6 of 12 papers" in captured.out and "retried with 6" in captured.out
    assert "[7]" not in chat.requests[1].body["messages"][1]["content"].split("starred")[0]


def test_brief_to_a_file_and_into_the_digest(
    home: AppPaths, chat: ChatServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "digest", "--date", DAY, "--brief") == 2
    assert "no brief saved for 2026-11-20" in capsys.readouterr().err
    chat.replies.append(Reply(text=ANSWER))
    out = tmp_path / "brief.md"
    assert run(home, "brief", "--date", DAY, "-o", str(out)) == 0
    assert out.read_text().startswith(f"# Brief for {DAY}\n\n## Themes")
    capsys.readouterr()
    assert run(home, "digest", "--date", DAY, "--brief") == 0
    digest = capsys.readouterr().out
    assert digest.index("How researchers are using AI") < digest.index(f"# Brief for {DAY}")
    assert len(chat.requests) == 1  # the digest read the saved brief: nothing sent


def test_json_export_carries_the_cached_tldr(
    home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    TldrStore(tldr_path(home.data_dir)).put(
        "arxiv:2611.14102", "It is honest.", language="en", model="tiny"
    )
    assert run(home, "export", "--format", "json", "--all") == 0
    records = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["arxiv:2611.14102"]["tldr"] == "It is honest."
    assert records["arxiv:2611.14260"]["tldr"] == ""


def test_brief_radar_covers_the_radars_papers_best_first(
    home: AppPaths, chat: ChatServer, capsys: pytest.CaptureFixture[str]
) -> None:
    text = home.config_file.read_text().replace("[radar]\n", "[radar]\ndays = 0\n", 1)
    home.config_file.write_text(text)
    assert run(home, "radar", "--limit", "1") == 0
    top_title = re.split(r"\s{2,}", capsys.readouterr().out.splitlines()[1].strip())[2]
    assert top_title.startswith("A Benchmark of Honest")
    chat.replies.append(Reply(text=ANSWER))
    assert run(home, "brief", "--radar") == 0
    assert f"- [1] {top_title} — <" in capsys.readouterr().out  # the radar's best is [1]
    assert run(home, "brief", "--radar", "--starred") == 2
    assert "--starred or --radar, not both" in capsys.readouterr().err


def test_radar_rerank_shows_the_models_reason_next_to_the_radars(
    home: AppPaths, chat: ChatServer, capsys: pytest.CaptureFixture[str]
) -> None:
    text = home.config_file.read_text().replace("[radar]\n", "[radar]\ndays = 0\n", 1)
    home.config_file.write_text(text + "rerank = true\n")
    chat.replies.append(
        Reply(text='```json\n[{"n": 1, "score": 9, "reason": "about \\u001b[31mhonest RAG"}]\n```')
    )
    assert run(home, "radar", "--limit", "2") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith("[llm 9/10: about honest RAG]")
    assert "llm" not in lines[2]
    assert "Score each paper" in chat.requests[0].body["messages"][1]["content"]
    chat.replies[0] = Reply(status=500, error={"message": "down"})
    assert run(home, "radar", "--limit", "2") == 0  # the radar's own ranking stands
    captured = capsys.readouterr()
    assert "no LLM reasons:" in captured.err and "llm" not in captured.out.splitlines()[1]
    chat.replies[0] = Reply(text="I think they are all great!")
    assert run(home, "radar", "--limit", "2") == 0
    assert "answered with no usable scores" in capsys.readouterr().err
