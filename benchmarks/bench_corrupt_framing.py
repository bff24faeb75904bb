"""How soon corrupt chunked framing ends a stream: from the bad bytes to the error.

    .venv/bin/python benchmarks/bench_corrupt_framing.py [--trials 200]

A raw loopback server (``tests/hostile_server.py``) sends one good chat line,
then, once the client has read it, broken framing (an invalid chunk-size
line, or a chunk longer than it declared), and keeps the socket open or
closes it. The client uses the default limits (read: 600 s), so only noticing
the broken connection can end the stream. Reported: wall-clock milliseconds
from the server's write of the bad bytes to the client catching the
``ProtocolError``, median / 99th percentile / worst over ``--trials`` per case.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import aiohttp

import ollama_async as oa
from tests.hostile_server import (
    HostileServer,
    Request,
    chat_line,
    chunk,
    head,
    wait_for_client_close,
)

CORRUPTIONS = {"invalid chunk size": b"zz\r\n", "chunk too long": b"5\r\n" + chat_line("abcdefgh")}
USER = [{"role": "user", "content": "Hi"}]


async def trial(client: oa.AsyncClient, state: dict[str, Any]) -> float:
    stream = await client.chat("m", USER, stream=True)
    await stream.__anext__()
    state["go"].set()
    try:
        await asyncio.wait_for(stream.final(), 60)
    except oa.ProtocolError:
        sent: float = state["sent"]
        return (time.perf_counter() - sent) * 1000
    raise AssertionError("the stream did not end in a ProtocolError")


async def case(corruption: bytes, close: bool, trials: int) -> list[float]:
    state: dict[str, Any] = {}

    async def answer(request: Request, reader: asyncio.StreamReader, writer: Any) -> None:
        writer.write(head(chunked=True) + chunk(chat_line("hi ")))
        await writer.drain()
        await state["go"].wait()
        state["sent"] = time.perf_counter()
        writer.write(corruption)
        if close:
            writer.close()
            return
        await wait_for_client_close(reader)

    times = []
    async with HostileServer(answer) as server, oa.AsyncClient(server.url) as client:
        for _ in range(trials):
            state["go"] = asyncio.Event()
            times.append(await trial(client, state))
    return times


async def main(trials: int) -> None:
    print(f"aiohttp {aiohttp.__version__}, {trials} trials per case, ms from bad bytes to error")
    for name, corruption in CORRUPTIONS.items():
        for close in (False, True):
            times = sorted(await case(corruption, close, trials))
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            label = f"{name}, server {'closes' if close else 'stays'}"
            print(
                f"{label:38} median {statistics.median(times):6.2f}  p99 {p99:6.2f}  "
                f"worst {times[-1]:6.2f}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    asyncio.run(main(parser.parse_args().trials))
