"""The benchmark server: a raw HTTP/1.1 server that streams chat replies in chosen framings.

    python benchmarks/server.py [--cpu N]

It prints ``URLS burst=http://... paced=http://... many=http://... hold=http://...``
once listening, then serves until killed. Each port is one framing of the
same ``/api/chat`` reply (``workload.Reply``), every NDJSON line in its own
HTTP chunk as Ollama sends it:

- ``burst``: 20,000 lines, 128 lines per socket write, as fast as the client
  reads them (a relay or gateway reading a fast upstream);
- ``paced``: 1,000 lines, one line per write, 1 ms apart (a fast local model);
- ``many``: 21 lines, one line per write, 50 ms apart (20 tokens/s, for
  1000 concurrent streams);
- ``hold``: the first line, then nothing until the client goes away (for
  memory per open stream).

A request whose body contains ``"warm"`` gets a 20-line reply in one write on
every port, so clients can warm their connection and code paths first.
``GET /api/version``, ``/api/tags`` and ``/api/ps`` answer small JSON
objects. It is a plain ``asyncio.Protocol`` on uvloop when installed, pinned
to CPU ``N`` (default: the last one), so its own cost stays small and off the
client's CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import resource
from typing import Optional, cast

from workload import Reply

BURST_LINES = 20_000
BURST_LINES_PER_WRITE = 128
PACED_LINES = 1_000
PACED_INTERVAL = 0.001
MANY_LINES = 21
MANY_INTERVAL = 0.05
WARM_LINES = 20

FRAMINGS = ("burst", "paced", "many", "hold")
HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
    b"Date: Tue, 03 Feb 2026 01:28:37 GMT\r\nTransfer-Encoding: chunked\r\n\r\n"
)
END = b"0\r\n\r\n"
GET_BODIES = {
    b"/api/version": b'{"version":"0.12.6"}',
    b"/api/tags": b'{"models":[]}',
    b"/api/ps": b'{"models":[]}',
}


def chunked(lines: list[bytes]) -> list[bytes]:
    """Each line as one HTTP/1.1 chunk."""
    return [b"%x\r\n%s\r\n" % (len(line), line) for line in lines]


WARM = b"".join(chunked(Reply(WARM_LINES).lines))


def raise_open_files_limit() -> None:
    """1000 concurrent streams need more than the common default of 1024 descriptors."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Connection(asyncio.Protocol):
    """One keep-alive client connection: parse requests, stream replies."""

    def __init__(self, framing: str, chunks: list[bytes]) -> None:
        self.framing = framing
        self.chunks = chunks
        self.buffer = b""
        self.transport: Optional[asyncio.Transport] = None
        self.streaming = False
        self.writable: Optional[asyncio.Future[None]] = None
        self.timer: Optional[asyncio.TimerHandle] = None
        self.task: Optional[asyncio.Future[None]] = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self.transport.set_write_buffer_limits(high=64 * 1024)

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self.transport = None
        if self.timer is not None:
            self.timer.cancel()
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)

    def pause_writing(self) -> None:
        self.writable = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)
        self.writable = None

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while not self.streaming:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = self.buffer[:head_end]
            length = 0
            for header in head.split(b"\r\n")[1:]:
                name, _, value = header.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body_end = head_end + 4 + length
            if len(self.buffer) < body_end:
                return
            body = self.buffer[head_end + 4 : body_end]
            self.buffer = self.buffer[body_end:]
            self.answer(head.split(b" ", 2), body)

    def answer(self, request_line: list[bytes], body: bytes) -> None:
        transport = self.transport
        assert transport is not None
        method, path = request_line[0], request_line[1]
        if method == b"GET":
            reply = GET_BODIES.get(path, b"{}")
            transport.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(reply), reply)
            )
        elif b'"warm"' in body:
            transport.write(HEAD + WARM + END)
        elif self.framing == "burst":
            self.streaming = True
            self.task = asyncio.ensure_future(self.burst())
        else:
            self.streaming = True
            transport.write(HEAD + self.chunks[0])
            if self.framing != "hold":
                interval = PACED_INTERVAL if self.framing == "paced" else MANY_INTERVAL
                self.timer = asyncio.get_running_loop().call_later(
                    interval, self.paced, 1, interval
                )

    async def burst(self) -> None:
        chunks = self.chunks
        first = True
        for start in range(0, len(chunks), BURST_LINES_PER_WRITE):
            transport = self.transport
            if transport is None:
                return
            block = b"".join(chunks[start : start + BURST_LINES_PER_WRITE])
            transport.write(HEAD + block if first else block)
            first = False
            if self.writable is not None:
                await self.writable
        self.finish()

    def paced(self, index: int, interval: float) -> None:
        transport = self.transport
        if transport is None:
            return
        transport.write(self.chunks[index])
        if index + 1 < len(self.chunks):
            self.timer = asyncio.get_running_loop().call_later(
                interval, self.paced, index + 1, interval
            )
        else:
            self.timer = None
            self.finish()

    def finish(self) -> None:
        if self.transport is not None:
            self.transport.write(END)
        self.streaming = False
        if self.buffer:
            self.data_received(b"")


def replies() -> dict[str, list[bytes]]:
    """The chunked reply of each framing."""
    return {
        "burst": chunked(Reply(BURST_LINES).lines),
        "paced": chunked(Reply(PACED_LINES).lines),
        "many": chunked(Reply(MANY_LINES).lines),
        "hold": chunked(Reply(MANY_LINES).lines),
    }


async def serve() -> None:
    loop = asyncio.get_running_loop()
    urls = []
    servers = []
    for framing, chunks in replies().items():
        server = await loop.create_server(
            functools.partial(Connection, framing, chunks),
            "127.0.0.1",
            0,
            backlog=4096,
        )
        servers.append(server)
        port = server.sockets[0].getsockname()[1]
        urls.append(f"{framing}=http://127.0.0.1:{port}")
    print("URLS " + " ".join(urls), flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpu", type=int, default=(os.cpu_count() or 1) - 1)
    cpu = parser.parse_args().cpu
    if hasattr(os, "sched_setaffinity") and 0 <= cpu < (os.cpu_count() or 1):
        os.sched_setaffinity(0, {cpu})
    raise_open_files_limit()
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve())
    else:
        uvloop.run(serve())


if __name__ == "__main__":
    main()
