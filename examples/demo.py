"""Stream a chat reply token by token, then print its metrics.

Talks to a real Ollama when one answers at ``OLLAMA_HOST`` (default
``http://127.0.0.1:11434``), using ``OLLAMA_MODEL`` or the first installed
model; otherwise starts the built-in test server and says so.

    python examples/demo.py ["your question"]
"""

from __future__ import annotations

import asyncio
import sys
from contextlib import AsyncExitStack

from _backend import ollama_or_fake

from ollama_async import AsyncClient
from ollama_async.testing import FakeModel

QUESTION = "In two sentences: why do voice assistants stream replies sentence by sentence?"
FAKE_REPLY = (
    "Because the listener hears the first sentence while the model is still writing the rest. "
    "That cuts the silence before the answer from seconds to a fraction of a second."
)


async def main() -> None:
    question = " ".join(sys.argv[1:]) or QUESTION
    async with AsyncExitStack() as stack:
        host, model = await ollama_or_fake(
            stack, FakeModel("demo-model", reply=FAKE_REPLY, token_delay=0.03)
        )
        client = await stack.enter_async_context(AsyncClient(host))
        print(f"\n> {question}\n")
        async with await client.chat(
            model, [{"role": "user", "content": question}], stream=True
        ) as stream:
            async for token in stream.text():
                print(token, end="", flush=True)
            reply = await stream.final()
        print("\n")
        if stream.time_to_first_token is not None:
            print(f"first token after {stream.time_to_first_token * 1000:.0f} ms")
        print(f"done_reason={reply.done_reason} eval_count={reply.eval_count} ", end="")
        rate = reply.tokens_per_second
        print(f"tokens/s={rate:.1f}" if rate is not None else "tokens/s=n/a")


if __name__ == "__main__":
    asyncio.run(main())
