"""Barge-in: however a reader stops, the server sees the socket close at once.

1000 randomized trials: break, aclose(), task cancellation and a timeout
firing, at a random chunk (or before the headers arrive); each time the
server must record the disconnect within 100 ms, and the next request on the
same client must work.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama

USER = [{"role": "user", "content": "Hi"}]
TRIALS = 1000
LIMIT = 0.1
METHODS = ("break", "aclose", "cancel", "timeout")


async def stop_reading(
    client: oa.AsyncClient, server: FakeOllama, method: str, model: str, after: int
) -> float:
    """Start a stream, stop it after ``after`` chunks by ``method``; return when it was stopped."""
    if method == "break":
        seen = 0
        async for _ in await client.chat(model, USER, stream=True):
            seen += 1
            if seen >= after:
                break
        return time.monotonic()
    if method == "aclose":
        stream = await client.chat(model, USER, stream=True)
        for _ in range(after):
            await stream.__anext__()
        stopped = time.monotonic()
        await stream.aclose()
        return stopped
    chunks = asyncio.Event()
    seen = 0

    async def consume() -> None:
        nonlocal seen
        async for _ in await client.chat(model, USER, stream=True):
            seen += 1
            if seen >= after:
                chunks.set()

    if method == "cancel":
        sent = len(server.requests) + 1
        task = asyncio.ensure_future(consume())
        if after:
            await chunks.wait()
        else:
            await server.wait_for_requests(sent)  # the model is still loading
        stopped = time.monotonic()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return stopped
    limit = 0.002 * after + 0.01 if after else 0.02  # "loading" sends headers after 50 ms
    stopped = time.monotonic() + limit
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(consume(), timeout=limit)
    return stopped


async def test_the_server_sees_every_barge_in_within_100_ms() -> None:
    models = [
        FakeModel("talk", reply="word " * 300, token_delay=0.001),
        FakeModel("loading", reply="word " * 300, token_delay=0.001, load_delay=0.05),
    ]
    rng = random.Random(20261125)
    delays: list[float] = []
    async with FakeOllama(models=models) as server, oa.AsyncClient(server.url) as client:
        for trial in range(TRIALS):
            method = rng.choice(METHODS)
            after = rng.randrange(1, 15)
            model = "talk"
            if method in ("cancel", "timeout") and rng.random() < 0.25:
                model, after = "loading", 0  # stop before the headers arrive
            stopped = await stop_reading(client, server, method, model, after)
            disconnect = await server.wait_for_disconnect(timeout=5)
            delays.append(disconnect.at - stopped)
            assert disconnect.at - stopped < LIMIT, (trial, method, model, after)
            assert await client.version() == "0.33.0"
    assert len(delays) == TRIALS
    assert len(server.disconnects) == TRIALS
