"""The benchmark server: FakeOllama with long, slow and embedding models, in its own process.

    python benchmarks/server.py [--cpu N]

Prints ``URL http://127.0.0.1:PORT`` once listening, then serves until killed.
It is pinned to CPU ``N`` (default: the last one) so that it does not compete
with the client being measured.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource

from ollama_async.testing import FakeModel, FakeOllama

LONG_TOKENS = 20_000
SLOW_TOKENS = 40
WORD = "token "
# Sentence-shaped text, so the sentence scenario has sentences to find.
LONG_REPLY = ("The quick brown fox jumps over the lazy dog. " * (LONG_TOKENS // 9 + 1)).split(" ")
LONG_TEXT = " ".join(LONG_REPLY[:LONG_TOKENS]) + " "
SHORT_REPLY = "Hello there. How are you today? " * 25

MODELS = [
    FakeModel("long", reply=LONG_TEXT),
    FakeModel("slow", reply=WORD * SLOW_TOKENS, token_delay=0.05),
    FakeModel("short", reply=SHORT_REPLY),
    FakeModel("embed", embedding_dim=768, capabilities=("embedding",)),
]


def raise_open_files_limit() -> None:
    """1000 concurrent streams need more than the common default of 1024 descriptors."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def serve(cpu: int) -> None:
    if hasattr(os, "sched_setaffinity") and cpu < (os.cpu_count() or 1):
        os.sched_setaffinity(0, {cpu})
    raise_open_files_limit()
    async with FakeOllama(models=MODELS) as server:
        print(f"URL {server.url}", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpu", type=int, default=(os.cpu_count() or 1) - 1)
    asyncio.run(serve(parser.parse_args().cpu))
