"""What the read deadline costs per chunk: aiohttp's ``readany`` vs our body read.

    .venv/bin/python benchmarks/bench_read_deadline.py [--chunks 200000] [--repeat 7]

No network, so no noise from it: aiohttp's own response protocol (HTTP parser,
``sock_read`` timer, payload ``StreamReader``) is fed one chunked NDJSON line
at a time, as ``data_received`` gets it from a socket, and the line is read
back, with one event-loop iteration per chunk. Compared: the bare ``readany`` the stream used before, with aiohttp's
``sock_read`` timer that it re-creates on every network read; and
``ResponseBody.read_chunk``, which maps errors and keeps one deadline per body
(and turns aiohttp's per-read timer off); and the bare ``readany`` on a
connection watched for its loss, as every open body's is. Reported: the best of ``--repeat``
interleaved runs, in nanoseconds of process CPU time per chunk.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import types
from typing import Any, Callable, Optional

from aiohttp.client_proto import ResponseHandler

from ollama_async._aiohttp_internals import watch_connection_lost
from ollama_async._transport import ResponseBody, Timeout, _Pool

LINE = b'{"model":"m","created_at":"2026-12-02T00:00:00Z","response":"word ","done":false}\n'
HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
)
CHUNK = b"%x\r\n%s\r\n" % (len(LINE), LINE)


class _Socket(asyncio.Transport):
    """A transport that is never closing and drops what is written."""

    def is_closing(self) -> bool:
        return False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default


def open_response(read_timeout: Optional[float]) -> tuple[ResponseHandler, Any]:
    """aiohttp's protocol after the head of a chunked 200 response, and its payload."""
    protocol = ResponseHandler(asyncio.get_running_loop())
    protocol.connection_made(_Socket())
    protocol.set_response_params(read_timeout=read_timeout)
    protocol.data_received(HEAD)
    payload = protocol._payload
    assert payload is not None
    return protocol, payload


async def per_chunk(
    reader: Callable[[ResponseHandler, Any], Callable[[], Any]], chunks: int
) -> float:
    protocol, payload = open_response(read_timeout=600.0)  # the client's default sock_read
    read = reader(protocol, payload)
    feed = protocol.data_received
    pause = asyncio.sleep
    started = time.process_time()
    for _ in range(chunks):
        feed(CHUNK)
        await read()
        await pause(0)  # one event-loop iteration per chunk, as with a real socket
    elapsed = time.process_time() - started
    protocol.connection_lost(None)
    return elapsed / chunks * 1e9


def body_read(timeout: Timeout) -> Callable[[ResponseHandler, Any], Callable[[], Any]]:
    def make(protocol: ResponseHandler, payload: Any) -> Callable[[], Any]:
        response: Any = types.SimpleNamespace(
            content=payload,
            url="http://127.0.0.1:11434/api/chat",
            raw_headers=(),
            connection=types.SimpleNamespace(protocol=protocol),
        )
        body = ResponseBody(response, timeout, _Pool(None, 1, timeout))
        return body.read_chunk

    return make


def watched(protocol: ResponseHandler, payload: Any) -> Callable[[], Any]:
    """The bare readany on a connection a body watches (what ResponseBody adds per body)."""
    watch_connection_lost(protocol, lambda error: None)
    read: Callable[[], Any] = payload.readany
    return read


async def main(chunks: int, repeat: int) -> None:
    loops = {
        "aiohttp readany (before)": lambda protocol, payload: payload.readany,
        "aiohttp readany, connection watched": watched,
        "ResponseBody, read=None": body_read(Timeout(read=None)),
        "ResponseBody, read=600 (default)": body_read(Timeout()),
    }
    best = dict.fromkeys(loops, float("inf"))
    for _ in range(repeat):
        for name, make in loops.items():  # interleaved, so load hits all alike
            best[name] = min(best[name], await per_chunk(make, chunks))
    base = best["aiohttp readany (before)"]
    for name, cost in best.items():
        print(f"{name:37} {cost:7.0f} ns/chunk  (+{cost - base:4.0f})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.chunks, args.repeat))
