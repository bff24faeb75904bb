"""The official ``ollama`` Python package, sync and async, against FakeOllama: every endpoint.

If FakeOllama is an Ollama any client can test against, the reference client
must work with it unchanged. Its web_search/web_fetch always call ollama.com
(protocol notes §8.2), so they are not endpoints of a local server.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Callable

import ollama
import pydantic
import pytest

from ollama_async.testing import FakeModel, FakeOllama, default_models

Invoke = Callable[..., Any]

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}
ASK = [{"role": "user", "content": "What is the weather in Lisbon?"}]


class City(pydantic.BaseModel):
    name: str
    population: int
    districts: list[str]


@pytest.fixture(params=["sync", "async"])
async def official(request: pytest.FixtureRequest) -> AsyncIterator[tuple[FakeOllama, Invoke]]:
    """A running FakeOllama and ``invoke(method, *args, **kwargs)`` on an official client.

    The sync client runs in a thread so the server keeps serving; a stream
    comes back as the list of its parts.
    """
    models = [*default_models(), FakeModel("me/shared", capabilities=("completion",))]
    async with FakeOllama(models=models) as server:
        if request.param == "async":
            client: Any = ollama.AsyncClient(host=server.url)

            async def invoke(name: str, *args: Any, **kwargs: Any) -> Any:
                result = await getattr(client, name)(*args, **kwargs)
                return [part async for part in result] if kwargs.get("stream") else result

            yield server, invoke
            await client.close()
        else:
            client = ollama.Client(host=server.url)

            async def invoke(name: str, *args: Any, **kwargs: Any) -> Any:
                def blocking() -> Any:
                    result = getattr(client, name)(*args, **kwargs)
                    return list(result) if kwargs.get("stream") else result

                return await asyncio.to_thread(blocking)

            yield server, invoke
            client.close()


async def test_generate(official: tuple[FakeOllama, Invoke]) -> None:
    _, invoke = official
    whole = await invoke("generate", "llama3.2", "Hi")
    parts = await invoke("generate", "llama3.2", "Hi", stream=True)
    assert (
        whole.response
        == "".join(part.response for part in parts)
        == ("Hello! How can I help you today?")
    )
    assert whole.done_reason == "stop" and whole.eval_count == len(parts) - 1
    assert parts[-1].done and parts[-1].context


async def test_generate_thinking_and_json(official: tuple[FakeOllama, Invoke]) -> None:
    _, invoke = official
    thought = await invoke("generate", "qwen3", "2+2?", think=True)
    assert (thought.thinking, thought.response) == ("Two plus two is four.", "The answer is 4.")
    json_mode = await invoke("generate", "llama3.2", "Hi", format="json")
    assert pydantic.TypeAdapter(dict[str, str]).validate_json(json_mode.response)


async def test_chat_streamed_and_not(official: tuple[FakeOllama, Invoke]) -> None:
    _, invoke = official
    hello = [{"role": "user", "content": "Hello"}]
    whole = await invoke("chat", "qwen3", messages=hello)
    parts = await invoke("chat", "qwen3", messages=hello, stream=True)
    assert whole.message.content == "".join(p.message.content for p in parts) == "The answer is 4."
    assert whole.message.thinking == "".join(p.message.thinking or "" for p in parts)


async def test_chat_structured_output(official: tuple[FakeOllama, Invoke]) -> None:
    _, invoke = official
    schema = City.model_json_schema()
    whole = await invoke("chat", "llama3.2", messages=ASK, format=schema)
    parts = await invoke("chat", "llama3.2", messages=ASK, format=schema, stream=True)
    City.model_validate_json(whole.message.content)
    City.model_validate_json("".join(part.message.content for part in parts))


async def test_chat_tool_round_trip(official: tuple[FakeOllama, Invoke]) -> None:
    _, invoke = official
    first = await invoke("chat", "llama3.2", messages=ASK, tools=[WEATHER])
    [call] = first.message.tool_calls
    assert (call.function.name, call.function.arguments) == ("get_weather", {"city": "Lisbon"})
    result = {"role": "tool", "tool_name": "get_weather", "content": "Sunny, 24 degrees."}
    history = [*ASK, first.message, result]
    second = await invoke("chat", "llama3.2", messages=history, tools=[WEATHER])
    assert second.message.content == "The get_weather tool says: Sunny, 24 degrees."
    assert not second.message.tool_calls


async def test_chat_logprobs(official: tuple[FakeOllama, Invoke]) -> None:
    _, invoke = official
    answer = await invoke(
        "chat", "llama3.2", messages=ASK, tools=None, logprobs=True, top_logprobs=2
    )
    assert "".join(entry.token for entry in answer.logprobs) == answer.message.content
    assert all(len(entry.top_logprobs) == 2 for entry in answer.logprobs)


async def test_embed_and_embeddings(official: tuple[FakeOllama, Invoke]) -> None:
    _, invoke = official
    embedded = await invoke("embed", "nomic-embed-text", ["a", "b"], dimensions=64)
    assert [len(vector) for vector in embedded.embeddings] == [64, 64]
    legacy = await invoke("embeddings", "nomic-embed-text", "a")
    assert len(legacy.embedding) == 768


async def test_list_show_ps(official: tuple[FakeOllama, Invoke]) -> None:
    _, invoke = official
    listed = await invoke("list")
    assert [m.model for m in listed.models][:3] == [
        "llama3.2:latest",
        "qwen3:latest",
        "nomic-embed-text:latest",
    ]
    shown = await invoke("show", "qwen3")
    assert "thinking" in shown.capabilities and shown.details.family == "qwen3"
    await invoke("generate", "llama3.2", "")  # load it
    running = await invoke("ps")
    assert [m.model for m in running.models] == ["llama3.2:latest"]


async def test_pull_push_copy_delete(official: tuple[FakeOllama, Invoke]) -> None:
    server, invoke = official
    await invoke("delete", "qwen3")
    assert server.models.keys() >= {"llama3.2:latest"} and "qwen3:latest" not in server.models
    progress = await invoke("pull", "qwen3", stream=True)
    assert progress[0].status == "pulling manifest" and progress[-1].status == "success"
    assert any(p.completed and p.total for p in progress)
    assert (await invoke("pull", "qwen3")).status == "success"
    assert (await invoke("push", "me/shared")).status == "success"
    await invoke("copy", "qwen3", "qwen3-copy")
    assert "qwen3-copy:latest" in server.models
    with pytest.raises(ollama.ResponseError) as missing:
        await invoke("delete", "nosuch")
    assert missing.value.status_code == 404


async def test_create_from_a_model_and_from_a_blob(
    official: tuple[FakeOllama, Invoke], tmp_path: Path
) -> None:
    server, invoke = official
    made = await invoke("create", "pirate", from_="llama3.2", system="Talk like a pirate.")
    assert made.status == "success"
    # The official client drops show's `system` (§8.6); the Modelfile carries it too.
    assert 'SYSTEM """Talk like a pirate."""' in (await invoke("show", "pirate")).modelfile
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"GGUF fake weights")
    digest = await invoke("create_blob", weights)
    assert digest == "sha256:" + hashlib.sha256(b"GGUF fake weights").hexdigest()
    assert server.blobs[digest] == b"GGUF fake weights"
    parts = await invoke("create", "mine", files={"model.gguf": digest}, stream=True)
    assert [p.status for p in parts][-1] == "success"
    assert "mine:latest" in server.models


async def test_errors_reach_the_client_with_their_status(
    official: tuple[FakeOllama, Invoke],
) -> None:
    _, invoke = official
    with pytest.raises(ollama.ResponseError) as unknown:
        await invoke("chat", "nosuch", messages=ASK)
    assert (unknown.value.status_code, unknown.value.error) == (404, "model 'nosuch' not found")
    with pytest.raises(ollama.ResponseError) as no_tools:
        await invoke("chat", "nomic-embed-text", messages=ASK, tools=[WEATHER])
    assert no_tools.value.status_code == 400
