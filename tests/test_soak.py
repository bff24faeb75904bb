"""Leak soak: 10,000 streams with random cancellations, timeouts and faults over 50 tasks.

Afterwards there must be no pending tasks, no file descriptors beyond the
connection pool while the client is open and none at all once it is closed,
and every stream that completed must have exactly the scripted text. Runs
under asyncio and, where installed, uvloop.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import time
from collections import Counter
from typing import Any, Callable

import pytest

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama

STREAMS = 10_000
WORKERS = 50
REPLY = "Hello there. How are you today? I am fine, thanks."
USER = [{"role": "user", "content": "Hi"}]
MODELS = [
    FakeModel("ok", reply=REPLY),
    FakeModel("slow", reply=REPLY, token_delay=0.002),
    FakeModel("error", reply=REPLY, error_after=3),
    FakeModel("drop", reply=REPLY, fault="drop_mid_stream", fault_after=3),
    FakeModel("short", reply=REPLY, end_without_done=True),
]


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


async def one_stream(client: oa.AsyncClient, rng: random.Random, outcomes: Counter[str]) -> None:
    kind = rng.choice(["complete", "complete", "break", "cancel", "timeout", "fault"])
    if kind == "complete":
        stream = await client.chat("ok", USER, stream=True)
        text = "".join([token async for token in stream.text()])
        assert text == REPLY  # every completed stream has exactly the scripted text
    elif kind == "break":
        async for _ in await client.chat("slow", USER, stream=True):
            break
    elif kind == "cancel":
        task = asyncio.ensure_future((await client.chat("slow", USER, stream=True)).final())
        await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    elif kind == "timeout":
        with contextlib.suppress(asyncio.TimeoutError):
            stream = await client.chat("slow", USER, stream=True)
            await asyncio.wait_for(stream.final(), timeout=rng.uniform(0, 0.01))
    else:
        model = rng.choice(["error", "drop", "short"])
        with pytest.raises(
            (oa.StreamError, oa.OllamaConnectionError, oa.IncompleteStreamError)
        ) as info:
            await (await client.chat(model, USER, stream=True)).final()
        partial = info.value.partial
        assert isinstance(partial, oa.ChatResponse)
        assert REPLY.startswith(partial.message.content)  # nothing received is lost
    outcomes[kind] += 1


async def soak() -> dict[str, Any]:
    rng = random.Random(7)
    outcomes: Counter[str] = Counter()
    baseline = open_fds()
    started = time.perf_counter()
    async with (
        FakeOllama(models=MODELS) as server,
        oa.AsyncClient(server.url, max_connections=WORKERS, max_retries=0) as client,
    ):
        remaining = iter(range(STREAMS))

        async def worker() -> None:
            for _ in remaining:
                await one_stream(client, rng, outcomes)

        await asyncio.gather(*(worker() for _ in range(WORKERS)))
        assert await client.version() == "0.33.0"
        in_use = open_fds() - baseline
    await asyncio.sleep(0)  # let transports finish closing
    pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    return {
        "outcomes": outcomes,
        "seconds": time.perf_counter() - started,
        "fds_while_open": in_use,
        "fds_after": open_fds() - baseline,
        "pending": pending,
        "disconnects": len(server.disconnects),
    }


def loops() -> list[tuple[str, Callable[[], asyncio.AbstractEventLoop]]]:
    found: list[tuple[str, Callable[[], asyncio.AbstractEventLoop]]] = [
        ("asyncio", asyncio.new_event_loop)
    ]
    with contextlib.suppress(ImportError):
        import uvloop

        found.append(("uvloop", uvloop.new_event_loop))
    return found


@pytest.mark.parametrize(("name", "new_loop"), loops(), ids=[name for name, _ in loops()])
def test_soak_leaks_nothing(name: str, new_loop: Callable[[], asyncio.AbstractEventLoop]) -> None:
    loop = new_loop()
    try:
        result = loop.run_until_complete(soak())
    finally:
        loop.close()
    print(f"\n{name}: {result}")
    assert sum(result["outcomes"].values()) == STREAMS
    assert set(result["outcomes"]) == {"complete", "break", "cancel", "timeout", "fault"}
    assert result["pending"] == []
    # Client and server ends of at most WORKERS pooled connections, plus the listener.
    assert result["fds_while_open"] <= 2 * WORKERS + 4
    assert result["fds_after"] <= 1
