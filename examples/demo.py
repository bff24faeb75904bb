"""Stream a chat reply token by token, then print its metrics.

Talks to a real Ollama when one answers at ``OLLAMA_HOST`` (default
``http://127.0.0.1:11434``), using ``OLLAMA_MODEL`` or the first installed
model; otherwise starts the built-in test server and says so.

    python examples/demo.py ["your question"]
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from contextlib import AsyncExitStack

from ollama_async import AsyncClient, OllamaError, Timeout
from ollama_async.testing import FakeModel, FakeOllama

QUESTION = "In two sentences: why do voice assistants stream replies sentence by sentence?"
FAKE_REPLY = (
    "Because the listener hears the first sentence while the model is still writing the rest. "
    "That cuts the silence before the answer from seconds to a fraction of a second."
)


async def find_real_model() -> tuple[str, str] | None:
    """(base URL, model) of a reachable Ollama with a model installed, else None."""
    client = AsyncClient(timeout=Timeout(connect=1.0, read=3.0))
    try:
        version = await client.version()
        models = await client.list()
    except OllamaError:
        return None
    finally:
        await client.aclose()
    model = os.environ.get("OLLAMA_MODEL") or next((m.model for m in models.models), None)
    if model is None:
        print(f"Ollama {version} at {client.base_url} has no models; run `ollama pull llama3.2`.")
        return None
    print(f"Using Ollama {version} at {client.base_url}, model {model}.")
    return client.base_url, model


async def main() -> None:
    question = " ".join(sys.argv[1:]) or QUESTION
    async with AsyncExitStack() as stack:
        found = await find_real_model()
        if found is None:
            server = await stack.enter_async_context(
                FakeOllama(models=[FakeModel("demo-model", reply=FAKE_REPLY, token_delay=0.03)])
            )
            print(
                f"No Ollama answered; using the built-in test server at {server.url} (scripted reply)."
            )
            found = server.url, "demo-model"
        host, model = found
        client = await stack.enter_async_context(AsyncClient(host))
        print(f"\n> {question}\n")
        started = time.perf_counter()
        first_token = None
        async with await client.chat(
            model, [{"role": "user", "content": question}], stream=True
        ) as stream:
            async for chunk in stream:
                if chunk.message.content and first_token is None:
                    first_token = time.perf_counter() - started
                print(chunk.message.content, end="", flush=True)
            reply = await stream.final()
        print("\n")
        if first_token is not None:
            print(f"first token after {first_token * 1000:.0f} ms")
        print(f"done_reason={reply.done_reason} eval_count={reply.eval_count} ", end="")
        rate = reply.tokens_per_second
        print(f"tokens/s={rate:.1f}" if rate is not None else "tokens/s=n/a")


if __name__ == "__main__":
    asyncio.run(main())
