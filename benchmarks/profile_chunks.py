"""Where the per-chunk CPU goes, without any I/O: one stage of the chunk path at a time.

    .venv/bin/python benchmarks/profile_chunks.py [--profile]

The burst reply of ``server.py`` (20,000 chat lines), cut into the blocks a
socket read hands over (128 lines each), goes through more and more of the
path a typed chunk takes — split and ``orjson.loads`` (what the floor does),
the NDJSON decoder, the accumulator, the response object, field access — and
finally through a whole ``ChatStream`` over an in-memory body, so every
figure is the floor's work plus ours with aiohttp and the socket taken away.
Prints the best of several repetitions in µs per chunk. ``--profile`` adds a
cProfile of the whole-stream stage.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import time
from collections.abc import Iterator
from typing import Any, Callable

import orjson

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from server import BURST_LINES, BURST_LINES_PER_WRITE
from workload import Reply

from ollama_async import ChatStream
from ollama_async._accumulate import ChatAccumulator
from ollama_async._ndjson import NDJSONDecoder
from ollama_async._responses import ChatResponse

REPLY = Reply(BURST_LINES)
BLOCKS = [
    b"".join(REPLY.lines[start : start + BURST_LINES_PER_WRITE])
    for start in range(0, len(REPLY.lines), BURST_LINES_PER_WRITE)
]
REPEAT = 7


def wrap(cls: type[ChatResponse], data: dict[str, Any]) -> ChatResponse:
    """A chunk wrapped as `Stream.__anext__` wraps it: without calling `__init__`."""
    chunk = object.__new__(cls)
    chunk._data = data
    return chunk


class MemoryBody:
    """A response body that hands out the blocks above, as ``ResponseBody`` does."""

    def __init__(self) -> None:
        self._blocks: Iterator[bytes] = iter(BLOCKS)

    async def read_chunk(self) -> bytes:
        return next(self._blocks, b"")

    def release(self) -> None:
        pass

    def close(self) -> None:
        pass


def split_loads() -> None:
    loads = orjson.loads
    parts = []
    for block in BLOCKS:
        for line in block.split(b"\n"):
            if line:
                parts.append(loads(line)["message"]["content"])


def decoder_only() -> None:
    decoder = NDJSONDecoder()
    parts = []
    for block in BLOCKS:
        for obj in decoder.feed(block):
            parts.append(obj["message"]["content"])


def accumulate() -> None:
    decoder, accumulator = NDJSONDecoder(), ChatAccumulator()
    parts = []
    for block in BLOCKS:
        for obj in decoder.feed(block):
            accumulator.handle_chunk(obj)
            parts.append(obj["message"]["content"])


def wrap_and_read() -> None:
    decoder, accumulator = NDJSONDecoder(), ChatAccumulator()
    parts = []
    for block in BLOCKS:
        for obj in decoder.feed(block):
            accumulator.handle_chunk(obj)
            parts.append(wrap(ChatResponse, obj).message.content)


def read_every_field() -> None:
    decoder, accumulator = NDJSONDecoder(), ChatAccumulator()
    parts: list[str] = []
    thinking_parts: list[str] = []
    tools: list[str] = []
    for block in BLOCKS:
        for obj in decoder.feed(block):
            accumulator.handle_chunk(obj)
            chunk = wrap(ChatResponse, obj)
            message = chunk.message
            content = message.content
            if content:
                parts.append(content)
            thinking = message.thinking
            if thinking:
                thinking_parts.append(thinking)
            calls = message.tool_calls
            if calls:
                tools.extend(call.function.name for call in calls)
            if chunk.done:
                _ = (chunk.done_reason, chunk.eval_count, chunk.eval_duration, chunk.total_duration)


def stream(mode: str) -> Callable[[], None]:
    async def read() -> None:
        body: Any = MemoryBody()  # duck-typed ResponseBody
        chat = ChatStream(body, max_line_bytes=1 << 24)
        parts = []
        if mode == "text":
            async for token in chat.text():
                parts.append(token)
        elif mode == "sentences":
            async for sentence in chat.sentences():
                parts.append(sentence)
        else:
            async for chunk in chat:
                parts.append(chunk.message.content)

    def run() -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(read())
        finally:
            loop.close()

    return run


STAGES: dict[str, Callable[[], None]] = {
    "split + orjson.loads (the floor's work)": split_loads,
    "NDJSONDecoder.feed": decoder_only,
    "+ ChatAccumulator.handle_chunk": accumulate,
    "+ wrap as ChatResponse, read .message.content": wrap_and_read,
    "+ every field (content, thinking, tool calls, done, metrics)": read_every_field,
    "ChatStream typed chunks, in-memory body": stream("chunks"),
    "ChatStream .text(), in-memory body": stream("text"),
    "ChatStream .sentences(), in-memory body": stream("sentences"),
}


def best_us_per_chunk(run: Callable[[], None]) -> float:
    timings = []
    for _ in range(REPEAT):
        started = time.process_time()
        run()
        timings.append(time.process_time() - started)
    return min(timings) / len(REPLY) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    print("| stage | µs CPU / chunk (best of 7) |\n| --- | ---: |")
    for name, run in STAGES.items():
        print(f"| {name} | {best_us_per_chunk(run):.2f} |")
    if options.profile:
        profiler = cProfile.Profile()
        profiler.runcall(stream("chunks"))
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
