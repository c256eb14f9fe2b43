"""The chat-completions client against a real loopback server: streaming, and every
failure in words that name the server and never the key."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from tests.fixtures.chat_server import ChatServer, Reply
from tuireader.briefing.client import ChatClient, LLMError
from tuireader.briefing.llm_errors import retry_after_seconds
from tuireader.config.llm_settings import LLMConfig

KEY = "sk-test-0123456789abcdef"
MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    server = ChatServer().start()
    yield server
    server.stop()


def client_for(
    server: ChatServer, on_wait: Callable[[str], None] | None = None, **changes: object
) -> ChatClient:
    settings = {
        "base_url": server.base_url,
        "model": "tiny",
        "api_key_env": "HUBREAD_T_KEY",
        "timeout": 5.0,
        **changes,
    }
    return ChatClient(
        LLMConfig(**settings),  # type: ignore[arg-type]
        environ={"HUBREAD_T_KEY": KEY},
        on_wait=on_wait,
    )


def failure(client: ChatClient) -> LLMError:
    with pytest.raises(LLMError) as caught:
        "".join(client.stream(MESSAGES))
    assert KEY not in str(caught.value)
    assert client.server in str(caught.value)
    return caught.value


def test_streams_the_answer_piece_by_piece(chat: ChatServer) -> None:
    chat.replies.append(Reply(pieces=["Themes ", "[1] ", "and ", "[2]."]))
    pieces = list(client_for(chat).stream(MESSAGES))
    assert pieces == ["Themes ", "[1] ", "and ", "[2]."]
    sent = chat.requests[0]
    assert sent.body["stream"] is True and sent.body["model"] == "tiny"
    assert sent.headers["Authorization"] == f"Bearer {KEY}"


def test_complete_reads_a_plain_answer(chat: ChatServer) -> None:
    chat.replies.append(Reply(text="One sentence."))
    assert client_for(chat).complete(MESSAGES) == "One sentence."
    assert chat.requests[0].body["stream"] is False


def test_no_key_header_without_api_key_env(chat: ChatServer) -> None:
    client = ChatClient(LLMConfig(base_url=chat.base_url, model="tiny"))
    assert client.complete(MESSAGES)
    assert "Authorization" not in chat.requests[0].headers


def test_a_missing_key_variable_is_named_and_nothing_is_sent(chat: ChatServer) -> None:
    client = ChatClient(
        LLMConfig(base_url=chat.base_url, model="m", api_key_env="NOPE"), environ={}
    )
    error = failure(client)
    assert error.kind == "auth" and "NOPE" in str(error)
    assert chat.requests == []


def test_no_server_at_base_url() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = ChatClient(LLMConfig(base_url=f"http://127.0.0.1:{port}/v1", model="m"))
    error = failure(client)
    assert error.kind == "unreachable" and "no server at" in str(error)


def test_401_says_the_key_was_refused_and_never_shows_it(chat: ChatServer) -> None:
    chat.replies.append(
        Reply(
            status=401,
            error={
                "message": f"Incorrect API key provided: {KEY}",
                "type": "invalid_request_error",
            },
        )
    )
    error = failure(client_for(chat))
    assert error.kind == "auth" and "401" in str(error) and "HUBREAD_T_KEY" in str(error)
    assert "***" in str(error)


def test_404_unknown_model(chat: ChatServer) -> None:
    chat.replies.append(
        Reply(status=404, error={"message": 'model "tiny" not found, try pulling it first'})
    )
    error = failure(client_for(chat))
    assert error.kind == "model" and "'tiny' not found" in str(error)


def test_wrong_base_url_path(chat: ChatServer) -> None:
    client = client_for(chat, base_url=chat.base_url.removesuffix("/v1"))
    error = failure(client)
    assert error.kind == "model" and "base_url" in str(error)


def test_429_honours_retry_after_then_succeeds(chat: ChatServer) -> None:
    chat.replies += [
        Reply(status=429, error={"message": "slow down"}, headers={"Retry-After": "0"}),
        Reply(pieces=["ok"]),
    ]
    waits: list[str] = []
    client = client_for(chat, on_wait=waits.append)
    assert "".join(client.stream(MESSAGES)) == "ok"
    assert len(chat.requests) == 2 and "waiting 0 s" in waits[0]


def test_429_with_a_long_retry_after_is_reported_not_slept(chat: ChatServer) -> None:
    chat.replies.append(
        Reply(status=429, error={"message": "quota"}, headers={"Retry-After": "3600"})
    )
    error = failure(client_for(chat))
    assert error.kind == "rate_limited" and error.retry_after == 3600
    assert len(chat.requests) == 1


def test_retry_after_as_a_date() -> None:
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds("12") == 12


def test_5xx_names_the_status_and_detail(chat: ChatServer) -> None:
    chat.replies.append(Reply(status=503, raw_body=b"<html>upstream down</html>"))
    error = failure(client_for(chat))
    assert error.kind == "server" and "503" in str(error) and "upstream down" in str(error)


def test_context_length_error_is_recognised(chat: ChatServer) -> None:
    chat.replies.append(
        Reply(
            status=400,
            error={
                "message": "the request exceeds the available context size, try increasing it",
                "type": "exceed_context_size_error",
            },
        )
    )
    assert failure(client_for(chat)).kind == "context_length"


def test_a_stalled_stream_times_out(chat: ChatServer) -> None:
    chat.replies.append(Reply(pieces=["a ", "b ", "c"], stall_after=1))
    error = failure(client_for(chat, timeout=1.0))
    assert error.kind == "timeout" and "stalled" in str(error)


def test_a_stream_cut_before_done(chat: ChatServer) -> None:
    chat.replies.append(Reply(pieces=["a ", "b ", "c"], cut_after=2))
    assert failure(client_for(chat)).kind == "truncated"


def test_a_malformed_stream(chat: ChatServer) -> None:
    chat.replies.append(Reply(pieces=["a ", "b "], junk_after=1))
    assert failure(client_for(chat)).kind == "malformed"


def test_an_error_event_inside_the_stream(chat: ChatServer) -> None:
    chat.replies.append(
        Reply(pieces=["a ", "b "], error_event_after=1, error={"message": "model crashed"})
    )
    error = failure(client_for(chat))
    assert "model crashed" in str(error)


def test_cancel_stops_a_request_waiting_for_its_first_token(chat: ChatServer) -> None:
    chat.replies.append(Reply(stall_before=True))
    client = client_for(chat, timeout=600.0)
    caught: list[LLMError] = []

    def brief() -> None:
        try:
            "".join(client.stream(MESSAGES))
        except LLMError as exc:
            caught.append(exc)

    worker = threading.Thread(target=brief)
    worker.start()
    assert chat.request_seen.wait(30)
    client.cancel()
    worker.join(30)
    assert not worker.is_alive() and caught[0].kind == "cancelled"
