"""Stream objects: typed chunks, final/partial responses, errors, and closing the socket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import orjson
import pytest
from aiohttp import web

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama

from .conftest import serve_app

USER = [{"role": "user", "content": "Hi"}]
LONG_REPLY = " ".join(f"word{i}." for i in range(200))


@pytest.fixture
async def slow() -> AsyncIterator[FakeOllama]:
    """A server whose model writes one token every 10 ms, long enough to interrupt."""
    async with FakeOllama(models=[FakeModel("slow", reply=LONG_REPLY, token_delay=0.01)]) as server:
        yield server


async def test_chunks_are_typed_and_keep_every_field(client: oa.AsyncClient) -> None:
    async with await client.chat("llama3.2", USER, stream=True) as stream:
        chunks = [chunk async for chunk in stream]
    assert all(isinstance(chunk, oa.ChatResponse) for chunk in chunks)
    assert all(chunk.model == "llama3.2" and chunk.created_at for chunk in chunks)
    assert set(chunks[-1].to_dict()) >= {"done", "done_reason", "eval_count", "total_duration"}


async def test_partial_and_progress_counters(client: oa.AsyncClient) -> None:
    stream = await client.generate("llama3.2", "Hi", stream=True)
    assert stream.partial() is None and stream.chunks_received == 0
    first = await stream.__anext__()
    partial = stream.partial()
    assert partial is not None and partial.response == first.response
    assert stream.chunks_received == 1 and not stream.complete
    final = await stream.final()
    assert final.done and stream.complete and stream.closed
    assert repr(stream).startswith("<GenerateStream closed")


async def test_connection_is_reused_after_a_complete_stream(
    client: oa.AsyncClient, server: FakeOllama
) -> None:
    for _ in range(3):
        await (await client.chat("llama3.2", USER, stream=True)).final()
    assert server.disconnects == []


async def test_break_closes_the_connection(slow: FakeOllama) -> None:
    async with oa.AsyncClient(slow.url) as client:
        async for chunk in await client.generate("slow", "Hi", stream=True):
            assert chunk.response
            break
        disconnect = await slow.wait_for_disconnect(timeout=5)
        assert disconnect.path == "/api/generate"
        assert disconnect.lines_sent < 50
        # The client still works afterwards.
        assert (await client.version()) == "0.33.0"


async def test_aclose_closes_the_connection_and_is_idempotent(slow: FakeOllama) -> None:
    async with oa.AsyncClient(slow.url) as client:
        stream = await client.chat("slow", USER, stream=True)
        await stream.__anext__()
        await stream.aclose()
        await stream.aclose()
        assert stream.closed
        await slow.wait_for_disconnect(timeout=5)
        with pytest.raises(StopAsyncIteration):
            await stream.__anext__()


async def test_leaving_async_with_closes_the_connection(slow: FakeOllama) -> None:
    async with oa.AsyncClient(slow.url) as client:
        async with await client.chat("slow", USER, stream=True) as stream:
            await stream.__anext__()
        await slow.wait_for_disconnect(timeout=5)


async def test_cancelling_the_reading_task_closes_the_connection(slow: FakeOllama) -> None:
    async with oa.AsyncClient(slow.url) as client:
        first = asyncio.Event()

        async def consume() -> None:
            async for _ in await client.chat("slow", USER, stream=True):
                first.set()

        task = asyncio.ensure_future(consume())
        await first.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await slow.wait_for_disconnect(timeout=5)
        assert (await client.generate("slow", "", keep_alive=0)).done


async def test_error_line_raises_stream_error_with_partial_text() -> None:
    model = FakeModel(
        "flaky", reply="one two three four five", error_after=3, error_message="runner crashed"
    )
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.generate("flaky", "Hi", stream=True)
        received = []
        with pytest.raises(oa.StreamError, match="runner crashed") as info:
            async for chunk in stream:
                received.append(chunk.response)
        assert info.value.status_code == 200
        partial = info.value.partial
        assert isinstance(partial, oa.GenerateResponse)
        assert partial.response == "".join(received) == "one two three "
        assert stream.closed


async def test_stream_without_done_raises_incomplete_with_partial() -> None:
    model = FakeModel("abort", reply="same same same", end_without_done=True)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("abort", USER, stream=True)
        with pytest.raises(oa.IncompleteStreamError, match="without a `done: true` chunk") as info:
            await stream.final()
        partial = info.value.partial
        assert isinstance(partial, oa.ChatResponse)
        assert partial.message.content == "same same same"
        assert not partial.done


async def test_non_streamed_answer_cut_short_raises_incomplete() -> None:
    model = FakeModel("abort", reply="same same same", end_without_done=True)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        with pytest.raises(oa.IncompleteStreamError, match="done: false") as info:
            await client.generate("abort", "Hi")
        assert isinstance(info.value.partial, oa.GenerateResponse)
        assert info.value.partial.response == "same same same"


async def test_line_limit_is_enforced(server: FakeOllama) -> None:
    async with oa.AsyncClient(server.url, max_line_bytes=64) as client:
        stream = await client.generate("llama3.2", "Hi", stream=True)
        with pytest.raises(oa.LineTooLongError):
            await stream.final()
        assert stream.closed


def burst_app(body: bytes) -> web.Application:
    """A server that writes a whole NDJSON reply in one write, many lines per read."""

    async def chat(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await response.prepare(request)
        await response.write(body)
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_post("/api/chat", chat)
    return app


def chat_line(content: str, **extra: object) -> bytes:
    message = {"role": "assistant", "content": content}
    return orjson.dumps({"model": "m", "message": message, "done": False, **extra}) + b"\n"


BURST_TOKENS = [f"token{i} " for i in range(300)]
BURST_LINES = [chat_line(token) for token in BURST_TOKENS]
BURST = b"".join(BURST_LINES)
DONE = chat_line("", done=True, eval_count=300)


async def test_many_lines_in_one_read_come_out_in_order_blank_lines_skipped() -> None:
    body = b"".join(BURST_LINES[:150]) + b"\n\r\n" + b"".join(BURST_LINES[150:]) + DONE
    async with serve_app(burst_app(body)) as url, oa.AsyncClient(url) as client:
        chunks = [chunk async for chunk in await client.chat("m", USER, stream=True)]
        assert [chunk.message.content for chunk in chunks[:-1]] == BURST_TOKENS
        assert chunks[-1].done and chunks[-1].eval_count == 300
        tokens = [token async for token in (await client.chat("m", USER, stream=True)).text()]
        assert tokens == BURST_TOKENS
        final = await (await client.chat("m", USER, stream=True)).final()
        assert final.message.content == "".join(BURST_TOKENS)
        deltas = [delta async for delta in (await client.chat("m", USER, stream=True)).deltas()]
        assert [delta.text for delta in deltas[:-1] if isinstance(delta, oa.TextDelta)] == (
            BURST_TOKENS
        )
        assert isinstance(deltas[-1], oa.DoneDelta)
        stream = await client.chat("m", USER, stream=True)
        sentences = [sentence async for sentence in stream.sentences()]
        assert " ".join(sentences).split() == "".join(BURST_TOKENS).split()


@pytest.mark.parametrize("view", ["chunks", "text"])
async def test_garbage_after_good_lines_in_one_read_raises_after_them(view: str) -> None:
    async with (
        serve_app(burst_app(BURST + b"<html>\n" + DONE)) as url,
        oa.AsyncClient(url) as client,
    ):
        stream = await client.chat("m", USER, stream=True)
        received: list[str] = []
        with pytest.raises(oa.ProtocolError, match="not JSON") as info:
            if view == "chunks":
                async for chunk in stream:
                    received.append(chunk.message.content)
            else:
                async for token in stream.text():
                    received.append(token)
        assert received == BURST_TOKENS
        partial = info.value.partial
        assert isinstance(partial, oa.ChatResponse)
        assert partial.message.content == "".join(BURST_TOKENS)
        assert stream.closed
