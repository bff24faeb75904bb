"""The transport on its own, over real loopback HTTP: deadline, error mapping, pools, bounded reads.

Each test drives `Transport` (no `AsyncClient` above it) against the raw
server of `tests/hostile_server.py`, so what is checked is the one module
that knows aiohttp: which of our errors each failure of the wire becomes, how
long a read may wait, which session serves which event loop, and how much of
a body is read. A hang fails on the outer guard, never on a wall-clock check.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Callable, Optional

import aiohttp
import orjson
import pytest

import ollama_async as oa
from ollama_async._retry import RetryPolicy
from ollama_async._transport import Timeout, Transport
from tests.hostile_server import (
    LAST_CHUNK,
    HostileServer,
    Request,
    chunk,
    head,
    line,
    wait_for_client_close,
    whole,
)

GUARD = 60  # seconds: only a hang reaches it, and then the test fails
NO_RETRY = RetryPolicy(max_retries=0)
Handler = Callable[[Request, asyncio.StreamReader, Any], Any]


async def guarded(awaitable: Any) -> Any:
    return await asyncio.wait_for(awaitable, GUARD)


@asynccontextmanager
async def transport_to(
    answer: Handler, timeout: Optional[Timeout] = None, **options: Any
) -> AsyncIterator[tuple[Transport, HostileServer]]:
    """A transport to a raw server that answers with `answer`; closed afterwards."""
    async with HostileServer(answer) as server:
        transport = Transport(
            server.url, headers={}, timeout=timeout or Timeout(), retry=NO_RETRY, **options
        )
        try:
            yield transport, server
        finally:
            await transport.aclose()


async def works(transport: Transport) -> None:
    """The transport still answers (`GET /api/version` always gets a good answer)."""
    assert await guarded(transport.request("GET", "/api/version")) == (200, {"version": "0.33.0"})


# -- the read deadline ------------------------------------------------------


async def test_a_body_that_stalls_ends_at_the_read_deadline() -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(head(chunked=True) + chunk(line({"a": 1})))
        await writer.drain()
        await wait_for_client_close(reader)

    async with transport_to(answer, Timeout(read=0.3)) as (transport, server):
        with pytest.raises(oa.OllamaTimeoutError) as info:
            await guarded(transport.request("GET", "/stall"))
        assert info.value.limit == "read"
        assert "sent nothing for 0.3 s" in str(info.value)
        await guarded(server.connections[0].closed_by_client.wait())
        await works(transport)


async def test_headers_that_never_come_end_at_the_read_deadline() -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        await wait_for_client_close(reader)

    async with transport_to(answer, Timeout(read=0.3)) as (transport, _):
        with pytest.raises(oa.OllamaTimeoutError) as info:
            await guarded(transport.request("GET", "/silent"))
        assert info.value.limit == "read"
        await works(transport)


# -- how the wire's failures are mapped ---------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_refused_connection_is_a_connection_error_naming_the_fix() -> None:
    transport = Transport(
        f"http://127.0.0.1:{free_port()}", headers={}, timeout=Timeout(), retry=NO_RETRY
    )
    try:
        with pytest.raises(oa.OllamaConnectionError, match=r"is it running \(`ollama serve`\)"):
            await guarded(transport.request("GET", "/api/version"))
    finally:
        await transport.aclose()


# Bodies cut short (the connection ends before the body does) broke off; bodies
# whose framing is broken are not valid HTTP. Both chunked and Content-Length.
ENDINGS = {
    "chunked, cut inside a chunk": (
        head(chunked=True) + b"40\r\n" + b"x" * 10,
        oa.OllamaConnectionError,
        "broke off",
    ),
    "chunked, cut between chunks": (
        head(chunked=True) + chunk(b"x" * 10),
        oa.OllamaConnectionError,
        "broke off",
    ),
    "Content-Length, cut": (head(length=100) + b"x" * 10, oa.OllamaConnectionError, "broke off"),
    "chunked, invalid chunk size": (
        head(chunked=True) + chunk(b"x" * 10) + b"zz\r\n",
        oa.ProtocolError,
        "not valid HTTP",  # the body's framing, or the head's when they came together
    ),
    "chunked, chunk longer than declared": (
        head(chunked=True) + b"2\r\n" + b"x" * 10 + b"\r\n",
        oa.ProtocolError,
        "not valid HTTP",  # the body's framing, or the head's when they came together
    ),
}


# A body cut short with the connection still open only stalls (the read deadline's case).
BROKEN = [
    pytest.param(ending, close, id=f"{ending}-{'server-closes' if close else 'server-stays'}")
    for ending, (_, error_type, _) in ENDINGS.items()
    for close in ((True, False) if error_type is oa.ProtocolError else (True,))
]


@pytest.mark.parametrize(("ending", "close"), BROKEN)
async def test_a_broken_body_is_mapped_by_what_broke(ending: str, close: bool) -> None:
    sent, error_type, words = ENDINGS[ending]

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(sent)
        await writer.drain()
        if close:
            writer.close()
            return
        await wait_for_client_close(reader)

    async with transport_to(answer) as (transport, _):  # read: 600 s, only the guard is nearer
        with pytest.raises(oa.OllamaError) as info:
            await guarded(transport.request("GET", "/broken"))
        assert type(info.value) is error_type
        assert words in str(info.value)
        await works(transport)


async def test_an_unparsable_head_is_a_protocol_error() -> None:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(b"HTTP/1.1 abc\r\n\r\n")
        await writer.drain()
        await wait_for_client_close(reader)

    async with transport_to(answer) as (transport, _):
        with pytest.raises(oa.ProtocolError, match="is not valid HTTP"):
            await guarded(transport.request("GET", "/bad-head"))
        await works(transport)


async def test_too_many_headers_are_refused_on_every_aiohttp() -> None:
    # aiohttp 3.13+ refuses them in its parser; earlier releases take any number.
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        headers = "".join(f"X-H{i}: v\r\n" for i in range(200))
        writer.write(f"HTTP/1.1 200 OK\r\n{headers}Content-Length: 2\r\n\r\n{{}}".encode())

    async with transport_to(answer) as (transport, _):
        with pytest.raises(oa.ProtocolError, match="is not valid HTTP"):
            await guarded(transport.request("GET", "/headers"))


# -- the connection watch -----------------------------------------------------


async def test_a_body_returned_to_the_pool_stops_watching_its_connection() -> None:
    # One keep-alive connection serves many bodies: each watches it while it is
    # read, and none is left watching it once back in the pool. (4 MiB: more than
    # one network read, so the body is still arriving when the client opens it.)
    big = json_of_size(4 << 20)

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(whole(200, big))

    async with transport_to(answer) as (transport, server):
        for _ in range(3):
            assert await guarded(transport.request("GET", "/ok")) == (200, orjson.loads(big))
        assert len(server.connections) == 1
        session = transport._pool.get()
        connector = session.connector
        assert connector is not None
        protocols = [proto for conns in connector._conns.values() for proto, _ in conns]
        assert protocols
        for proto in protocols:  # aiohttp's own method again, not a wrapper of a past body
            assert getattr(proto.connection_lost, "__func__", None) is type(proto).connection_lost


def test_corrupt_framing_under_uvloop_is_a_protocol_error_at_once() -> None:
    uvloop = pytest.importorskip("uvloop")
    from tests.test_hostile import corrupt_stream_error

    def run() -> oa.OllamaError:
        loop = uvloop.new_event_loop()
        try:
            error: oa.OllamaError = loop.run_until_complete(
                corrupt_stream_error(b"zz\r\n", False)  # read: 600 s
            )
            return error
        finally:
            loop.close()

    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        error = thread.submit(run).result()
    assert type(error) is oa.ProtocolError and "corrupt chunked framing" in str(error)


# -- one session per event loop -----------------------------------------------


def in_own_thread(test: Callable[[], Any]) -> Any:
    """Run a test that makes event loops of its own away from pytest-asyncio's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(test).result()


async def version_answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
    raise AssertionError("only /api/version is asked")


def test_each_event_loop_gets_its_own_session_and_a_finished_one_is_let_go() -> None:
    def run() -> None:
        async def serve_and_use() -> None:
            async with HostileServer(version_answer) as server:
                transport.base_url = server.url
                await works(transport)
                sessions.append(transport._pool.get())

        transport = Transport("http://unused", headers={}, timeout=Timeout(), retry=NO_RETRY)
        sessions: list[aiohttp.ClientSession] = []
        asyncio.run(serve_and_use())
        asyncio.run(serve_and_use())
        first, second = sessions
        assert first is not second
        assert first.closed  # the first loop's end closed its session
        asyncio.run(transport.aclose())
        assert second.closed

    in_own_thread(run)


def test_an_injected_session_is_refused_in_another_event_loop() -> None:
    def run() -> None:
        loop = asyncio.new_event_loop()
        try:
            session = loop.run_until_complete(make_session())
            transport = Transport(
                "http://127.0.0.1:1", headers={}, timeout=Timeout(), session=session
            )

            async def use() -> None:
                with pytest.raises(oa.RequestError, match="belongs to another event loop"):
                    await transport.request("GET", "/api/version")

            asyncio.run(use())
            loop.run_until_complete(session.close())
        finally:
            loop.close()

    in_own_thread(run)


async def make_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession()


# -- bounded reads ------------------------------------------------------------

LIMIT = 1000


def body_answer(body: bytes, *, chunked: bool, status: int = 200) -> Handler:
    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        if chunked:  # in pieces of 300 bytes, so the limit falls inside one
            pieces = [chunk(body[i : i + 300]) for i in range(0, len(body), 300)]
            writer.write(head(status, chunked=True) + b"".join(pieces) + LAST_CHUNK)
        else:
            writer.write(whole(status, body))

    return answer


def json_of_size(size: int) -> bytes:
    """A JSON object of exactly `size` bytes."""
    body = orjson.dumps({"pad": ""})
    return orjson.dumps({"pad": "x" * (size - len(body))})


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(
    chunked: bool,
) -> None:
    exact = json_of_size(LIMIT)
    async with transport_to(body_answer(exact, chunked=chunked), max_response_bytes=LIMIT) as (
        transport,
        _,
    ):
        assert await guarded(transport.request("GET", "/exact")) == (200, orjson.loads(exact))
    async with transport_to(
        body_answer(json_of_size(LIMIT + 1), chunked=chunked), max_response_bytes=LIMIT
    ) as (transport, _):
        with pytest.raises(oa.ProtocolError, match=f"more than max_response_bytes={LIMIT}"):
            await guarded(transport.request("GET", "/over"))
        await works(transport)


@pytest.mark.parametrize(("body", "expected"), [(b"", None), (b" \n\t ", None), (b"[1]", [1])])
async def test_an_empty_or_blank_body_is_none(body: bytes, expected: Optional[Any]) -> None:
    async with transport_to(body_answer(body, chunked=False)) as (transport, _):
        assert await guarded(transport.request("GET", "/body")) == (200, expected)


async def test_an_error_body_over_the_limit_keeps_only_its_start() -> None:
    body = b"E" * (10 * LIMIT)
    async with transport_to(
        body_answer(body, chunked=True, status=500), max_response_bytes=LIMIT
    ) as (transport, _):
        with pytest.raises(oa.ServerError) as info:
            await guarded(transport.request("GET", "/error"))
        assert f"a body of more than {LIMIT} bytes, not read further" in str(info.value)
        assert info.value.error.startswith("E" * 200)
        await works(transport)
