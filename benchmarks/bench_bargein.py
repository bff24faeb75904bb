"""Barge-in latency: from the moment a reader stops to the moment the server sees the close.

    .venv/bin/python benchmarks/bench_bargein.py [--trials 1000]

Runs the randomized trials of ``tests/test_bargein.py`` (break, aclose(),
cancellation, a timeout firing; at a random chunk or before the headers) and
reports, per way of stopping, the median, 99th percentile and worst delay
until FakeOllama recorded the disconnect, and how many trials were within
100 ms. The suite checks what the server saw (lines sent after the stop);
this measures how fast, which depends on the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ollama_async as oa
from ollama_async.testing import FakeOllama
from tests.test_bargein import models, stop_reading, trials

LIMIT = 0.1


async def main(count: int) -> None:
    delays: dict[str, list[float]] = defaultdict(list)
    rng = random.Random(20261125)
    async with FakeOllama(models=models()) as server, oa.AsyncClient(server.url) as client:
        for method, model, after in trials(rng, count):
            stopped, _ = await stop_reading(client, server, method, model, after)
            disconnect = await server.wait_for_disconnect(timeout=30)
            label = f"{method} (before headers)" if model == "loading" else method
            delays[label].append(disconnect.at - stopped)
            assert await client.version() == "0.33.0"
    every = [delay for values in delays.values() for delay in values]
    print(f"{'stop':24} {'trials':>6} {'median ms':>10} {'p99 ms':>8} {'worst ms':>9}")
    for label, values in sorted({**delays, "all": every}.items()):
        values.sort()
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        print(
            f"{label:24} {len(values):6d} {statistics.median(values) * 1000:10.2f} "
            f"{p99 * 1000:8.2f} {values[-1] * 1000:9.2f}"
        )
    within = sum(delay < LIMIT for delay in every)
    print(f"within {LIMIT * 1000:.0f} ms: {within} of {len(every)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000)
    asyncio.run(main(parser.parse_args().trials))
