"""AsyncClient over real loopback HTTP against FakeOllama: every endpoint and helper."""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import datetime
import errno
import hashlib
import logging
import socket
import types
from pathlib import Path
from typing import Any

import aiohttp
import pytest

import ollama_async as oa
from ollama_async._transport import map_exception
from ollama_async.testing import FakeModel, FakeOllama

from .conftest import CHAT_REPLY

USER = [{"role": "user", "content": "Hi"}]


def last_body(server: FakeOllama) -> dict[str, Any]:
    body = server.requests[-1].json
    assert isinstance(body, dict)
    return body


# -- lifecycle -----------------------------------------------------------------


async def test_async_with_owns_and_closes_the_session(server: FakeOllama) -> None:
    async with oa.AsyncClient(server.url) as client:
        assert await client.version() == "0.33.0"
        assert not client.closed
    assert client.closed
    with pytest.raises(oa.ClientClosedError, match="closed"):
        await client.version()


async def test_works_without_async_with_and_aclose_is_idempotent(server: FakeOllama) -> None:
    client = oa.AsyncClient(server.url)
    assert (await client.generate("llama3.2", "Hi")).response == CHAT_REPLY
    await client.aclose()
    await client.aclose()
    await client.close()  # the official package's name
    with pytest.raises(oa.ClientClosedError):
        await client.list()


async def test_injected_session_is_used_and_never_closed(server: FakeOllama) -> None:
    async with aiohttp.ClientSession(headers={"X-Mine": "1"}) as session:
        async with oa.AsyncClient(server.url, session=session) as client:
            await client.version()
        assert not session.closed
        assert server.requests[-1].headers["X-Mine"] == "1"
        async with session.get(server.url + "/api/version") as response:
            assert response.status == 200


def test_one_client_survives_two_event_loops() -> None:
    client = oa.AsyncClient("http://127.0.0.1:1")

    async def use(client: oa.AsyncClient) -> str:
        async with FakeOllama() as server:
            client._transport.base_url = server.url
            return await client.version()

    # In a thread of its own, so that asyncio.run() leaves pytest's event loop alone.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        first = thread.submit(asyncio.run, use(client)).result()
        assert thread.submit(asyncio.run, use(client)).result() == first
        thread.submit(asyncio.run, client.aclose()).result()


async def test_host_comes_from_ollama_host(
    monkeypatch: pytest.MonkeyPatch, server: FakeOllama
) -> None:
    port = server.url.rsplit(":", 1)[1]
    monkeypatch.setenv("OLLAMA_HOST", f"0.0.0.0:{port}")
    async with oa.AsyncClient() as client:
        assert client.base_url == f"http://127.0.0.1:{port}"
        assert await client.version() == "0.33.0"
    monkeypatch.delenv("OLLAMA_HOST")
    assert oa.AsyncClient().base_url == "http://127.0.0.1:11434"


async def test_default_headers(client: oa.AsyncClient, server: FakeOllama) -> None:
    await client.generate("llama3.2", "Hi")
    headers = server.requests[-1].headers
    assert headers["User-Agent"].startswith("ollama-async/")
    assert headers["Content-Type"] == "application/json"


async def test_api_key_only_goes_to_ollama_com(
    monkeypatch: pytest.MonkeyPatch, server: FakeOllama
) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "secret-key")
    async with oa.AsyncClient(server.url) as client:
        await client.version()
    assert "Authorization" not in server.requests[-1].headers
    async with oa.AsyncClient(server.url, api_key="explicit") as client:
        await client.version()
    assert server.requests[-1].headers["Authorization"] == "Bearer explicit"
    cloud = oa.AsyncClient("ollama.com")
    assert cloud._transport.headers["Authorization"] == "Bearer secret-key"


async def test_basic_auth_from_host_userinfo(server: FakeOllama) -> None:
    url = server.url.replace("http://", "http://alice:pw@")
    async with oa.AsyncClient(url) as client:
        assert "alice" not in client.base_url
        await client.version()
    expected = "Basic " + base64.b64encode(b"alice:pw").decode()
    assert server.requests[-1].headers["Authorization"] == expected


async def test_debug_log_redacts_credentials(
    server: FakeOllama, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ollama_async")
    async with oa.AsyncClient(server.url, api_key="top-secret") as client:
        await client.version()
    messages = [record.getMessage() for record in caplog.records if record.name == "ollama_async"]
    assert any("request GET" in message and "/api/version" in message for message in messages)
    assert any("response GET" in message and "-> 200" in message for message in messages)
    assert not any("top-secret" in message for message in messages)


async def test_connection_refused_is_a_typed_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with oa.AsyncClient(f"127.0.0.1:{port}") as client:
        with pytest.raises(oa.OllamaConnectionError, match="could not connect") as info:
            await client.chat("llama3.2", USER, stream=True)
        assert isinstance(info.value, ConnectionError)


# -- generate ------------------------------------------------------------------


async def test_generate(client: oa.AsyncClient, server: FakeOllama) -> None:
    reply = await client.generate("llama3.2", "Hi", system="Be brief.", options={"temperature": 0})
    assert isinstance(reply, oa.GenerateResponse)
    assert reply.response == CHAT_REPLY
    assert reply.done and reply.done_reason == "stop"
    assert reply.eval_count and reply.eval_duration and reply.total_duration
    assert reply.context
    assert reply["response"] == CHAT_REPLY
    body = last_body(server)
    assert body == {
        "model": "llama3.2",
        "prompt": "Hi",
        "system": "Be brief.",
        "stream": False,
        "options": {"temperature": 0},
    }


async def test_generate_stream(client: oa.AsyncClient) -> None:
    stream = await client.generate("llama3.2", "Hi", stream=True)
    assert isinstance(stream, oa.GenerateStream)
    chunks = [chunk async for chunk in stream]
    assert "".join(chunk.response for chunk in chunks) == CHAT_REPLY
    assert [chunk.done for chunk in chunks].count(True) == 1 and chunks[-1].done
    assert stream.closed and stream.complete


async def test_generate_num_predict_and_stop(client: oa.AsyncClient) -> None:
    short = await client.generate("llama3.2", "Hi", options={"num_predict": 2})
    assert short.done_reason == "length"
    assert short.eval_count == 2
    stopped = await client.generate("llama3.2", "Hi", options={"stop": ["How"]})
    assert stopped.response == "Hello there. "


async def test_generate_thinking(client: oa.AsyncClient) -> None:
    reply = await client.generate("qwen3", "2+2?", think=True)
    assert reply.thinking == "Two plus two is four."
    assert reply.response == "The answer is 4."
    plain = await client.generate("qwen3", "2+2?", think=False)
    assert plain.thinking is None


async def test_generate_request_encoding(
    client: oa.AsyncClient, server: FakeOllama, tmp_path: Path
) -> None:
    image = tmp_path / "pixel.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    await client.generate(
        "llama3.2",
        "Describe",
        images=image,
        keep_alive=datetime.timedelta(minutes=5),
        format={"type": "object"},
        raw=False,
        context=[1, 2, 3],
    )
    body = last_body(server)
    assert body["images"] == [base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()]
    assert body["keep_alive"] == 300
    assert body["format"] == {"type": "object"}
    assert body["context"] == [1, 2, 3]
    await client.generate("llama3.2", "Describe", keep_alive="10m", format="json")
    assert last_body(server)["keep_alive"] == "10m"
    assert last_body(server)["format"] == "json"


async def test_load_and_unload(client: oa.AsyncClient, server: FakeOllama) -> None:
    await client.load("llama3.2", keep_alive=-1)
    assert last_body(server) == {"model": "llama3.2", "stream": False, "keep_alive": -1}
    assert "llama3.2" in {model.model.split(":")[0] for model in (await client.ps()).models}
    await client.unload("llama3.2")
    assert last_body(server) == {"model": "llama3.2", "stream": False, "keep_alive": 0}
    assert not (await client.ps()).models


async def test_load_embedding_model_uses_embed(client: oa.AsyncClient, server: FakeOllama) -> None:
    await client.load("nomic-embed-text")
    assert server.requests[-1].path == "/api/embed"
    assert (await client.ps()).models


# -- chat ----------------------------------------------------------------------


async def test_chat(client: oa.AsyncClient, server: FakeOllama) -> None:
    reply = await client.chat("llama3.2", [{"role": "system", "content": "Be kind."}, *USER])
    assert isinstance(reply, oa.ChatResponse)
    assert reply.message.role == "assistant"
    assert reply.message.content == CHAT_REPLY
    assert reply["message"]["content"] == CHAT_REPLY
    assert last_body(server)["messages"] == [
        {"role": "system", "content": "Be kind."},
        {"role": "user", "content": "Hi"},
    ]
    # The assistant message of a response can be sent back as is.
    await client.chat("llama3.2", [*USER, reply.message, {"role": "user", "content": "More"}])
    assert last_body(server)["messages"][1] == {"role": "assistant", "content": CHAT_REPLY}


async def test_chat_stream_and_final(client: oa.AsyncClient) -> None:
    async with await client.chat("qwen3", USER, stream=True) as stream:
        assert isinstance(stream, oa.ChatStream)
        chunks = [chunk async for chunk in stream]
        final = await stream.final()
    assert "".join(chunk.message.thinking or "" for chunk in chunks) == "Two plus two is four."
    assert "".join(chunk.message.content for chunk in chunks) == "The answer is 4."
    assert final.message.content == "The answer is 4."
    assert final.message.thinking == "Two plus two is four."
    assert final.done and final.eval_count


async def test_chat_tools_from_function_and_tool_calls() -> None:
    def get_weather(city: str) -> str:
        """Get the weather.

        Args:
            city: The city name.
        """
        return "sunny"

    call = {"function": {"name": "get_weather", "arguments": {"city": "Tokyo"}}}
    model = FakeModel("tooly", reply="", tool_calls=[call], capabilities=("completion", "tools"))
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        reply = await client.chat("tooly", USER, tools=[get_weather])
        tool = last_body(server)["tools"][0]
        assert tool["function"]["name"] == "get_weather"
        assert tool["function"]["parameters"]["properties"]["city"]["type"] == "string"
        assert tool["function"]["parameters"]["required"] == ["city"]
        calls = reply.message.tool_calls
        assert calls and calls[0].function.name == "get_weather"
        assert calls[0].function.arguments == {"city": "Tokyo"}
        stream = await client.chat("tooly", USER, tools=[get_weather], stream=True)
        final = await stream.final()
        assert (
            final.message.tool_calls and final.message.tool_calls[0].function.name == "get_weather"
        )


# -- embeddings ----------------------------------------------------------------


async def test_embed(client: oa.AsyncClient) -> None:
    single = await client.embed("nomic-embed-text", "hello")
    assert len(single.embeddings) == 1 and len(single.embeddings[0]) == 8
    norm = sum(x * x for x in single.embeddings[0]) ** 0.5
    assert abs(norm - 1) < 1e-6
    batch = await client.embed("nomic-embed-text", ["a", "b", "c"])
    assert len(batch.embeddings) == 3
    assert batch.embeddings[0] != batch.embeddings[1]
    cut = await client.embed("nomic-embed-text", "hello", dimensions=4)
    assert len(cut.embeddings[0]) == 4


async def test_embeddings_legacy(client: oa.AsyncClient) -> None:
    result = await client.embeddings("nomic-embed-text", "hello")
    assert isinstance(result, oa.EmbeddingsResponse)
    assert len(result.embedding) == 8


# -- model management ----------------------------------------------------------


async def test_list_show_ps(client: oa.AsyncClient) -> None:
    listed = await client.list()
    names = [model.name for model in listed.models]
    assert "llama3.2:latest" in names
    first = listed.models[0]
    assert isinstance(first.modified_at, datetime.datetime) and first.modified_at.tzinfo
    assert first.details and first.details.family
    shown = await client.show("qwen3")
    assert shown.capabilities and "thinking" in shown.capabilities
    assert shown.details and shown.details.parameter_size
    assert isinstance(shown.modified_at, datetime.datetime)
    assert (await client.ps()).models == []
    await client.load("llama3.2")
    running = (await client.ps()).models
    assert running and running[0].expires_at and running[0].size_vram is not None


async def test_exists(client: oa.AsyncClient) -> None:
    assert await client.exists("llama3.2")
    assert await client.exists("LLAMA3.2:latest")
    assert not await client.exists("missing-model")


async def test_pull(client: oa.AsyncClient) -> None:
    await client.delete("llama3.2")
    assert not await client.exists("llama3.2")
    done = await client.pull("llama3.2")
    assert done.status == "success"
    assert await client.exists("llama3.2")
    stream = await client.pull("llama3.2", stream=True)
    statuses = [progress async for progress in stream]
    assert statuses[0].status == "pulling manifest" and statuses[-1].status == "success"
    layers = [p for p in statuses if p.digest]
    assert layers and all(p.total for p in layers)


async def test_pull_unknown_model_fails_in_stream(client: oa.AsyncClient) -> None:
    stream = await client.pull("no-such-model", stream=True)
    with pytest.raises(oa.StreamError, match="file does not exist") as info:
        async for _ in stream:
            pass
    assert info.value.status_code == 200
    partial = info.value.partial
    assert isinstance(partial, oa.ProgressResponse) and partial.status == "pulling manifest"
    with pytest.raises(oa.ServerError):
        await client.pull("no-such-model")


async def test_push(client: oa.AsyncClient) -> None:
    await client.copy("llama3.2", "me/llama3.2:latest")
    progress = [p async for p in await client.push("me/llama3.2:latest", stream=True)]
    assert progress[-1].status == "success"
    assert (await client.push("me/llama3.2:latest")).status == "success"


async def test_create_copy_delete(client: oa.AsyncClient) -> None:
    created = await client.create("mario", from_="llama3.2", system="You are Mario.", stream=True)
    statuses = [p.status async for p in created]
    assert statuses[-1] == "success"
    assert await client.exists("mario")
    assert (await client.copy("mario", "luigi")).status == "success"
    assert (await client.delete("mario")).status == "success"
    assert not await client.exists("mario") and await client.exists("luigi")
    with pytest.raises(oa.ModelNotFoundError):
        await client.delete("mario")
    with pytest.raises(oa.ModelNotFoundError):
        await client.copy("mario", "peach")


async def test_blobs(client: oa.AsyncClient, server: FakeOllama, tmp_path: Path) -> None:
    data = b"GGUF" + bytes(range(256)) * 100
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    assert not await client.has_blob(digest)
    path = tmp_path / "model.gguf"
    path.write_bytes(data)
    assert await client.create_blob(path) == digest
    assert await client.has_blob(digest)
    posts = [r for r in server.requests if r.method == "POST" and r.path.startswith("/api/blobs/")]
    assert len(posts) == 1 and posts[0].body == data
    assert await client.create_blob(data) == digest  # already there: no second upload
    assert (
        len([r for r in server.requests if r.method == "POST" and r.path.startswith("/api/blobs/")])
        == 1
    )
    created = await client.create("from-blob", files={"model.gguf": digest})
    assert created.status == "success"


async def test_version(client: oa.AsyncClient) -> None:
    assert await client.version() == "0.33.0"


# -- errors --------------------------------------------------------------------


async def test_model_not_found(client: oa.AsyncClient) -> None:
    with pytest.raises(oa.ModelNotFoundError, match="ollama pull nope") as info:
        await client.generate("nope", "Hi")
    assert info.value.status_code == 404 and info.value.model == "nope"
    with pytest.raises(oa.ModelNotFoundError):
        await client.chat("nope", USER, stream=True)  # raised at the await, before iterating
    with pytest.raises(oa.ModelNotFoundError):
        await client.embed("nope", "x")


async def test_capability_errors_are_bad_requests(client: oa.AsyncClient) -> None:
    with pytest.raises(oa.BadRequestError, match="does not support thinking"):
        await client.chat("llama3.2", USER, think=True)
    with pytest.raises(oa.BadRequestError, match="does not support tools"):
        await client.chat(
            "nomic-embed-text", USER, tools=[{"type": "function", "function": {"name": "f"}}]
        )


async def test_unknown_endpoint_is_endpoint_not_found(client: oa.AsyncClient) -> None:
    with pytest.raises(oa.EndpointNotFoundError, match="404 page not found"):
        await client._transport.request("GET", "/api/no-such-endpoint")


async def test_host_guard_403(server: FakeOllama) -> None:
    async with (
        FakeOllama(allowed_hosts=["only.example"]) as guarded,
        oa.AsyncClient(guarded.url) as client,
    ):
        with pytest.raises(oa.PermissionDeniedError, match="proxy_set_header Host"):
            await client.version()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.generate("", "Hi"), "model"),
        (lambda c: c.generate("llama3.2", "Hi", options={"max_tokens": 5}), "num_predict"),
        (lambda c: c.generate("llama3.2", "Hi", options={"stop": "x"}), "stop"),
        (lambda c: c.generate("llama3.2", "Hi", keep_alive="300"), "300s"),
        (lambda c: c.generate("llama3.2", "Hi", format="JSON"), "json"),
        (lambda c: c.generate("llama3.2", "Hi", think="extreme"), "think"),
        (lambda c: c.generate("llama3.2", "Hi", top_logprobs=21), "top_logprobs"),
        (lambda c: c.generate("llama3.2", 42), "prompt"),
        (lambda c: c.chat("llama3.2", "Hi"), "messages"),
        (lambda c: c.chat("llama3.2", [{"role": "", "content": "x"}]), "role"),
        (lambda c: c.embed("nomic-embed-text", [1, 2]), "input"),
        (lambda c: c.embed("nomic-embed-text", "x", dimensions=0), "dimensions"),
        (lambda c: c.create("x"), "from_"),
        (lambda c: c.create("x", files={"a.gguf": "md5:abc"}), "sha256"),
        (lambda c: c.has_blob("sha256:XYZ"), "sha256"),
        (lambda c: c.show(None), "show: model"),
        (lambda c: c.delete(""), "delete: model"),
        (lambda c: c.pull(3), "pull: model"),
        (lambda c: c.copy("llama3.2", " "), "copy: destination must be a model name"),
        (lambda c: c.embeddings("nomic-embed-text", 5), "prompt"),
        (lambda c: c.generate("llama3.2", "x", images=b"plain text"), "not an image"),
        (lambda c: c.generate("llama3.2", "x", options={"num_predict": -5}), "num_predict"),
        (lambda c: c.generate("llama3.2", "x", options={"temperature": "hot"}), "temperature"),
        (lambda c: c.generate("llama3.2", "x", context=["a"]), "context"),
        (lambda c: c.generate("llama3.2", "x", keep_alive=True), "keep_alive"),
        (lambda c: c.chat("llama3.2", USER, tools=[42]), "tools"),
        (lambda c: c.create_blob("/no/such/file.gguf"), "not a file"),
    ],
)
async def test_bad_input_is_rejected_before_sending(
    client: oa.AsyncClient, server: FakeOllama, call: Any, message: str
) -> None:
    with pytest.raises(oa.RequestError, match=message):
        await call(client)
    assert server.requests == []


async def test_strict_options_can_be_turned_off(server: FakeOllama) -> None:
    async with oa.AsyncClient(server.url, strict_options=False) as client:
        await client.generate("llama3.2", "Hi", options={"max_tokens": 5})  # type: ignore[call-overload]
    assert last_body(server)["options"] == {"max_tokens": 5}


def test_running_out_of_file_descriptors_is_explained() -> None:
    # aiohttp's error for EMFILE, as a connection attempt raises it (its key is only read by __str__).
    key = types.SimpleNamespace(host="127.0.0.1", port=11434, ssl=None)
    error = aiohttp.ClientConnectorError(key, OSError(errno.EMFILE, "Too many open files"))  # type: ignore[arg-type]
    mapped = map_exception(error, "http://127.0.0.1:11434/api/chat", oa.Timeout())
    assert isinstance(mapped, oa.OllamaConnectionError)
    assert "no file descriptors left" in str(mapped)
    assert "max_connections" in str(mapped)
