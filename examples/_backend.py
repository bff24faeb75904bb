"""Shared by the examples: a real Ollama if one answers, else the built-in test server."""

from __future__ import annotations

import os
from contextlib import AsyncExitStack

from ollama_async import AsyncClient, OllamaError, Timeout
from ollama_async.testing import FakeModel, FakeOllama


async def find_real_model() -> tuple[str, str] | None:
    """(base URL, model) of a reachable Ollama with a model installed, else None."""
    client = AsyncClient(timeout=Timeout(connect=1.0, read=3.0), max_retries=0)
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


async def ollama_or_fake(stack: AsyncExitStack, fake: FakeModel) -> tuple[str, str]:
    """(base URL, model): a real Ollama's, or a test server's started on ``stack`` with ``fake``."""
    found = await find_real_model()
    if found is not None:
        return found
    server = await stack.enter_async_context(FakeOllama(models=[fake]))
    print(f"No Ollama answered; using the built-in test server at {server.url} (scripted reply).")
    return server.url, fake.name
