"""One benchmark contender in one scenario, in its own process.

    python benchmarks/contenders.py SCENARIO CONTENDER URL

Prints one JSON object: client CPU seconds (``time.process_time``), wall
seconds, peak RSS, the work done and whether its output was complete and
correct. ``run.py`` starts these one after another, interleaved.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time
from collections.abc import Awaitable
from typing import Any, Callable

import aiohttp
import orjson

import ollama_async
from ollama_async import AsyncClient, ReplyStream

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from server import (
    LONG_TEXT,
    LONG_TOKENS,
    SHORT_REPLY,
    SLOW_TOKENS,
    WORD,
    raise_open_files_limit,
)

CONCURRENT = 1000
NONSTREAM_REQUESTS = 200
EMBED_REQUESTS = 40
EMBED_INPUTS = [f"input number {i}" for i in range(100)]
PAIRS = 300
USER = [{"role": "user", "content": "Hi"}]

Result = dict[str, Any]


# -- the floor: aiohttp + own byte buffer + orjson.loads, no objects ---------


async def floor_stream(
    session: aiohttp.ClientSession, url: str, path: str, body: dict[str, Any]
) -> list[str]:
    """Read an NDJSON stream with the least possible work; return the text pieces."""
    chat = path == "/api/chat"
    parts: list[str] = []
    async with session.post(url + path, data=orjson.dumps(body)) as response:
        buffer = b""
        async for data in response.content.iter_any():
            buffer += data
            if b"\n" not in data:
                continue
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                if line:
                    obj = orjson.loads(line)
                    parts.append(obj["message"]["content"] if chat else obj["response"])
    return parts


async def floor_json(
    session: aiohttp.ClientSession, url: str, path: str, body: dict[str, Any]
) -> Any:
    async with session.post(url + path, data=orjson.dumps(body)) as response:
        return orjson.loads(await response.read())


# -- scenarios ---------------------------------------------------------------


async def stream_one(contender: str, url: str, endpoint: str) -> Result:
    """One 20,000-chunk stream, as Ollama sends it: one HTTP chunk per line."""
    path = f"/api/{endpoint}"
    body: dict[str, Any] = {"model": "long", "stream": True}
    body.update({"messages": USER} if endpoint == "chat" else {"prompt": "Hi"})

    async def floor() -> str:
        async with aiohttp.ClientSession() as session:
            await floor_json(session, url, "/api/embed", {"model": "embed"})  # warm connection
            return await measured(lambda: floor_stream(session, url, path, body), join=True)

    async def ours(mode: str) -> str:
        async with AsyncClient(url) as client:
            await client.version()

            async def run() -> list[str]:
                if endpoint == "chat":
                    chat = await client.chat("long", USER, stream=True)
                    if mode == "chunks":
                        return [chunk.message.content async for chunk in chat]
                    stream: ReplyStream[Any] = chat
                else:
                    generate = await client.generate("long", "Hi", stream=True)
                    if mode == "chunks":
                        return [chunk.response async for chunk in generate]
                    stream = generate
                if mode == "text":
                    return [token async for token in stream.text()]
                return [sentence async for sentence in stream.sentences()]

            return await measured(run, join=True)

    async def official() -> str:
        import ollama

        client = ollama.AsyncClient(host=url)
        await client.list()

        async def run() -> list[str]:
            if endpoint == "chat":
                return [
                    part.message.content or ""
                    async for part in await client.chat("long", USER, stream=True)
                ]
            return [
                part.response or ""
                async for part in await client.generate("long", "Hi", stream=True)
            ]

        return await measured(run, join=True)

    runners: dict[str, Callable[[], Awaitable[str]]] = {
        "floor": floor,
        "chunks": lambda: ours("chunks"),
        "text": lambda: ours("text"),
        "sentences": lambda: ours("sentences"),
        "ollama": official,
    }
    text = await runners[contender]()
    return {"ok": text == LONG_TEXT, "units": LONG_TOKENS + 1}


async def concurrent(contender: str, url: str) -> Result:
    """1000 slow streams at once (40 tokens, 50 ms apart), unlimited pool."""
    expected = WORD * SLOW_TOKENS
    body = {"model": "slow", "prompt": "Hi", "stream": True}

    if contender == "floor":
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def one() -> str:
                return "".join(await floor_stream(session, url, "/api/generate", body))

            texts = await measured_all(lambda: asyncio.gather(*(one() for _ in range(CONCURRENT))))
    else:
        async with AsyncClient(url, max_connections=0) as client:

            async def one() -> str:
                stream = await client.generate("slow", "Hi", stream=True)
                return "".join([chunk.response async for chunk in stream])

            texts = await measured_all(lambda: asyncio.gather(*(one() for _ in range(CONCURRENT))))
    return {"ok": all(text == expected for text in texts), "units": CONCURRENT * (SLOW_TOKENS + 1)}


async def nonstream(contender: str, url: str, endpoint: str) -> Result:
    """Sequential non-streamed requests: chat (a 250-token reply) or embed (100 inputs)."""
    count = NONSTREAM_REQUESTS if endpoint == "chat" else EMBED_REQUESTS
    if endpoint == "chat":
        body: dict[str, Any] = {"model": "short", "messages": USER, "stream": False}
    else:
        body = {"model": "embed", "input": EMBED_INPUTS}

    def check(result: Any) -> bool:
        if endpoint == "chat":
            return bool(result == SHORT_REPLY)
        return len(result) == len(EMBED_INPUTS) and all(len(vector) == 768 for vector in result)

    results: list[Any] = []
    if contender == "floor":
        async with aiohttp.ClientSession() as session:
            await floor_json(session, url, "/api/embed", {"model": "embed"})

            async def run() -> None:
                for _ in range(count):
                    data = await floor_json(session, url, f"/api/{endpoint}", body)
                    results.append(
                        data["message"]["content"] if endpoint == "chat" else data["embeddings"]
                    )

            await measured_all(run)
    elif contender == "client":
        async with AsyncClient(url) as client:
            await client.version()

            async def run() -> None:
                for _ in range(count):
                    if endpoint == "chat":
                        results.append((await client.chat("short", USER)).message.content)
                    else:
                        results.append((await client.embed("embed", EMBED_INPUTS)).embeddings)

            await measured_all(run)
    else:
        import ollama

        official = ollama.AsyncClient(host=url)
        await official.list()

        async def run() -> None:
            for _ in range(count):
                if endpoint == "chat":
                    results.append((await official.chat("short", USER)).message.content)
                else:
                    results.append((await official.embed("embed", EMBED_INPUTS)).embeddings)

        await measured_all(run)
    return {"ok": len(results) == count and all(check(r) for r in results), "units": count}


async def first_chunk(url: str) -> Result:
    """Paired: time to the first parsed chunk, floor then ours, alternating."""
    body = {"model": "short", "prompt": "Hi", "stream": True}
    differences: list[float] = []
    floors: list[float] = []
    async with aiohttp.ClientSession() as session, AsyncClient(url) as client:
        await client.version()
        await floor_json(session, url, "/api/embed", {"model": "embed"})
        for index in range(PAIRS):
            timings = {}
            for who in ("floor", "ours") if index % 2 else ("ours", "floor"):
                started = time.perf_counter()
                if who == "floor":
                    async with session.post(
                        url + "/api/generate", data=orjson.dumps(body)
                    ) as response:
                        line = await response.content.readline()
                        orjson.loads(line)
                        timings[who] = time.perf_counter() - started
                        await response.read()
                else:
                    stream = await client.generate("short", "Hi", stream=True)
                    await stream.__anext__()
                    timings[who] = time.perf_counter() - started
                    await stream.final()
            differences.append(timings["ours"] - timings["floor"])
            floors.append(timings["floor"])
    differences.sort()
    floors.sort()
    return {
        "ok": True,
        "units": PAIRS,
        "median_extra_ms": differences[len(differences) // 2] * 1000,
        "median_floor_ms": floors[len(floors) // 2] * 1000,
    }


# -- measuring -----------------------------------------------------------------

_cpu = 0.0
_wall = 0.0


async def measured(run: Callable[[], Awaitable[list[str]]], *, join: bool) -> str:
    parts = await measured_all(run)
    return "".join(parts) if join else str(parts)


async def measured_all(run: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``run`` and add its client CPU and wall time to the totals."""
    global _cpu, _wall
    cpu, wall = time.process_time(), time.perf_counter()
    result = await run()
    _cpu += time.process_time() - cpu
    _wall += time.perf_counter() - wall
    return result


def main() -> None:
    scenario, contender, url = sys.argv[1:4]
    raise_open_files_limit()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    if scenario.startswith("stream-"):
        result = asyncio.run(stream_one(contender, url, scenario.split("-", 1)[1]))
    elif scenario == "concurrent":
        result = asyncio.run(concurrent(contender, url))
    elif scenario.startswith("nonstream-"):
        result = asyncio.run(nonstream(contender, url, scenario.split("-", 1)[1]))
    else:
        result = asyncio.run(first_chunk(url))
    result.update(
        cpu=_cpu,
        wall=_wall,
        maxrss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        version=ollama_async.__version__,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
