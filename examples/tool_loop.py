"""A tool-calling loop: the model asks for tools, we run them, it answers with their results.

python examples/tool_loop.py ["What's the weather in Tokyo?"]
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

from _backend import ollama_or_fake

from ollama_async import AsyncClient, Message
from ollama_async.testing import FakeModel


def get_weather(city: str, unit: str = "celsius") -> str:
    """Get the current weather in a city.

    Args:
        city: The city, e.g. Tokyo.
        unit: celsius or fahrenheit.
    """
    return f"22 degrees {unit} and sunny in {city}"


TOOLS: dict[str, Callable[..., str]] = {"get_weather": get_weather}
FAKE = FakeModel(
    "tool-model",
    reply="It is 22 degrees and sunny in Tokyo.",
    tool_calls=[{"function": {"name": "get_weather", "arguments": {"city": "Tokyo"}}}],
    capabilities=("completion", "tools"),
)


async def ask(client: AsyncClient, model: str, question: str, max_rounds: int = 5) -> Message:
    """Chat until the model answers without calling a tool; return its answer."""
    messages: list[Any] = [{"role": "user", "content": question}]
    for _ in range(max_rounds):
        reply = (await client.chat(model, messages, tools=list(TOOLS.values()))).message
        messages.append(reply)  # the assistant message goes back as is
        if not reply.tool_calls:
            return reply
        for call in reply.tool_calls:
            function = TOOLS.get(call.function.name)
            result = function(**call.function.arguments) if function else "unknown tool"
            print(f"[tool] {call.function.name}({dict(call.function.arguments)}) -> {result}")
            messages.append(
                {"role": "tool", "tool_name": call.function.name, "content": result}
                | ({"tool_call_id": call.id} if call.id else {})
            )
    raise RuntimeError(f"no answer after {max_rounds} rounds of tool calls")


async def main() -> None:
    question = " ".join(sys.argv[1:]) or "What's the weather in Tokyo?"
    async with AsyncExitStack() as stack:
        host, model = await ollama_or_fake(stack, FAKE)
        client = await stack.enter_async_context(AsyncClient(host))
        print((await ask(client, model, question)).content)


if __name__ == "__main__":
    asyncio.run(main())
