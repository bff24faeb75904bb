"""Hostile servers: every failure typed, bounded by the configured limit, and nothing leaked.

Each test talks to a raw loopback server (``tests/hostile_server.py``) that
sends what no well-behaved server would, and checks: the exact error type from
our tree (with ``.partial`` where a stream had started), that the configured
limit ended any wait (never a wall-clock assertion: a hang fails on the outer
guard instead), no task or file descriptor left behind, and that the same
client works afterwards.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import os
import subprocess
import sys
import threading
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Callable, Optional

import aiohttp
import orjson
import pytest

import ollama_async as oa
from tests.hostile_server import (
    LAST_CHUNK,
    HostileServer,
    Request,
    chat_line,
    chunk,
    head,
    line,
    unconnectable_address,
    wait_for_client_close,
    whole,
)

USER = [{"role": "user", "content": "Hi"}]
GUARD = 60  # seconds: only a hang reaches it, and then the test fails
READ = oa.Timeout(read=0.5)
ROOT = Path(__file__).resolve().parents[1]
AIOHTTP = tuple(int(n) for n in aiohttp.__version__.split(".")[:2])


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture(autouse=True)
async def no_leaks() -> AsyncIterator[None]:
    """After each test: no task of its own still pending, no file descriptor left open."""
    fds = open_fds()
    yield
    current = asyncio.current_task()
    for _ in range(100):  # closing sockets takes a few loop iterations, not time
        if not [task for task in asyncio.all_tasks() if task is not current] and open_fds() <= fds:
            break
        await asyncio.sleep(0)
    assert [task for task in asyncio.all_tasks() if task is not current] == []
    assert open_fds() <= fds


async def guarded(awaitable: Any) -> Any:
    """Await with an outer guard that only a hang would reach."""
    return await asyncio.wait_for(awaitable, GUARD)


async def stream_error(client: oa.AsyncClient, model: str = "m") -> oa.OllamaError:
    """Read a chat stream to its end; return the error that ended it."""
    stream = await client.chat(model, USER, stream=True)
    with pytest.raises(oa.OllamaError) as info:
        await guarded(stream.final())
    assert stream.closed
    return info.value


def partial_text(error: BaseException) -> str:
    partial = getattr(error, "partial", None)
    assert isinstance(partial, oa.ChatResponse), f"no .partial on {error!r}"
    return partial.message.content


async def still_works(client: oa.AsyncClient) -> None:
    assert await guarded(client.version()) == "0.33.0"


# -- 1. corrupt chunked framing ---------------------------------------------

CORRUPTIONS = {
    "invalid chunk size": b"zz\r\n",
    "chunk longer than declared": b"5\r\n" + chat_line("abcdefgh"),
}
CORRUPT_FRAMING = "has corrupt chunked framing"


def c_parser_in_use() -> bool:
    """Whether aiohttp parses responses with its C parser (not AIOHTTP_NO_EXTENSIONS=1)."""
    from aiohttp import http_parser

    return http_parser.HttpResponseParser is getattr(http_parser, "HttpResponseParserC", None)


async def corrupt_stream_error(
    corruption: bytes, close: bool, timeout: Optional[oa.Timeout] = None
) -> oa.OllamaError:
    """The error that ends a stream whose second chunk has broken framing.

    With the default limits (read: 600 s) only noticing the corruption can end
    the stream before the outer guard fails the test.
    """
    first_read = asyncio.Event()

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(head(chunked=True) + chunk(chat_line("hi ")))
        await writer.drain()
        await first_read.wait()  # the corruption comes after a good chunk was read
        writer.write(corruption)
        if close:
            writer.close()
            return
        await wait_for_client_close(reader)

    async with (
        HostileServer(answer) as server,
        oa.AsyncClient(server.url, timeout=timeout) as client,
    ):
        stream = await client.chat("m", USER, stream=True)
        assert (await guarded(stream.__anext__())).message.content == "hi "
        first_read.set()
        with pytest.raises(oa.OllamaError) as info:
            await guarded(stream.final())
        assert stream.closed
        assert partial_text(info.value) == "hi "
        await still_works(client)
        return info.value


@pytest.mark.parametrize("close", [False, True], ids=["server-stays", "server-closes"])
@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
@pytest.mark.parametrize("read", [None, 600.0], ids=["no-read-limit", "read-600s"])
async def test_corrupt_chunked_framing_is_a_protocol_error_at_once(
    corruption: str, close: bool, read: Optional[float]
) -> None:
    # aiohttp's C parser (3.10 to 3.14) raises on such bytes and closes the
    # connection without telling the body; the body notices the connection go.
    # Without that, only the outer guard (60 s) would end the wait.
    assert c_parser_in_use()
    error = await corrupt_stream_error(CORRUPTIONS[corruption], close, oa.Timeout(read=read))
    assert type(error) is oa.ProtocolError
    assert CORRUPT_FRAMING in str(error)


async def test_what_arrived_with_the_corrupt_bytes_is_kept() -> None:
    # A good chunk and broken framing in one network read, while nobody is
    # reading: the good chunk is handed out first, then the error.
    first_read = asyncio.Event()

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(head(chunked=True) + chunk(chat_line("hi ")))
        await writer.drain()
        await first_read.wait()
        writer.write(chunk(chat_line("there ")) + b"zz\r\n")
        await wait_for_client_close(reader)

    async with HostileServer(answer) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("m", USER, stream=True)
        assert (await guarded(stream.__anext__())).message.content == "hi "
        first_read.set()
        # The client closes the connection when its parser fails, before reading on.
        await guarded(server.connections[0].closed_by_client.wait())
        with pytest.raises(oa.ProtocolError, match=CORRUPT_FRAMING) as info:
            await guarded(stream.final())
        assert partial_text(info.value) == "hi there "
        await still_works(client)


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_corrupt_framing_under_the_pure_python_parser_is_a_protocol_error(corruption: str) -> None:
    if corruption == "chunk longer than declared" and AIOHTTP < (3, 13):
        pytest.skip(
            "aiohttp's Python parser before 3.13 reads the extra bytes as the start of the "
            "next chunk-size line and waits for its end: only the read deadline ends that"
        )
    # AIOHTTP_NO_EXTENSIONS=1 switches aiohttp to its Python parser, which raises
    # aiohttp.http_exceptions.TransferEncodingError: it must come out as ours.
    script = (
        "import asyncio\n"
        "from tests.test_hostile import CORRUPTIONS, c_parser_in_use, corrupt_stream_error\n"
        "assert not c_parser_in_use()\n"
        f"error = asyncio.run(corrupt_stream_error(CORRUPTIONS[{corruption!r}], False))\n"
        "print(type(error).__name__, repr(error.partial.message.content))\n"
        "print(error)\n"
    )
    env = {**os.environ, "AIOHTTP_NO_EXTENSIONS": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=GUARD,
    )
    kind, message = result.stdout.strip().split("\n", 1)
    assert kind == "ProtocolError 'hi '", result.stderr
    assert CORRUPT_FRAMING in message


async def test_a_slowloris_server_is_cut_by_the_total_timeout_only() -> None:
    # One byte every 50 ms: the read timeout (0.5 s) never fires, as documented
    # in docs/reliability.md; only Timeout(total=...) bounds such a server.
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(head(chunked=True) + chunk(chat_line("hi ")))
        with contextlib.suppress(ConnectionError):
            for byte in itertools.cycle(chat_line("drip ")):
                writer.write(chunk(bytes([byte])))
                await writer.drain()
                await asyncio.sleep(0.05)  # the server's pace, not a wait for the client

    timeout = oa.Timeout(read=0.5, total=2)
    async with (
        HostileServer(answer) as server,
        oa.AsyncClient(server.url, timeout=timeout) as client,
    ):
        error = await stream_error(client)
        assert isinstance(error, oa.OllamaTimeoutError) and error.limit == "total"
        assert partial_text(error).startswith("hi ")
        await still_works(client)


# -- 2. aclose() wakes every open stream ------------------------------------


async def test_aclose_wakes_every_blocked_reader_with_partial() -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(head(chunked=True) + chunk(chat_line("first ")))
        await writer.drain()
        await wait_for_client_close(reader)  # then stall: only aclose() can end the reads

    async with HostileServer(answer) as server:
        client = oa.AsyncClient(server.url)  # default limits: read 600 s, no total
        started = 0
        all_started = asyncio.Event()

        async def read_one() -> BaseException:
            nonlocal started
            stream = await client.chat("m", USER, stream=True)
            await stream.__anext__()
            started += 1
            if started == 20:
                all_started.set()
            with pytest.raises(oa.OllamaError) as info:
                await stream.__anext__()
            return info.value

        tasks = [asyncio.ensure_future(read_one()) for _ in range(20)]
        await guarded(all_started.wait())
        await client.aclose()
        errors = await guarded(asyncio.gather(*tasks))
        assert all(isinstance(error, oa.ClientClosedError) for error in errors)
        assert all("closed while" in str(error) for error in errors)
        assert {partial_text(error) for error in errors} == {"first "}
        for connection in server.connections:
            await guarded(connection.closed_by_client.wait())
        with pytest.raises(oa.ClientClosedError):
            await client.version()


# -- 3. size bounds on whole bodies -----------------------------------------

LIMIT = 1 << 20


def gzip_bomb(size: int) -> bytes:
    """A gzip body that inflates to ``size`` spaces, made without holding them."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: with a gzip header
    block = b" " * LIMIT
    parts = [compressor.compress(block) for _ in range(size // LIMIT)]
    return b"".join(parts) + compressor.flush()


# aiohttp 3.13 (the newest for Python 3.9) refuses to inflate more than 32 MiB of one
# compressed piece itself, after inflating that much, and loses the lines that came in
# the same read; later versions inflate in pieces, so our own bounds stop a bomb sooner.
# Before 3.13 aiohttp inflates each network read whole, whatever it inflates to.
AIOHTTP_REFUSES_BOMBS = AIOHTTP == (3, 13)
AIOHTTP_PIECE = 32 * LIMIT
INFLATES_WHOLE_PIECES = (
    f"aiohttp {aiohttp.__version__} inflates a compressed network read (before 3.13) or up to "
    "32 MiB of it (3.13) at once, before this client sees any of it: only aiohttp 3.14 and "
    "later let our bounds cap a gzip bomb's memory (docs/reliability.md says so)"
)


def bomb_memory_bound(encoding: str = "gzip") -> int:
    """Peak Python memory a bomb may cost: ours, or aiohttp 3.13's own piece limit."""
    if encoding == "gzip" and AIOHTTP < (3, 13):
        pytest.skip(INFLATES_WHOLE_PIECES)
    # 3.13: a piece the reader holds and one being inflated.
    return (
        2 * AIOHTTP_PIECE + 8 * LIMIT
        if encoding == "gzip" and AIOHTTP_REFUSES_BOMBS
        else 16 * LIMIT
    )


@pytest.mark.parametrize("encoding", ["plain", "gzip"])
async def test_a_non_streamed_body_is_bounded_by_max_response_bytes(encoding: str) -> None:
    bound = bomb_memory_bound(encoding)
    total = 200 * LIMIT
    written = 0

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        nonlocal written
        if encoding == "gzip":
            body = gzip_bomb(total)
            writer.write(whole(200, body, Content_Encoding="gzip"))
            return
        writer.write(head(200, length=total + 2) + b'{"')
        piece = b"x" * 65536
        while written < total:
            writer.write(piece)
            await writer.drain()  # raises once the client has closed
            written += len(piece)

    async with (
        HostileServer(answer) as server,
        oa.AsyncClient(server.url, max_response_bytes=LIMIT, max_retries=0) as client,
    ):
        tracemalloc.start()
        try:
            # Our bound, or (gzip, aiohttp 3.13) aiohttp's own refusal to inflate a bomb.
            expected = "max_response_bytes=1048576|refused as a compression bomb"
            if encoding == "plain" or not AIOHTTP_REFUSES_BOMBS:
                expected = "max_response_bytes=1048576"
            with pytest.raises(oa.ProtocolError, match=expected) as info:
                await guarded(client.chat("m", USER))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(str(info.value)) < 1000
        assert peak < bound  # not the 200 MiB the body would have taken
        if encoding == "plain":
            assert written < total  # the client stopped reading and closed
        await still_works(client)


RATIO_LIMIT = 32 * LIMIT  # large enough that fixed buffers (aiohttp's, the server's) are small


@pytest.mark.parametrize("status", [200, 500])
@pytest.mark.parametrize("encoding", ["plain", "gzip"])
async def test_a_bounded_body_is_held_once(encoding: str, status: int) -> None:
    # A body twice the limit, whole or inflated: reading it stops at the limit, and
    # Python's memory grows by at most 1.25 times the limit (not twice: one copy).
    if encoding == "gzip" and AIOHTTP < (3, 14):
        pytest.skip(INFLATES_WHOLE_PIECES)
    total = 2 * RATIO_LIMIT
    bomb = gzip_bomb(total) if encoding == "gzip" else b""
    piece = b"x" * 65536

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        if encoding == "gzip":
            writer.write(whole(status, bomb, Content_Encoding="gzip"))
            return
        writer.write(head(status, length=total))
        with contextlib.suppress(ConnectionError):
            for _ in range(total // len(piece)):
                writer.write(piece)
                await writer.drain()  # raises once the client has closed

    async with (
        HostileServer(answer) as server,
        oa.AsyncClient(server.url, max_response_bytes=RATIO_LIMIT, max_retries=0) as client,
    ):
        await still_works(client)  # the pool's connection is open before measuring
        tracemalloc.start()
        try:
            start, _ = tracemalloc.get_traced_memory()
            with pytest.raises(oa.OllamaError) as info:
                await guarded(client.chat("m", USER))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        if status == 200:
            assert type(info.value) is oa.ProtocolError
        else:
            assert type(info.value) is oa.ServerError
        assert f"{RATIO_LIMIT}" in str(info.value)
        print(
            "RATIO", aiohttp.__version__, encoding, status, round((peak - start) / RATIO_LIMIT, 3)
        )
        assert (peak - start) / RATIO_LIMIT <= 1.25
        await still_works(client)


async def test_a_gzip_bomb_inside_a_stream_stops_at_max_line_bytes() -> None:
    bound = bomb_memory_bound()
    bomb = gzip_bomb(200 * LIMIT)

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        # A good line, then a "line" of 200 MiB of spaces, compressed to a few hundred KiB.
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        first = compressor.compress(chat_line("ok ")) + compressor.flush(zlib.Z_SYNC_FLUSH)
        writer.write(head(chunked=True, Content_Encoding="gzip") + chunk(first))
        await writer.drain()
        with contextlib.suppress(ConnectionError):
            writer.write(chunk(bomb[10:]))  # the rest of a gzip stream: no second header
            await writer.drain()
            await wait_for_client_close(reader)

    async with (
        HostileServer(answer) as server,
        oa.AsyncClient(server.url, max_line_bytes=LIMIT) as client,
    ):
        tracemalloc.start()
        try:
            error = await stream_error(client)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        if AIOHTTP_REFUSES_BOMBS:  # aiohttp 3.13 stops it before a line can grow
            assert isinstance(error, oa.ProtocolError)
            assert "refused as a compression bomb" in str(error)
        else:
            assert isinstance(error, oa.LineTooLongError)
            assert partial_text(error) == "ok "
        assert peak < bound
        await still_works(client)


@pytest.mark.parametrize("encoding", ["plain", "gzip"])
async def test_an_error_body_is_bounded_and_quoted_briefly(encoding: str) -> None:
    size = 8 * LIMIT

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        if encoding == "gzip":
            writer.write(whole(500, gzip_bomb(size), Content_Encoding="gzip"))
        else:
            writer.write(whole(500, b"E" * size))

    async with (
        HostileServer(answer) as server,
        oa.AsyncClient(server.url, max_response_bytes=LIMIT, max_retries=0) as client,
    ):
        with pytest.raises(oa.ServerError) as info:
            await guarded(client.chat("m", USER))
        message = str(info.value)
        assert len(message) < 1000
        assert "more than 1048576 bytes" in message
        assert len(info.value.error) < 1000
        await still_works(client)


async def test_a_long_error_message_is_quoted_with_its_length() -> None:
    text = "model failed: " + "x" * 100_000

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(whole(400, orjson.dumps({"error": text})))

    async with HostileServer(answer) as server, oa.AsyncClient(server.url) as client:
        with pytest.raises(oa.BadRequestError) as info:
            await guarded(client.chat("m", USER))
        assert info.value.error == text  # the full text stays available
        assert len(str(info.value)) < 1000
        assert "100014 characters in all" in str(info.value)


# -- 4. known fields with the wrong JSON type -------------------------------

MALFORMED = [
    ({"message": "oops", "done": False}, "'message' as a string, not an object"),
    ({"message": {"content": 123}, "done": True}, "'message.content' as a number, not a string"),
    ({"message": {"content": "a", "thinking": ["x"]}, "done": False}, "'message.thinking'"),
    ({"message": {"content": "a", "tool_calls": "call"}, "done": False}, "'message.tool_calls'"),
    ({"message": {"content": "a"}, "logprobs": {"a": 1}, "done": False}, "'logprobs'"),
    ({"message": {"content": "a"}, "done": "yes"}, "'done' as a string, not a boolean"),
]


@pytest.mark.parametrize(("bad", "message"), MALFORMED)
async def test_a_malformed_chunk_is_a_protocol_error_and_closes_the_stream(
    bad: dict[str, Any], message: str
) -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(head(chunked=True) + chunk(chat_line("good ")) + chunk(line(bad)))
        await writer.drain()
        await wait_for_client_close(reader)  # a real server would keep generating

    async with HostileServer(answer) as server, oa.AsyncClient(server.url) as client:
        error = await stream_error(client)
        assert type(error) is oa.ProtocolError
        assert message in str(error) and "line 2" in str(error)
        assert partial_text(error) == "good "
        await guarded(server.connections[0].closed_by_client.wait())
        await still_works(client)


async def test_a_malformed_non_streamed_reply_is_a_protocol_error() -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        if request.path == "/api/generate":
            writer.write(whole(200, line({"response": 123, "done": True})))
        else:
            writer.write(whole(200, line({"message": {"content": 123}, "done": True})))

    async with HostileServer(answer) as server, oa.AsyncClient(server.url) as client:
        with pytest.raises(oa.ProtocolError, match=r"'message\.content' as a number"):
            await guarded(client.chat("m", USER))
        with pytest.raises(oa.ProtocolError, match="'response' as a number"):
            await guarded(client.generate("m", "Hi"))


# -- 6. response heads aiohttp cannot parse, redirects ----------------------

HEADS = {
    "10,000 headers": b"HTTP/1.1 200 OK\r\n"
    + b"".join(b"X-H%d: v\r\n" % i for i in range(10_000))
    + b"Content-Length: 2\r\n\r\n{}",
    "a 1 MB header": b"HTTP/1.1 200 OK\r\nX-Big: "
    + b"a" * 1_000_000
    + b"\r\nContent-Length: 2\r\n\r\n{}",
    "duplicate Content-Length": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    "not HTTP": b"hello\r\n\r\n",
}


@pytest.mark.parametrize("name", list(HEADS))
async def test_an_unparsable_response_head_is_a_protocol_error_not_retried(name: str) -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(HEADS[name])
        await writer.drain()
        await wait_for_client_close(reader)

    async with HostileServer(answer) as server, oa.AsyncClient(server.url, max_retries=2) as client:
        with pytest.raises(oa.ProtocolError, match="is not valid HTTP") as info:
            await guarded(client.chat("m", USER))
        assert len(str(info.value)) < 1000
        assert len(server.hostile_requests()) == 1
        if name == "10,000 headers" and AIOHTTP < (3, 13):
            # aiohttp before 3.13 accepts them and, the body being whole, has pooled the
            # connection before the client refuses the head: the stalled server keeps it.
            return
        await still_works(client)


async def test_a_redirect_loop_says_so() -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(whole(307, b"", Location="/api/chat"))

    async with HostileServer(answer) as server, oa.AsyncClient(server.url, max_retries=2) as client:
        with pytest.raises(oa.ProtocolError, match="redirect loop") as info:
            await guarded(client.chat("m", USER))
        assert f"{server.url}/api/chat -> {server.url}/api/chat" in str(info.value)
        assert len(server.hostile_requests()) == 10  # aiohttp's limit, once: not retried
        await still_works(client)


async def test_a_connect_timeout_after_a_redirect_names_the_redirected_url() -> None:
    listener, fillers, target = unconnectable_address()

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(whole(307, b"", Location=f"{target}/api/chat"))

    try:
        async with (
            HostileServer(answer) as server,
            oa.AsyncClient(server.url, timeout=oa.Timeout(connect=0.3), max_retries=0) as client,
        ):
            with pytest.raises(oa.OllamaTimeoutError) as info:
                await guarded(client.chat("m", USER))
            assert info.value.limit == "connect"
            assert f"connecting to {target}/api/chat took longer" in str(info.value)
            await still_works(client)
    finally:
        for sock in (listener, *fillers):
            sock.close()


async def test_a_proxy_that_refuses_is_a_connection_error(monkeypatch: pytest.MonkeyPatch) -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        assert request.method == "CONNECT"
        writer.write(whole(407, b""))

    async with HostileServer(answer) as proxy, aiohttp.ClientSession(trust_env=True) as session:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        async with oa.AsyncClient(
            "https://ollama.invalid", session=session, max_retries=0
        ) as client:
            with pytest.raises(oa.OllamaConnectionError, match=r"proxy refused.*407"):
                await guarded(client.chat("m", USER))


# -- 7. an error object with status 200 -------------------------------------


async def test_a_non_streamed_200_error_body_carries_the_server_text() -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(whole(200, orjson.dumps({"error": "model runner crashed"})))

    async with HostileServer(answer) as server, oa.AsyncClient(server.url) as client:
        with pytest.raises(oa.ResponseError) as info:
            await guarded(client.chat("m", USER))
        assert info.value.error == "model runner crashed"
        assert info.value.status_code == 200
        assert not isinstance(info.value, oa.IncompleteStreamError)


@pytest.mark.parametrize("stream", [False, True])
async def test_a_body_that_does_not_decompress_is_a_protocol_error(stream: bool) -> None:
    garbage = b"\x1f\x8b\x08\x00" + b"not gzip at all" * 10

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(head(chunked=True, Content_Encoding="gzip") + chunk(garbage) + LAST_CHUNK)

    async with HostileServer(answer) as server, oa.AsyncClient(server.url, max_retries=0) as client:
        with pytest.raises(oa.ProtocolError, match="could not be decompressed"):
            if stream:
                await guarded((await client.chat("m", USER, stream=True)).final())
            else:
                await guarded(client.chat("m", USER))
        await still_works(client)


# -- 8. an error is never its own cause -------------------------------------


async def test_errors_raised_from_a_stream_are_not_their_own_cause() -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        if request.body and b'"stalls"' in request.body:
            writer.write(head(chunked=True) + chunk(chat_line("a ")))
            await writer.drain()
            await wait_for_client_close(reader)
        else:
            writer.write(head(chunked=True) + chunk(chat_line("a ")) + chunk(b"not json\n"))
            await writer.drain()
            await wait_for_client_close(reader)

    async with HostileServer(answer) as server, oa.AsyncClient(server.url, timeout=READ) as client:
        for model in ("garbage", "stalls"):
            error = await stream_error(client, model)
            assert error.__cause__ is not error
            assert error.__context__ is not error
        await still_works(client)


# -- 9. one client, several event loops --------------------------------------


class ServerThread:
    """A HostileServer running in its own thread and event loop."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.url = ""
        self._ready = threading.Event()
        self._stop: Optional[asyncio.Event] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread = threading.Thread(target=asyncio.run, args=(self._main(),))

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        async with HostileServer(self.answer) as server:
            self.url = server.url
            self._ready.set()
            await self._stop.wait()

    def __enter__(self) -> ServerThread:
        self._thread.start()
        assert self._ready.wait(GUARD)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loop is not None and self._stop is not None
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(GUARD)


async def streaming_answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
    writer.write(head(chunked=True))
    for word in ("one ", "two ", "three "):
        writer.write(chunk(chat_line(word)))
        await writer.drain()
    writer.write(chunk(chat_line("", done=True)) + LAST_CHUNK)


def in_own_thread(test: Callable[[], None]) -> None:
    """Run a test that makes event loops of its own (asyncio.run) away from pytest's thread,
    whose current loop pytest-asyncio manages (on 3.9, replacing it leaks it)."""
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(test).result()


def test_one_client_in_two_event_loops_at_once_and_then_in_sequence() -> None:
    in_own_thread(two_event_loops_at_once_and_then_in_sequence)


def two_event_loops_at_once_and_then_in_sequence() -> None:
    with ServerThread(streaming_answer) as server:
        client = oa.AsyncClient(server.url)
        both_streaming = threading.Barrier(2, timeout=GUARD)
        results: list[Any] = []

        async def use() -> str:
            stream = await client.chat("m", USER, stream=True)
            first = await stream.__anext__()
            await asyncio.to_thread(both_streaming.wait)  # both loops hold a stream now
            rest = await stream.final()
            assert first.message.content == "one "
            return rest.message.content

        def run() -> None:
            try:
                results.append(asyncio.run(use()))
            except BaseException as exc:
                results.append(exc)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(GUARD)
        assert results == ["one two three "] * 2
        # Sequential asyncio.run() calls keep working, and aclose() ends it all.
        assert asyncio.run(use_once(client)) == "one two three "
        assert asyncio.run(use_once(client)) == "one two three "
        asyncio.run(client.aclose())


async def use_once(client: oa.AsyncClient) -> str:
    return (await (await client.chat("m", USER, stream=True)).final()).message.content


async def stalling_answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
    writer.write(head(chunked=True) + chunk(chat_line("one ")))
    await writer.drain()
    await wait_for_client_close(reader)


def test_a_stream_read_in_another_event_loop_names_the_fix() -> None:
    in_own_thread(stream_read_in_another_event_loop)


def stream_read_in_another_event_loop() -> None:
    with ServerThread(stalling_answer) as server:
        client = oa.AsyncClient(server.url)

        async def open_stream() -> oa.ChatStream:
            stream = await client.chat("m", USER, stream=True)
            assert (await stream.__anext__()).message.content == "one "
            return stream

        async def read_elsewhere(stream: oa.ChatStream) -> None:
            with pytest.raises(
                oa.RequestError, match="read each stream in the loop that opened it"
            ):
                await asyncio.wait_for(stream.final(), GUARD)

        loop = asyncio.new_event_loop()
        try:
            stream = loop.run_until_complete(open_stream())
            asyncio.run(read_elsewhere(stream))
            loop.run_until_complete(client.aclose())
        finally:
            loop.close()
