"""Structured output: ask for JSON that follows a schema, and get typed data back.

python examples/structured.py
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import orjson
from _backend import ollama_or_fake

from ollama_async import AsyncClient
from ollama_async.testing import FakeModel

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "capital": {"type": "string"},
        "languages": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["name", "capital", "languages"],
}
FAKE = FakeModel(
    "json-model",
    reply='{"name": "Canada", "capital": "Ottawa", "languages": ["English", "French"]}',
)


@dataclass
class Country:
    """What we asked for."""

    name: str
    capital: str
    languages: list[str]


async def describe(client: AsyncClient, model: str, country: str) -> Country:
    """Ask ``model`` about ``country``; the reply is constrained to ``SCHEMA``."""
    reply = await client.chat(
        model,
        [{"role": "user", "content": f"Tell me about {country}. Answer in JSON."}],
        format=SCHEMA,
        options={"temperature": 0},
    )
    data = orjson.loads(reply.message.content)
    return Country(name=data["name"], capital=data["capital"], languages=list(data["languages"]))


async def main() -> None:
    async with AsyncExitStack() as stack:
        host, model = await ollama_or_fake(stack, FAKE)
        client = await stack.enter_async_context(AsyncClient(host))
        print(await describe(client, model, "Canada"))


if __name__ == "__main__":
    asyncio.run(main())
