"""Faults, timeouts and retries: the exact typed error, and no received text lost."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Optional

import pytest

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama
from tests.hostile_server import HostileServer, Request, whole

USER = [{"role": "user", "content": "Hi"}]
REPLY = "one two three four five six"
FIRST_TWO = "one two "


async def read_all(client: oa.AsyncClient, model: str) -> tuple[str, Optional[BaseException]]:
    """Stream a chat reply; return the text and the error that ended it, if any."""
    stream = await client.chat(model, USER, stream=True)
    try:
        return (await stream.final()).message.content, None
    except oa.OllamaError as exc:
        partial = exc.partial
        text = partial.message.content if isinstance(partial, oa.ChatResponse) else ""
        return text, exc


@pytest.mark.parametrize(
    ("fault", "error", "text", "message"),
    [
        ("drop_mid_line", oa.OllamaConnectionError, FIRST_TWO, "broke off"),
        ("drop_mid_stream", oa.OllamaConnectionError, FIRST_TWO, "broke off"),
        ("truncated_final", oa.IncompleteStreamError, REPLY, "middle of a line"),
        ("garbage_line", oa.ProtocolError, FIRST_TWO, "not JSON"),
        ("huge_line", oa.LineTooLongError, FIRST_TWO, "exceeded max_line_bytes"),
        ("stall", oa.OllamaTimeoutError, FIRST_TWO, "read timeout"),
        ("slow_drip", None, REPLY, ""),
        ("wrong_content_type", None, REPLY, ""),
        ("http10", None, REPLY, ""),
    ],
)
async def test_fault(fault: str, error: Optional[type[Exception]], text: str, message: str) -> None:
    model = FakeModel("m", reply=REPLY, fault=fault, fault_after=2, stall=30)
    async with (
        FakeOllama(models=[model]) as server,
        oa.AsyncClient(server.url, timeout=oa.Timeout(read=0.5), max_retries=0) as client,
    ):
        received, raised = await read_all(client, "m")
        assert received == text
        if error is None:
            assert raised is None
        else:
            assert isinstance(raised, error)
            assert message in str(raised)
        # The client is still usable afterwards.
        assert await client.version() == "0.33.0"


async def test_read_timeout_names_the_limit_and_fires_before_headers() -> None:
    model = FakeModel("loading", load_delay=30)
    async with (
        FakeOllama(models=[model]) as server,
        oa.AsyncClient(server.url, timeout=oa.Timeout(read=0.2), max_retries=0) as client,
    ):
        with pytest.raises(oa.OllamaTimeoutError, match="read timeout") as info:
            await client.chat("loading", USER, stream=True)
        assert info.value.limit == "read"
        assert isinstance(info.value, TimeoutError)
        await server.wait_for_disconnect(timeout=5)


async def test_total_timeout_and_per_call_options() -> None:
    model = FakeModel("slow", reply="a " * 100, token_delay=0.02)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        strict = client.with_options(timeout=oa.Timeout(total=0.2), max_retries=0)
        with pytest.raises(oa.OllamaTimeoutError, match="total timeout") as info:
            await (await strict.chat("slow", USER, stream=True)).final()
        assert info.value.limit == "total"
        partial = info.value.partial
        assert isinstance(partial, oa.ChatResponse)
        assert partial.message.content.startswith("a a ")
        # The original client keeps its own limits and shares the session.
        assert client._transport.timeout.total is None
        assert (await client.chat("slow", USER, options={"num_predict": 2})).done
        await strict.aclose()
        assert client.closed


async def test_queue_full_is_retried_then_succeeds() -> None:
    async with FakeOllama() as server, oa.AsyncClient(server.url) as client:
        server.fail_next(503, times=2, retry_after=0)
        reply = await client.chat("llama3.2", USER)
        assert reply.done
        assert [r.path for r in server.requests] == ["/api/chat"] * 3


async def test_retries_use_backoff_and_give_up() -> None:
    async with FakeOllama() as server, oa.AsyncClient(server.url) as client:
        server.fail_next(502, times=2, error="bad gateway")
        with pytest.raises(oa.ServerError, match="bad gateway"):
            await client.with_options(max_retries=1).chat("llama3.2", USER, stream=True)
        assert len(server.requests) == 2
        server.fail_next(429, times=1, retry_after=0)
        with pytest.raises(oa.ServerBusyError) as info:
            await client.with_options(max_retries=0).chat("llama3.2", USER)
        assert info.value.retry_after == 0


@pytest.mark.parametrize("status", [400, 401, 404])
async def test_client_errors_are_not_retried(status: int) -> None:
    async with FakeOllama() as server, oa.AsyncClient(server.url) as client:
        server.fail_next(status, error="no")
        with pytest.raises(oa.ResponseError):
            await client.chat("llama3.2", USER)
        assert len(server.requests) == 1


async def test_a_started_stream_is_never_retried() -> None:
    model = FakeModel("flaky", reply=REPLY, error_after=2)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        text, error = await read_all(client, "flaky")
        assert isinstance(error, oa.StreamError)
        assert text == FIRST_TWO
        model2 = FakeModel("dropper", reply=REPLY, fault="drop_mid_stream", fault_after=2)
        server.models["dropper:latest"] = model2
        text, error = await read_all(client, "dropper")
        assert isinstance(error, oa.OllamaConnectionError)
        assert [r.path for r in server.requests] == ["/api/chat", "/api/chat"]


async def test_connection_refused_is_retried_then_raised() -> None:
    async with FakeOllama() as server:
        url = server.url
    attempts: list[Any] = []
    client = oa.AsyncClient(url, max_retries=2)
    client._transport.retry = oa_retry_policy(attempts)
    with pytest.raises(oa.OllamaConnectionError):
        await client.version()
    await client.aclose()
    assert len(attempts) == 2  # two retries after the first attempt


def oa_retry_policy(record: list[Any]) -> Any:
    """A retry policy with no waiting that records each retry it grants."""
    from ollama_async._retry import RetryPolicy

    class Recording(RetryPolicy):
        def delay(
            self,
            retries_done: int,
            retry_after: Optional[float] = None,
            random_fraction: Any = None,
        ) -> float:
            record.append(retries_done)
            return 0.0

    return Recording(max_retries=2)


def test_bad_max_retries() -> None:
    with pytest.raises(oa.RequestError, match="max_retries"):
        oa.AsyncClient(max_retries=-1)


async def test_cancel_while_waiting_for_headers_closes_the_socket() -> None:
    model = FakeModel("loading", load_delay=30)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        task = asyncio.ensure_future(client.chat("loading", USER, stream=True))
        await server.wait_for_requests(1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        disconnect = await server.wait_for_disconnect(timeout=5)
        assert disconnect.lines_sent == 0


@pytest.mark.parametrize(("source", "posts"), [("file", 1), ("bytes", 3)])
async def test_a_blob_body_that_cannot_be_sent_again_is_not_retried(
    tmp_path: Path, source: str, posts: int
) -> None:
    # A file is streamed from disk (a generator): after a 503 it cannot be
    # replayed, so the error is raised at once; bytes are retried.
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        if request.method == "HEAD":
            writer.write(whole(404, b""))
        else:
            writer.write(whole(503, b'{"error":"busy"}', Retry_After="0"))

    blob = b"GGUF" + bytes(range(256)) * 8
    path = tmp_path / "model.gguf"
    path.write_bytes(blob)
    async with HostileServer(answer) as server, oa.AsyncClient(server.url, max_retries=2) as client:
        with pytest.raises(oa.ServerBusyError):
            await client.create_blob(path if source == "file" else blob)
        uploads = [r for r in server.requests if r.method == "POST"]
        assert len(uploads) == posts
        assert all(upload.body == blob for upload in uploads)
