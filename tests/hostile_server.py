"""A tiny raw HTTP/1.1 server on loopback that sends whatever bytes a test scripts.

aiohttp's own test server cannot send broken chunked framing, ten thousand
headers or a redirect loop; this one writes raw bytes with
``asyncio.start_server``. ``GET /api/version`` always gets a good answer, so a
test can check that the same client still works after a hostile reply.

    async def answer(request: Request, reader: StreamReader, writer: StreamWriter) -> None:
        writer.write(head(200, chunked=True) + chunk(line({"done": True})) + LAST_CHUNK)

    async with HostileServer(answer) as server:
        ...server.url...
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Awaitable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Callable, Optional

import orjson

LAST_CHUNK = b"0\r\n\r\n"
VERSION = "0.33.0"


@dataclass
class Request:
    """One request as the server read it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Connection:
    """One client connection: its requests, and whether the client closed it (EOF or reset)."""

    requests: list[Request] = field(default_factory=list)
    closed_by_client: asyncio.Event = field(default_factory=asyncio.Event)


Handler = Callable[[Request, asyncio.StreamReader, asyncio.StreamWriter], Awaitable[Any]]


def _head(status: int, headers: list[str], extra: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} X", *headers]
    lines += [f"{key.replace('_', '-')}: {value}" for key, value in extra.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def head(
    status: int = 200, *, chunked: bool = False, length: Optional[int] = None, **extra: str
) -> bytes:
    """A response head: status line, headers, blank line. ``extra`` keys use ``_`` for ``-``."""
    headers = ["Content-Type: application/x-ndjson"]
    if chunked:
        headers.append("Transfer-Encoding: chunked")
    if length is not None:
        headers.append(f"Content-Length: {length}")
    return _head(status, headers, extra)


def chunk(data: bytes) -> bytes:
    """``data`` as one chunk of a chunked body."""
    return b"%x\r\n%s\r\n" % (len(data), data)


def line(obj: Any) -> bytes:
    """One NDJSON line."""
    return orjson.dumps(obj) + b"\n"


def chat_line(text: str, done: bool = False) -> bytes:
    """One line of a chat stream."""
    return line({"model": "m", "message": {"role": "assistant", "content": text}, "done": done})


def whole(status: int, body: bytes, **extra: str) -> bytes:
    """A complete response with a Content-Length body (no Content-Type unless in ``extra``)."""
    return _head(status, [f"Content-Length: {len(body)}"], extra) + body


async def read_request(reader: asyncio.StreamReader) -> Optional[Request]:
    """The next request on a connection (``None`` at EOF); chunked request bodies are joined."""
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    first, *rest = raw.decode("latin-1").split("\r\n")
    method, path, _ = first.split(" ", 2)
    headers = {}
    for header in rest:
        if header:
            key, _, value = header.partition(":")
            headers[key.strip().lower()] = value.strip()
    body = b""
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            body += (await reader.readexactly(size + 2))[:-2]
            if not size:
                break
    return Request(method, path, headers, body)


class HostileServer:
    """Serves ``handler`` for every request but ``GET /api/version``; records connections."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections: list[Connection] = []
        self._server: Optional[asyncio.Server] = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self.url = ""

    @property
    def requests(self) -> list[Request]:
        """Every request received, oldest first (``/api/version`` included)."""
        return [request for connection in self.connections for request in connection.requests]

    def hostile_requests(self) -> list[Request]:
        """The requests the hostile handler answered."""
        return [request for request in self.requests if request.path != "/api/version"]

    async def __aenter__(self) -> HostileServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        assert self._server is not None
        self._server.close()
        # Closing the sockets ends every handler (its reads see EOF, its writes fail);
        # cancelling them instead would make asyncio log each one as an error.
        for writer in list(self._writers):
            writer.transport.abort()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        connection = Connection()
        self.connections.append(connection)
        try:
            while True:
                request = await read_request(reader)
                if request is None:
                    break
                connection.requests.append(request)
                if request.path == "/api/version":
                    writer.write(
                        whole(
                            200, orjson.dumps({"version": VERSION}), Content_Type="application/json"
                        )
                    )
                    await writer.drain()
                    continue
                await self.handler(request, reader, writer)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            connection.closed_by_client.set()
            writer.close()
            self._writers.discard(writer)
            self._tasks.discard(task)


async def wait_for_client_close(reader: asyncio.StreamReader) -> None:
    """Hold the connection open, sending nothing more, until the client closes it."""
    try:
        while await reader.read(65536):
            pass
    except ConnectionError:
        pass


def unconnectable_address() -> tuple[socket.socket, list[socket.socket], str]:
    """A loopback address whose connect() hangs: a listener whose accept queue is full.

    Returns the listener and the sockets filling its queue (close them when
    done) and the base URL.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):  # never accepted: it stays queued
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    return listener, fillers, f"http://127.0.0.1:{port}"
