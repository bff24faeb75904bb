"""One benchmark contender in one framing, in its own process.

    python benchmarks/contenders.py FRAMING CONTENDER URL

FRAMING is ``burst``, ``paced`` or ``many`` (1000 concurrent streams) — the
port of ``server.py`` that URL points at — or ``memory`` / ``pymemory``
(1000 open streams: RSS or ``tracemalloc`` growth) or ``latency`` (time to
the first chunk, floor, ``ollama_async`` and the official client in turn).

CONTENDER is one of :data:`CONTENDERS`; a ``-all`` suffix makes it read every
field an application reads (content, thinking, tool calls, ``done`` and the
final metrics) instead of the content alone, a ``-uvloop`` suffix runs it on
uvloop, ``chunks-notimeout`` is ``chunks`` with ``AsyncClient(timeout=None)``. Prints one JSON object: client CPU seconds (``time.process_time()``
around the measured work only, not imports or the warm-up request), wall
seconds, the chunks read, socket reads where the contender can count them,
and whether what it read was complete and correct.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Coroutine
from typing import Any, Callable, Optional, cast
from urllib.parse import urlsplit

import aiohttp
import orjson

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from server import BURST_LINES, MANY_LINES, PACED_LINES, WARM_LINES, raise_open_files_limit
from workload import TOOL_NAME, Reply, request_body

import ollama_async

CONTENDERS = ("floor", "raw", "chunks", "text", "sentences", "official")
STREAMS = 1000  # concurrent streams in the many-streams and memory framings
LATENCY_ROUNDS = 200
LINES = {"burst": BURST_LINES, "paced": PACED_LINES, "many": MANY_LINES}
BODY = orjson.dumps(request_body())
WARM_BODY = orjson.dumps(request_body("warm"))


class Outcome:
    """What one contender read from one stream, checked against the reply sent."""

    __slots__ = ("content", "done", "metrics", "thinking", "tools")

    def __init__(self) -> None:
        self.content: list[str] = []
        self.thinking: list[str] = []
        self.tools: list[str] = []
        self.done = False
        self.metrics: tuple[Any, ...] = ()

    def take(self, obj: dict[str, Any]) -> None:
        """Read every field an application reads from one parsed line."""
        message = obj["message"]
        content = message.get("content")
        if content:
            self.content.append(content)
        thinking = message.get("thinking")
        if thinking:
            self.thinking.append(thinking)
        calls = message.get("tool_calls")
        if calls:
            self.tools.extend(call["function"]["name"] for call in calls)
        if obj.get("done"):
            self.done = True
            self.metrics = (
                obj.get("done_reason"),
                obj.get("eval_count"),
                obj.get("eval_duration"),
                obj.get("prompt_eval_count"),
                obj.get("prompt_eval_duration"),
                obj.get("total_duration"),
                obj.get("load_duration"),
            )

    def correct(self, reply: Reply, all_fields: bool, sentences: bool = False) -> bool:
        text = "".join(self.content)
        if sentences:
            ok = "".join(text.split()) == "".join(reply.content.split())
        else:
            ok = text == reply.content
        if all_fields:
            ok = ok and self.done and "".join(self.thinking) == reply.thinking
            ok = ok and self.tools == [TOOL_NAME] and self.metrics[1] == reply.eval_count
        return ok


# -- the floor: aiohttp readany() + own buffer + orjson, no objects ----------


async def floor_stream(
    session: aiohttp.ClientSession, url: str, body: bytes, out: Outcome, all_fields: bool
) -> int:
    """Read one chat stream with the least work aiohttp allows; return the socket reads."""
    loads = orjson.loads
    parts = out.content
    take = out.take
    reads = 0
    async with session.post(
        url + "/api/chat", data=body, headers={"Content-Type": "application/json"}
    ) as response:
        read = response.content.readany
        tail = b""
        while True:
            data = await read()
            if not data:
                break
            reads += 1
            if tail:
                data = tail + data
                tail = b""
            if data.find(b"\n") == len(data) - 1:  # exactly one whole line
                if all_fields:
                    take(loads(data))
                else:
                    parts.append(loads(data)["message"]["content"])
                continue
            lines = data.split(b"\n")
            tail = lines.pop()
            if all_fields:
                for line in lines:
                    if line:
                        take(loads(line))
            else:
                for line in lines:
                    if line:
                        parts.append(loads(line)["message"]["content"])
    return reads


# -- raw asyncio.Protocol with its own chunked parser --------------------------


class RawConnection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection that parses chunked NDJSON replies itself."""

    def __init__(self) -> None:
        self.transport: Optional[asyncio.Transport] = None
        self.buffer = b""
        self.line_tail = b""
        self.in_head = True
        self.finished: Optional[asyncio.Future[None]] = None
        self.out = Outcome()
        self.all_fields = False
        self.reads = 0
        self.first: Optional[asyncio.Future[None]] = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def connection_lost(self, exc: Optional[Exception]) -> None:
        if self.finished is not None and not self.finished.done():
            self.finished.set_exception(ConnectionError("connection lost mid-reply"))

    def send(self, host: str, body: bytes, out: Outcome, all_fields: bool) -> asyncio.Future[None]:
        """Send one chat request; the future is done when its reply has been read."""
        assert self.transport is not None
        loop = asyncio.get_running_loop()
        self.finished = loop.create_future()
        self.first = loop.create_future()
        self.out = out
        self.all_fields = all_fields
        self.transport.write(
            b"POST /api/chat HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (host.encode(), len(body), body)
        )
        return self.finished

    def data_received(self, data: bytes) -> None:
        self.reads += 1
        if self.buffer:
            data = self.buffer + data
            self.buffer = b""
        pos = 0
        if self.in_head:
            end = data.find(b"\r\n\r\n")
            if end < 0:
                self.buffer = data
                return
            if not data.startswith(b"HTTP/1.1 200"):
                raise ConnectionError(data[:200].decode("latin-1"))
            self.in_head = False
            pos = end + 4
        size_of = int
        length = len(data)
        while True:
            eol = data.find(b"\r\n", pos)
            if eol < 0:
                break
            size = size_of(data[pos:eol], 16)
            if size == 0:
                if length < eol + 4:
                    break
                self.in_head = True
                assert self.finished is not None
                self.finished.set_result(None)
                return
            start = eol + 2
            end = start + size
            if end + 2 > length:
                break
            self.payload(data, start, end)
            pos = end + 2
        self.buffer = data[pos:]

    def payload(self, data: bytes, start: int, end: int) -> None:
        if not self.line_tail and data.find(b"\n", start, end) == end - 1:
            obj = orjson.loads(data[start:end])
            if self.all_fields:
                self.out.take(obj)
            else:
                self.out.content.append(obj["message"]["content"])
            first = self.first
            if first is not None and not first.done():
                first.set_result(None)
            return
        lines = (self.line_tail + data[start:end]).split(b"\n")
        self.line_tail = lines.pop()
        for line in lines:
            if line:
                obj = orjson.loads(line)
                if self.all_fields:
                    self.out.take(obj)
                else:
                    self.out.content.append(obj["message"]["content"])


async def raw_connect(url: str) -> tuple[RawConnection, str]:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    _, protocol = await asyncio.get_running_loop().create_connection(
        RawConnection, parts.hostname, parts.port
    )
    return protocol, parts.netloc


# -- ollama_async and the official client ------------------------------------


async def ours_stream(
    client: ollama_async.AsyncClient, mode: str, out: Outcome, all_fields: bool, warm: bool = False
) -> None:
    """Read one chat stream with ollama_async: typed chunks, ``.text()`` or ``.sentences()``."""
    body = request_body("warm" if warm else None)
    stream = await client.chat(body["model"], body["messages"], stream=True)
    parts = out.content
    if mode == "text":
        async for token in stream.text():
            parts.append(token)
    elif mode == "sentences":
        async for sentence in stream.sentences():
            parts.append(sentence)
    elif not all_fields:
        async for chunk in stream:
            parts.append(chunk.message.content)
    else:
        async for chunk in stream:
            read_every_field(chunk, out)


def read_every_field(chunk: Any, out: Outcome) -> None:
    """What an application reads of a chat chunk, the same code for ours and the official client's."""
    message = chunk.message
    content = message.content
    if content:
        out.content.append(content)
    thinking = message.thinking
    if thinking:
        out.thinking.append(thinking)
    calls = message.tool_calls
    if calls:
        out.tools.extend(call.function.name for call in calls)
    if chunk.done:
        out.done = True
        out.metrics = (
            chunk.done_reason,
            chunk.eval_count,
            chunk.eval_duration,
            chunk.prompt_eval_count,
            chunk.prompt_eval_duration,
            chunk.total_duration,
            chunk.load_duration,
        )


async def official_stream(client: Any, out: Outcome, all_fields: bool, warm: bool = False) -> None:
    """Read one chat stream with ``ollama.AsyncClient``."""
    body = request_body("warm" if warm else None)
    parts = out.content
    stream = await client.chat(body["model"], body["messages"], stream=True)
    if not all_fields:
        async for part in stream:
            parts.append(part.message.content or "")
        return
    async for part in stream:
        read_every_field(part, out)


def official_client(url: str, many: bool) -> Any:
    import httpx
    import ollama

    if many:
        return ollama.AsyncClient(host=url, limits=httpx.Limits(max_connections=None))
    return ollama.AsyncClient(host=url)


# -- framings ------------------------------------------------------------------

Result = dict[str, Any]
_cpu = 0.0
_wall = 0.0


async def measured(run: Callable[[], Awaitable[Any]]) -> Any:
    """Await ``run()``, adding its process CPU time and wall time to the totals."""
    global _cpu, _wall
    cpu, wall = time.process_time(), time.perf_counter()
    result = await run()
    _cpu += time.process_time() - cpu
    _wall += time.perf_counter() - wall
    return result


async def streams(framing: str, contender: str, url: str) -> Result:
    """Read ``count`` concurrent streams (1 or 1000) of the framing's reply, warm first."""
    base, all_fields = contender.removesuffix("-all"), contender.endswith("-all")
    base = base.removesuffix("-uvloop")
    timeout_off = base.endswith("-notimeout")
    base = base.removesuffix("-notimeout")
    count = STREAMS if framing == "many" else 1
    reply = Reply(LINES[framing])
    outs = [Outcome() for _ in range(count)]
    warm = Outcome()
    reads = 0

    if base == "floor":
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            await floor_stream(session, url, WARM_BODY, warm, all_fields)
            counts = await measured(
                lambda: asyncio.gather(
                    *(floor_stream(session, url, BODY, out, all_fields) for out in outs)
                )
            )
            reads = sum(counts)
    elif base == "raw":
        protocol, host = await raw_connect(url)
        await protocol.send(host, WARM_BODY, warm, all_fields)

        async def raw_all() -> None:
            connections = [protocol]
            if count > 1:
                extra = await asyncio.gather(*(raw_connect(url) for _ in range(count - 1)))
                connections += [connection for connection, _ in extra]
            protocol.reads = 0
            await asyncio.gather(
                *(c.send(host, BODY, out, all_fields) for c, out in zip(connections, outs))
            )
            for connection in connections:
                assert connection.transport is not None
                connection.transport.close()
            nonlocal reads
            reads = sum(c.reads for c in connections)

        await measured(raw_all)
    elif base in ("chunks", "text", "sentences"):
        # "-notimeout": without the read timeout, to show what it costs per read.
        timeout = None if timeout_off else ollama_async.Timeout()
        async with ollama_async.AsyncClient(url, max_connections=0, timeout=timeout) as client:
            await ours_stream(client, base, warm, all_fields, warm=True)
            await measured(
                lambda: asyncio.gather(
                    *(ours_stream(client, base, out, all_fields) for out in outs)
                )
            )
    elif base == "official":
        client = official_client(url, count > 1)
        await official_stream(client, warm, all_fields, warm=True)
        await measured(
            lambda: asyncio.gather(*(official_stream(client, out, all_fields) for out in outs))
        )
    else:
        raise SystemExit(f"unknown contender {contender!r}")
    sentences = base == "sentences"
    ok = warm.correct(Reply(WARM_LINES), all_fields, sentences) and all(
        out.correct(reply, all_fields, sentences) for out in outs
    )
    return {"ok": ok, "units": count * len(reply), "reads": reads or None}


# -- sync contenders: no event loop of the caller's ---------------------------

SYNC_CONTENDERS = ("sync", "sync-text", "official-sync", "requests")


def sync_reader(contender: str, url: str) -> tuple[Callable[[dict[str, Any], Outcome], None], Any]:
    """How one sync contender reads one chat stream, and what to close afterwards."""
    if contender in ("sync", "sync-text"):
        from ollama_async.sync import Client

        ours = Client(url)

        def read_ours(body: dict[str, Any], out: Outcome) -> None:
            parts = out.content
            stream = ours.chat(body["model"], body["messages"], stream=True)
            if contender == "sync-text":
                for token in stream.text():
                    parts.append(token)
            else:
                for chunk in stream:
                    parts.append(chunk.message.content)

        return read_ours, ours
    if contender == "official-sync":
        import ollama

        official = ollama.Client(host=url)

        def read_official(body: dict[str, Any], out: Outcome) -> None:
            parts = out.content
            for part in official.chat(body["model"], body["messages"], stream=True):
                parts.append(part.message.content or "")

        return read_official, None
    if contender == "requests":
        import requests

        session = requests.Session()

        def read_requests(body: dict[str, Any], out: Outcome) -> None:
            # The hand-written loop as it is usually written: iter_lines() and json.loads.
            parts = out.content
            with session.post(url + "/api/chat", json=body, stream=True) as response:
                for line in response.iter_lines():
                    if line:
                        parts.append(json.loads(line)["message"]["content"])

        return read_requests, session
    raise SystemExit(f"unknown contender {contender!r}")


def sync_streams(framing: str, contender: str, url: str) -> Result:
    """One stream of the framing's reply read by a sync contender, warm first."""
    global _cpu, _wall
    read, resource_ = sync_reader(contender, url)
    warm, out = Outcome(), Outcome()
    read(request_body("warm"), warm)
    body = request_body()
    cpu, wall = time.process_time(), time.perf_counter()
    read(body, out)  # process_time() counts every thread: the sync portal's too
    _cpu += time.process_time() - cpu
    _wall += time.perf_counter() - wall
    if resource_ is not None:
        resource_.close()
    reply = Reply(LINES[framing])
    ok = warm.correct(Reply(WARM_LINES), False) and out.correct(reply, False)
    return {"ok": ok, "units": len(reply), "reads": None}


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def memory(contender: str, url: str, python_only: bool) -> Result:
    """Growth of the process (RSS, or Python allocations) per open stream after its first chunk."""
    keep: list[Any] = []

    async def measure(open_all: Callable[[], Awaitable[None]]) -> int:
        gc.collect()
        if python_only:
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
        else:
            before = rss_bytes()
        await open_all()
        gc.collect()
        if python_only:
            after = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
        else:
            after = rss_bytes()
        return after - before

    if contender == "floor":
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        await floor_stream(session, url, WARM_BODY, Outcome(), False)

        async def open_floor() -> None:
            response = await session.post(
                url + "/api/chat", data=BODY, headers={"Content-Type": "application/json"}
            )
            orjson.loads(await response.content.readline())
            keep.append(response)

        growth = await measure(lambda: gather_all(open_floor))
        for response in keep:
            response.close()
        await session.close()
    elif contender == "raw":
        first, host = await raw_connect(url)
        await first.send(host, WARM_BODY, Outcome(), False)

        async def open_raw() -> None:
            connection, _ = await raw_connect(url)
            connection.send(host, BODY, Outcome(), False)
            assert connection.first is not None
            await connection.first
            keep.append(connection)

        growth = await measure(lambda: gather_all(open_raw))
        for connection in [first, *keep]:
            assert connection.transport is not None
            connection.transport.close()
    elif contender == "chunks":
        client = ollama_async.AsyncClient(url, max_connections=0)
        await ours_stream(client, "chunks", Outcome(), False, warm=True)
        body = request_body()

        async def open_ours() -> None:
            stream = await client.chat(body["model"], body["messages"], stream=True)
            await stream.__anext__()
            keep.append(stream)

        growth = await measure(lambda: gather_all(open_ours))
        for stream in keep:
            await stream.aclose()
        await client.aclose()
    else:
        client = official_client(url, True)
        await official_stream(client, Outcome(), False, warm=True)
        body = request_body()

        async def open_official() -> None:
            stream = await client.chat(body["model"], body["messages"], stream=True)
            await stream.__anext__()
            keep.append(stream)

        growth = await measure(lambda: gather_all(open_official))
        for stream in keep:
            await stream.aclose()
    return {"ok": len(keep) == STREAMS, "units": STREAMS, "bytes_per_stream": growth / STREAMS}


async def gather_all(open_one: Callable[[], Awaitable[None]]) -> None:
    await asyncio.gather(*(open_one() for _ in range(STREAMS)))


async def latency(url: str) -> Result:
    """Time to the first parsed chunk of a 20-line reply, the three clients in turn."""
    timings: dict[str, list[float]] = {"floor": [], "chunks": [], "official": []}
    body = request_body("warm")
    async with aiohttp.ClientSession() as session, ollama_async.AsyncClient(url) as ours:
        official = official_client(url, False)

        async def floor_first() -> None:
            async with session.post(
                url + "/api/chat", data=WARM_BODY, headers={"Content-Type": "application/json"}
            ) as response:
                orjson.loads(await response.content.readline())
                timings["floor"].append(time.perf_counter() - started)
                await response.read()

        async def ours_first() -> None:
            stream = await ours.chat(body["model"], body["messages"], stream=True)
            await stream.__anext__()
            timings["chunks"].append(time.perf_counter() - started)
            await stream.final()

        async def official_first() -> None:
            stream = await official.chat(body["model"], body["messages"], stream=True)
            await stream.__anext__()
            timings["official"].append(time.perf_counter() - started)
            async for _ in stream:
                pass

        order = [floor_first, ours_first, official_first]
        for run in order:  # warm
            started = time.perf_counter()
            await run()
        for name in timings:
            timings[name].clear()
        for index in range(LATENCY_ROUNDS):
            for run in order[index % 3 :] + order[: index % 3]:
                started = time.perf_counter()
                await run()
    return {"ok": True, "units": LATENCY_ROUNDS, "first_chunk_s": timings}


def run_async(framing: str, contender: str, url: str) -> Result:
    """Run an async contender's framing in a fresh event loop (uvloop for ``-uvloop``)."""
    if framing in ("memory", "pymemory"):
        coroutine: Coroutine[Any, Any, Result] = memory(contender, url, framing == "pymemory")
    elif framing == "latency":
        coroutine = latency(url)
    else:
        coroutine = streams(framing, contender, url)
    if contender.removesuffix("-all").endswith("-uvloop"):
        import uvloop

        return uvloop.run(coroutine)
    return asyncio.run(coroutine)


def main() -> None:
    framing, contender, url = sys.argv[1:4]
    raise_open_files_limit()
    if contender in SYNC_CONTENDERS:
        result = sync_streams(framing, contender, url)
    else:
        result = run_async(framing, contender, url)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.update(
        cpu=_cpu,
        wall=_wall,
        maxrss_mib=usage.ru_maxrss / 1024,
        version=ollama_async.__version__,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
