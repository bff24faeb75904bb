"""Embed many texts concurrently, in batches, with a limit on requests in flight.

python examples/batch_embed.py
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import AsyncExitStack

from _backend import ollama_or_fake

from ollama_async import AsyncClient
from ollama_async.testing import FakeModel

FAKE = FakeModel("embed-model", embedding_dim=256, capabilities=("embedding",))


async def embed_all(
    client: AsyncClient, model: str, texts: Sequence[str], *, batch: int = 32, limit: int = 4
) -> list[list[float]]:
    """One vector per text, in order; at most ``limit`` requests of ``batch`` texts at once."""
    gate = asyncio.Semaphore(limit)

    async def one(start: int) -> list[list[float]]:
        async with gate:
            result = await client.embed(model, list(texts[start : start + batch]))
        return [list(vector) for vector in result.embeddings]

    parts = await asyncio.gather(*(one(start) for start in range(0, len(texts), batch)))
    return [vector for part in parts for vector in part]


async def main() -> None:
    texts = [f"document number {i}" for i in range(1000)]
    async with AsyncExitStack() as stack:
        host, model = await ollama_or_fake(stack, FAKE)
        client = await stack.enter_async_context(AsyncClient(host))
        vectors = await embed_all(client, model, texts)
        print(f"{len(vectors)} vectors of {len(vectors[0])} dimensions")


if __name__ == "__main__":
    asyncio.run(main())
