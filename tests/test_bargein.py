"""Barge-in: however a reader stops, the server sees the socket close and stops generating.

1000 randomized trials: break, aclose(), task cancellation and a timeout
firing, at a random chunk (or before the headers arrive). Each time the server
must see the disconnect having sent at most a few lines more than the client
had read when it stopped (not the 300 of the whole reply), and the next request
on the same client must work. What the server saw is counted in lines, not
milliseconds, so a loaded machine cannot make it flake; the latency figure
(within 100 ms) is measured by ``benchmarks/bench_bargein.py``.
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
WORDS = 300
METHODS = ("break", "aclose", "cancel", "timeout")
IN_FLIGHT = 16
"""Lines the server may send after the client stopped: those already on their way
(the server writes one per millisecond and notices the close on its next write)."""


async def stop_reading(
    client: oa.AsyncClient, server: FakeOllama, method: str, model: str, after: int
) -> tuple[float, int]:
    """Start a stream, stop it after ``after`` chunks by ``method``.

    Returns when it was stopped (``time.monotonic()``) and how many chunks the
    client had read by then.
    """
    if method == "break":
        seen = 0
        async for _ in await client.chat(model, USER, stream=True):
            seen += 1
            if seen >= after:
                break
        return time.monotonic(), seen
    if method == "aclose":
        stream = await client.chat(model, USER, stream=True)
        for _ in range(after):
            await stream.__anext__()
        stopped = time.monotonic()
        await stream.aclose()
        return stopped, after
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
        return stopped, seen
    limit = 0.002 * after + 0.01 if after else 0.02  # "loading" sends headers after 50 ms
    stopped = time.monotonic() + limit
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(consume(), timeout=limit)
    return stopped, seen


def models() -> list[FakeModel]:
    """A talking model (one word per millisecond) and one that loads for 50 ms first."""
    return [
        FakeModel("talk", reply="word " * WORDS, token_delay=0.001),
        FakeModel("loading", reply="word " * WORDS, token_delay=0.001, load_delay=0.05),
    ]


def trials(rng: random.Random, count: int) -> list[tuple[str, str, int]]:
    """``count`` random (method, model, after) trials."""
    chosen = []
    for _ in range(count):
        method = rng.choice(METHODS)
        after = rng.randrange(1, 15)
        model = "talk"
        if method in ("cancel", "timeout") and rng.random() < 0.25:
            model, after = "loading", 0  # stop before the headers arrive
        chosen.append((method, model, after))
    return chosen


async def test_the_server_stops_at_every_barge_in() -> None:
    rng = random.Random(20261125)
    async with FakeOllama(models=models()) as server, oa.AsyncClient(server.url) as client:
        for trial, (method, model, after) in enumerate(trials(rng, TRIALS)):
            _, seen = await stop_reading(client, server, method, model, after)
            disconnect = await server.wait_for_disconnect(timeout=30)
            assert disconnect.lines_sent <= seen + IN_FLIGHT, (trial, method, model, seen)
            if model == "loading" and method == "cancel":
                assert disconnect.lines_sent == 0  # stopped before the headers
            assert await client.version() == "0.33.0"
    assert len(server.disconnects) == TRIALS
