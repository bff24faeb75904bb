"""FakeOllama itself, over plain aiohttp: statuses, error bodies, shapes, framing, disconnects."""

from __future__ import annotations

import asyncio
import hashlib
import math
import re
import sys
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from urllib.parse import urlsplit

import aiohttp
import orjson
import pytest

from ollama_async.testing import FakeModel, FakeOllama
from ollama_async.testing.__main__ import parse_args
from ollama_async.testing._models import embedding, full_name, tokenize

REPLY = "Hello there. How are you today?"
CREATED_AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")
LOCAL_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$")
METRICS = [
    "total_duration",
    "load_duration",
    "prompt_eval_count",
    "prompt_eval_duration",
    "eval_count",
    "eval_duration",
]
USER = [{"role": "user", "content": "Hi"}]
TOOLS = [{"type": "function", "function": {"name": "get_weather", "parameters": {}}}]
CALL = {"function": {"name": "get_weather", "arguments": {"city": "Tokyo"}}}


def models() -> list[FakeModel]:
    return [
        FakeModel("llama3.2", reply=REPLY, tool_calls=[CALL], capabilities=("completion", "tools")),
        FakeModel(
            "qwen3",
            reply="The answer is 4.",
            thinking="Two plus two is four.",
            capabilities=("completion", "tools", "thinking"),
        ),
        FakeModel("nomic-embed-text", embedding_dim=8, capabilities=("embedding",)),
    ]


@pytest.fixture
async def fake() -> AsyncIterator[FakeOllama]:
    async with FakeOllama(models=models()) as server:
        yield server


async def call(
    server: FakeOllama,
    method: str,
    path: str,
    body: Any = None,
    *,
    raw: Optional[bytes] = None,
    headers: Optional[dict[str, str]] = None,
) -> tuple[int, str, bytes]:
    """(status, Content-Type, body) of one request."""
    data = raw if raw is not None else (orjson.dumps(body) if body is not None else None)
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, server.url + path, data=data, headers=headers) as response,
    ):
        return response.status, response.headers.get("Content-Type", ""), await response.read()


async def post(server: FakeOllama, path: str, body: Any) -> Any:
    """The parsed answer of a successful non-streaming POST."""
    status, content_type, raw = await call(server, "POST", path, body)
    assert (status, content_type) == (200, "application/json; charset=utf-8"), raw
    return orjson.loads(raw)


async def get(server: FakeOllama, path: str) -> Any:
    """The parsed answer of a successful GET."""
    status, _, raw = await call(server, "GET", path)
    assert status == 200, raw
    return orjson.loads(raw)


async def stream(server: FakeOllama, path: str, body: Any) -> list[dict[str, Any]]:
    """The lines of a 200 NDJSON stream."""
    status, content_type, raw = await call(server, "POST", path, body)
    assert (status, content_type) == (200, "application/x-ndjson"), raw
    assert raw.endswith(b"\n")
    return [orjson.loads(line) for line in raw.splitlines()]


# -- errors --------------------------------------------------------------------

GENERATE = "/api/generate"
LLAMA = {"model": "llama3.2", "prompt": "Hi"}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "error"),
    [
        ("POST", GENERATE, {"model": ""}, 404, "model '' not found"),
        ("POST", GENERATE, {"prompt": "x"}, 404, "model '' not found"),
        ("POST", GENERATE, {"model": "nope"}, 404, "model 'nope' not found"),
        (
            "POST",
            GENERATE,
            {**LLAMA, "think": "x"},
            400,
            'invalid think value: "x" (must be "high", "medium", "low", "max", true, or false)',
        ),
        ("POST", GENERATE, {**LLAMA, "think": True}, 400, '"llama3.2" does not support thinking'),
        ("POST", GENERATE, {**LLAMA, "think": "high"}, 400, "does not support thinking"),
        ("POST", GENERATE, {**LLAMA, "keep_alive": "300"}, 400, 'missing unit in duration "300"'),
        ("POST", GENERATE, {**LLAMA, "keep_alive": "soon"}, 400, 'invalid duration "soon"'),
        ("POST", GENERATE, {**LLAMA, "keep_alive": True}, 400, "Unsupported type: 'bool'"),
        ("POST", GENERATE, {**LLAMA, "top_logprobs": 21}, 400, "between 0 and 20"),
        ("POST", GENERATE, {**LLAMA, "top_logprobs": -1}, 400, "between 0 and 20"),
        (
            "POST",
            GENERATE,
            {**LLAMA, "raw": True, "system": "s"},
            400,
            "raw mode does not support template, system, or context",
        ),
        (
            "POST",
            GENERATE,
            {**LLAMA, "suffix": "x"},
            400,
            "registry.ollama.ai/library/llama3.2:latest does not support insert",
        ),
        (
            "POST",
            GENERATE,
            {**LLAMA, "options": {"temperature": "hot"}},
            500,
            'option "temperature" must be of type float32',
        ),
        (
            "POST",
            GENERATE,
            {**LLAMA, "options": {"num_ctx": 8, "stop": "x"}},
            500,
            'option "stop" must be of type array',
        ),
        (
            "POST",
            GENERATE,
            {**LLAMA, "options": {"num_ctx": "big"}},
            500,
            'option "num_ctx" must be of type integer',
        ),
        (
            "POST",
            GENERATE,
            {**LLAMA, "format": "JSON"},
            500,
            'invalid format: "\\"JSON\\""; expected "json" or a valid JSON Schema object',
        ),
        (
            "POST",
            GENERATE,
            {"model": "nomic-embed-text", "prompt": "x"},
            400,
            '"nomic-embed-text" does not support generate',
        ),
        (
            "POST",
            GENERATE,
            {"model": "llama3.2", "prompt": 5},
            400,
            "json: cannot unmarshal number into Go struct field GenerateRequest.prompt of type string",
        ),
        (
            "POST",
            GENERATE,
            {"model": "llama3.2", "context": ["a"]},
            400,
            "json: cannot unmarshal string into Go struct field GenerateRequest.context of type int",
        ),
        ("POST", "/api/chat", {"model": ""}, 400, "model is required"),
        ("POST", "/api/chat", {"model": "nope", "messages": USER}, 404, "model 'nope' not found"),
        (
            "POST",
            "/api/chat",
            {"model": "nomic-embed-text", "messages": USER},
            400,
            '"nomic-embed-text" does not support chat',
        ),
        (
            "POST",
            "/api/chat",
            {"model": "nomic-embed-text", "messages": USER, "tools": TOOLS},
            400,
            "registry.ollama.ai/library/nomic-embed-text:latest does not support tools",
        ),
        (
            "POST",
            "/api/chat",
            {"model": "llama3.2", "messages": "Hi"},
            400,
            "json: cannot unmarshal string into Go struct field ChatRequest.messages of type []api.Message",
        ),
        ("POST", "/api/embed", {"input": "x"}, 404, "model '' not found"),
        (
            "POST",
            "/api/embed",
            {"model": "nope", "input": "x"},
            404,
            'model "nope" not found, try pulling it first',
        ),
        (
            "POST",
            "/api/embed",
            {"model": "nomic-embed-text", "input": [1]},
            400,
            "invalid input type",
        ),
        ("POST", "/api/embeddings", {"prompt": "x"}, 400, "model is required"),
        (
            "POST",
            "/api/embeddings",
            {"model": "nope", "prompt": "x"},
            404,
            'model "nope" not found, try pulling it first',
        ),
        ("POST", "/api/show", {}, 400, "model is required"),
        ("POST", "/api/show", {"model": "nope"}, 404, "model 'nope' not found"),
        ("POST", "/api/create", {"model": "x"}, 400, "neither 'from' or 'files' was specified"),
        ("POST", "/api/create", {"from": "llama3.2"}, 400, "invalid model name"),
        (
            "POST",
            "/api/create",
            {"model": "x", "files": {"m.gguf": "sha256:abc"}},
            400,
            "invalid digest format",
        ),
        (
            "POST",
            "/api/create",
            {"model": "x", "files": {"m.gguf": "sha256:" + "a" * 64}},
            400,
            "not found",
        ),
        (
            "POST",
            "/api/copy",
            {"source": "nope", "destination": "y"},
            404,
            'model "nope" not found',
        ),
        ("POST", "/api/copy", {"destination": "y"}, 400, 'source "" is invalid'),
        ("POST", "/api/copy", {"source": "llama3.2"}, 400, 'destination "" is invalid'),
        ("DELETE", "/api/delete", {"model": "nope"}, 404, "model 'nope' not found"),
        ("DELETE", "/api/delete", {}, 400, 'name "" is invalid'),
        ("POST", "/api/pull", {}, 400, "invalid model name"),
        (
            "POST",
            "/api/pull",
            {"model": "nope", "stream": False},
            500,
            "pull model manifest: file does not exist",
        ),
        ("POST", "/api/push", {}, 400, "model is required"),
        ("POST", "/api/push", {"model": "nope", "stream": False}, 500, "file does not exist"),
        ("POST", "/api/blobs/sha256:" + "0" * 64, None, 400, 'digest mismatch, expected "sha256:'),
        ("POST", "/api/blobs/md5:abc", None, 400, "invalid digest format"),
    ],
)
async def test_error_statuses_and_bodies(
    fake: FakeOllama, method: str, path: str, body: Any, status: int, error: str
) -> None:
    got_status, content_type, raw = await call(fake, method, path, body)
    assert got_status == status, raw
    assert content_type == "application/json; charset=utf-8"
    answer = orjson.loads(raw)
    assert list(answer) == ["error"]
    assert error in answer["error"]
    assert not raw.endswith(b"\n")  # gin's c.JSON writes no newline


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"", "missing request body"),
        (b"  \n", "missing request body"),
        (b'{"model": ', "unexpected EOF"),
        (
            b"{model:llama3.2:latest}",
            "invalid character 'm' looking for beginning of object key string",
        ),
        (b"'{\"model\": 1}'", "invalid character '\\'' looking for beginning of value"),
        (b'{"model": "x" "prompt": ""}', "invalid character '\"' after object key:value pair"),
        (b'{"context": [1 2]}', "invalid character '2' after array element"),
        (b"[1]", "json: cannot unmarshal array into Go value of type api.GenerateRequest"),
    ],
)
async def test_missing_and_malformed_bodies(fake: FakeOllama, raw: bytes, error: str) -> None:
    status, _, answer = await call(fake, "POST", GENERATE, raw=raw)
    assert (status, orjson.loads(answer)) == (400, {"error": error})


async def test_only_the_first_json_value_counts_and_null_is_empty(fake: FakeOllama) -> None:
    status, _, answer = await call(fake, "POST", "/api/show", raw=b'{"model":"qwen3"} trailing')
    assert status == 200
    assert orjson.loads(answer)["details"]["family"] == "llama"
    assert await call(fake, "POST", "/api/show", raw=b"null") == (
        400,
        "application/json; charset=utf-8",
        b'{"error":"model is required"}',
    )


async def test_plain_text_routes(fake: FakeOllama) -> None:
    text = "text/plain; charset=utf-8"
    assert await call(fake, "GET", "/nope") == (404, text, b"404 page not found")
    assert await call(fake, "GET", "/api/chat") == (405, text, b"405 method not allowed")
    assert await call(fake, "POST", "/api/tags", {}) == (405, text, b"405 method not allowed")
    assert await call(fake, "GET", "/") == (200, text, b"Ollama is running")
    assert await call(fake, "HEAD", "/") == (200, text, b"")
    assert await call(fake, "GET", "/api/version") == (
        200,
        "application/json; charset=utf-8",
        b'{"version":"0.33.0"}',
    )
    assert (await call(fake, "HEAD", "/api/version"))[::2] == (200, b"")


async def test_version_is_configurable() -> None:
    async with FakeOllama(version="0.5.7") as server:
        assert await get(server, "/api/version") == {"version": "0.5.7"}


async def test_host_guard_answers_an_empty_403() -> None:
    async with FakeOllama(allowed_hosts=["localhost"]) as server:
        assert await call(server, "GET", "/api/version") == (403, "", b"")
        assert await call(server, "POST", "/api/chat", {"model": "llama3.2"}) == (403, "", b"")
        assert [r.path for r in server.requests] == ["/api/version", "/api/chat"]  # recorded
        url = server.url.replace("127.0.0.1", "localhost")
        async with aiohttp.ClientSession() as session:
            async with session.get(url + "/api/version") as response:
                assert response.status == 200
            host = {"Host": "LOCALHOST:1"}
            async with session.get(server.url + "/api/version", headers=host) as response:
                assert response.status == 200


async def test_requests_are_recorded_before_handling(fake: FakeOllama) -> None:
    await call(fake, "POST", "/api/show", {"model": "llama3.2"}, headers={"X-Mine": "1"})
    await call(fake, "POST", "/api/show", raw=b"{not json")
    await call(fake, "GET", "/nowhere")
    shown, broken, lost = fake.requests
    assert (shown.method, shown.path, shown.json) == ("POST", "/api/show", {"model": "llama3.2"})
    assert shown.body == b'{"model":"llama3.2"}'
    assert shown.headers["X-Mine"] == "1"
    assert shown.headers["x-mine"] == "1"
    assert (broken.json, broken.body) == (None, b"{not json")
    assert (lost.method, lost.path, lost.json, lost.body) == ("GET", "/nowhere", None, b"")


# -- generate and chat -----------------------------------------------------------


async def test_each_line_is_one_write() -> None:
    """Every HTTP chunk of the body holds exactly one whole JSON line, as Ollama flushes them."""
    async with FakeOllama(models=models()) as server:
        url = urlsplit(server.url)
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        body = orjson.dumps({"model": "qwen3", "prompt": "2+2?"})
        writer.write(
            b"POST /api/generate HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        raw = await reader.read()
        writer.close()
        await writer.wait_closed()
    head, rest = raw.split(b"\r\n\r\n", 1)
    assert b"Transfer-Encoding: chunked" in head
    chunks = []
    while True:
        size_line, rest = rest.split(b"\r\n", 1)
        size = int(size_line, 16)
        if size == 0:
            break
        chunks.append(rest[:size])
        rest = rest[size + 2 :]
    assert (
        len(chunks)
        == len(tokenize("Two plus two is four.")) + len(tokenize("The answer is 4.")) + 1
    )
    for chunk in chunks:
        assert chunk.count(b"\n") == 1 and chunk.endswith(b"\n")
        orjson.loads(chunk)


async def test_token_delay_spaces_the_lines_out() -> None:
    model = FakeModel("m", reply="one two three", token_delay=0.02)
    async with FakeOllama(models=[model]) as server, aiohttp.ClientSession() as session:
        body = {"model": "m", "prompt": "x"}
        async with session.post(server.url + GENERATE, json=body) as response:
            first = await response.content.readline()
            started = time.monotonic()
            rest = await response.read()
            elapsed = time.monotonic() - started
    assert orjson.loads(first)["response"] == "one "
    assert [orjson.loads(line)["response"] for line in rest.splitlines()] == ["two ", "three", ""]
    assert elapsed >= 0.035  # two more tokens, 20 ms apart


async def test_generate_stream_shape(fake: FakeOllama) -> None:
    lines = await stream(fake, GENERATE, {"model": "llama3.2", "prompt": "Hi"})
    *chunks, final = lines
    assert [c["response"] for c in chunks] == tokenize(REPLY)
    for chunk in chunks:
        assert list(chunk) == ["model", "created_at", "response", "done"]
        assert chunk["model"] == "llama3.2" and chunk["done"] is False
        assert CREATED_AT.match(chunk["created_at"])
    keys = ["model", "created_at", "response", "done", "done_reason", "context", *METRICS]
    assert list(final) == keys
    assert (final["response"], final["done"], final["done_reason"]) == ("", True, "stop")
    assert final["eval_count"] == len(chunks)
    assert all(isinstance(final[k], int) and final[k] > 0 for k in METRICS)
    assert final["total_duration"] > final["load_duration"] + final["eval_duration"]
    assert final["context"] and all(isinstance(t, int) for t in final["context"])


async def test_stream_defaults_to_true_and_null_means_true(fake: FakeOllama) -> None:
    for flag in ({}, {"stream": None}, {"stream": True}):
        lines = await stream(fake, GENERATE, {**LLAMA, **flag})
        assert lines[-1]["done"] is True


async def test_generate_non_streaming(fake: FakeOllama) -> None:
    answer = await post(fake, GENERATE, {**LLAMA, "stream": False})
    keys = ["model", "created_at", "response", "done", "done_reason", "context", *METRICS]
    assert list(answer) == keys
    assert (answer["response"], answer["done"], answer["done_reason"]) == (REPLY, True, "stop")
    raw = await post(fake, GENERATE, {**LLAMA, "stream": False, "raw": True})
    assert "context" not in raw  # raw mode returns no context


async def test_chat_stream_and_non_streaming(fake: FakeOllama) -> None:
    *chunks, final = await stream(fake, "/api/chat", {"model": "llama3.2", "messages": USER})
    for chunk in chunks:
        assert list(chunk) == ["model", "created_at", "message", "done"]
        assert list(chunk["message"]) == ["role", "content"]
    assert "".join(c["message"]["content"] for c in chunks) == REPLY
    assert list(final) == ["model", "created_at", "message", "done", "done_reason", *METRICS]
    assert final["message"] == {"role": "assistant", "content": ""}
    answer = await post(fake, "/api/chat", {"model": "llama3.2", "messages": USER, "stream": False})
    assert answer["message"] == {"role": "assistant", "content": REPLY}
    assert answer["done"] is True and answer["eval_count"] == len(chunks)


async def test_thinking_is_on_by_default_for_thinking_models(fake: FakeOllama) -> None:
    lines = await stream(fake, GENERATE, {"model": "qwen3", "prompt": "2+2?"})
    thoughts = [line for line in lines if "thinking" in line]
    assert "".join(line["thinking"] for line in thoughts) == "Two plus two is four."
    assert all(line["response"] == "" for line in thoughts)
    assert lines[: len(thoughts)] == thoughts  # thinking comes first
    assert list(thoughts[0]) == ["model", "created_at", "response", "thinking", "done"]
    assert "".join(line["response"] for line in lines) == "The answer is 4."
    assert lines[-1]["eval_count"] == len(lines) - 1
    for think in (False, "low"):
        body = {"model": "qwen3", "prompt": "2+2?", "think": think, "stream": False}
        answer = await post(fake, GENERATE, body)
        assert ("thinking" in answer) is (think is not False)
    chat = {"model": "qwen3", "messages": USER}
    chunks = await stream(fake, "/api/chat", chat)
    assert chunks[0]["message"] == {"role": "assistant", "content": "", "thinking": "Two "}
    answer = await post(fake, "/api/chat", {**chat, "stream": False})
    assert answer["message"] == {
        "role": "assistant",
        "content": "The answer is 4.",
        "thinking": "Two plus two is four.",
    }


async def test_tool_calls_come_on_the_final_chat_chunk(fake: FakeOllama) -> None:
    body = {"model": "llama3.2", "messages": USER, "tools": TOOLS}
    *chunks, final = await stream(fake, "/api/chat", body)
    assert all("tool_calls" not in c["message"] for c in chunks)
    (tool_call,) = final["message"]["tool_calls"]
    assert list(tool_call) == ["id", "function"]
    assert re.fullmatch(r"call_[a-z0-9]{8}", tool_call["id"])
    assert tool_call["function"] == {
        "index": 0,
        "name": "get_weather",
        "arguments": {"city": "Tokyo"},
    }
    answer = await post(fake, "/api/chat", {**body, "stream": False})
    assert answer["message"]["tool_calls"][0]["function"]["name"] == "get_weather"
    without_tools = await post(fake, "/api/chat", {**body, "tools": [], "stream": False})
    assert "tool_calls" not in without_tools["message"]
    result = {"role": "tool", "content": "sunny", "tool_name": "get_weather"}
    answered = await post(fake, "/api/chat", {**body, "messages": [*USER, result], "stream": False})
    assert answered["message"] == {"role": "assistant", "content": REPLY}


async def test_num_predict_and_stop(fake: FakeOllama) -> None:
    short = await post(fake, GENERATE, {**LLAMA, "stream": False, "options": {"num_predict": 2}})
    assert (short["response"], short["done_reason"], short["eval_count"]) == (
        "Hello there. ",
        "length",
        2,
    )
    lines = await stream(fake, GENERATE, {**LLAMA, "options": {"num_predict": 3}})
    assert len(lines) == 4 and lines[-1]["eval_count"] == 3
    # Thinking tokens count too.
    body = {"model": "qwen3", "prompt": "x", "stream": False, "options": {"num_predict": 6}}
    thought = await post(fake, GENERATE, body)
    assert (thought["thinking"], thought["response"]) == ("Two plus two is four.", "The ")
    stopped = await post(fake, GENERATE, {**LLAMA, "stream": False, "options": {"stop": ["How"]}})
    assert (stopped["response"], stopped["done_reason"]) == ("Hello there. ", "stop")
    options = {"stop": ["you", "there"], "unknown_key": 1, "temperature": 0}
    earliest = await post(fake, GENERATE, {**LLAMA, "stream": False, "options": options})
    assert earliest["response"] == "Hello "


async def test_error_after_sends_an_error_line_in_a_200_stream() -> None:
    model = FakeModel("m", reply="one two three four", error_after=2, error_message="boom")
    async with FakeOllama(models=[model]) as server:
        lines = await stream(server, GENERATE, {"model": "m", "prompt": "x"})
        assert [line.get("response") for line in lines[:2]] == ["one ", "two "]
        assert lines[2:] == [{"error": "boom"}]
        chat = await stream(server, "/api/chat", {"model": "m", "messages": USER})
        assert chat[-1] == {"error": "boom"} and len(chat) == 3
        status, _, raw = await call(
            server, "POST", GENERATE, {"model": "m", "prompt": "x", "stream": False}
        )
        assert (status, orjson.loads(raw)) == (500, {"error": "boom"})


async def test_an_error_before_the_first_line_is_a_plain_500() -> None:
    model = FakeModel("m", error_after=0)
    async with FakeOllama(models=[model]) as server:
        status, content_type, raw = await call(
            server, "POST", GENERATE, {"model": "m", "prompt": "x"}
        )
    assert (status, content_type) == (500, "application/json; charset=utf-8")
    assert "model runner has unexpectedly stopped" in orjson.loads(raw)["error"]


async def test_end_without_done() -> None:
    model = FakeModel("m", reply="same same same", end_without_done=True)
    async with FakeOllama(models=[model]) as server:
        lines = await stream(server, GENERATE, {"model": "m", "prompt": "x"})
        assert [line["done"] for line in lines] == [False] * 3
        body = {"model": "m", "messages": USER, "stream": False}
        answer = await post(server, "/api/chat", body)
    assert answer["message"]["content"] == "same same same"
    assert answer["done"] is False and "done_reason" not in answer and "eval_count" not in answer


async def test_model_names_like_ollama(fake: FakeOllama) -> None:
    for name in ("llama3.2", "LLAMA3.2:latest", "Llama3.2:Latest"):
        answer = await post(fake, GENERATE, {"model": name, "prompt": "Hi", "stream": False})
        assert answer["model"] == name  # echoed as sent
    assert set(fake.models) == {"llama3.2:latest", "qwen3:latest", "nomic-embed-text:latest"}
    assert full_name("llama3.2") == "llama3.2:latest"
    assert full_name("ns/m:7b") == "ns/m:7b"
    assert full_name("localhost:5000/ns/m") == "localhost:5000/ns/m:latest"


# -- loading, ps -------------------------------------------------------------------


async def test_load_and_unload_with_generate_and_chat(fake: FakeOllama) -> None:
    load = await post(fake, GENERATE, {"model": "llama3.2"})  # one object, stream or not
    assert list(load) == ["model", "created_at", "response", "done", "done_reason"]
    assert (load["response"], load["done"], load["done_reason"]) == ("", True, "load")
    expires = fake.loaded["llama3.2:latest"]
    assert timedelta(minutes=4) < expires - datetime.now(timezone.utc) <= timedelta(minutes=5)
    unload = await post(fake, GENERATE, {"model": "llama3.2", "keep_alive": 0})
    assert unload["done_reason"] == "unload" and not fake.loaded
    body = {"model": "qwen3", "messages": [], "keep_alive": "1h"}
    load = await post(fake, "/api/chat", body)
    assert load["message"] == {"role": "assistant", "content": ""}
    assert load["done_reason"] == "load"
    assert fake.loaded["qwen3:latest"] - datetime.now(timezone.utc) > timedelta(minutes=59)
    unload = await post(fake, "/api/chat", {"model": "qwen3", "keep_alive": "0s"})
    assert unload["done_reason"] == "unload" and not fake.loaded
    # Loading ignores a bad format (the runner never sees it); a real request does not.
    await post(fake, GENERATE, {"model": "llama3.2", "format": "yaml"})


async def test_ps_lists_loaded_models_with_sticky_keep_alive(fake: FakeOllama) -> None:
    assert await get(fake, "/api/ps") == {"models": []}
    await post(fake, GENERATE, {"model": "llama3.2", "keep_alive": -1})
    await post(fake, GENERATE, {**LLAMA, "stream": False})  # keeps the -1 it was loaded with
    await post(fake, "/api/embed", {"model": "nomic-embed-text", "input": "x", "keep_alive": 60})
    (forever, embedder) = (await get(fake, "/api/ps"))["models"]
    assert list(forever) == [
        "name",
        "model",
        "size",
        "digest",
        "details",
        "expires_at",
        "size_vram",
        "context_length",
    ]
    assert forever["name"] == forever["model"] == "llama3.2:latest"
    assert LOCAL_TIME.match(forever["expires_at"]) and forever["expires_at"] > "2200"
    assert embedder["name"] == "nomic-embed-text:latest"
    assert re.fullmatch(r"[0-9a-f]{64}", forever["digest"])
    await post(fake, GENERATE, {"model": "llama3.2", "keep_alive": 0})
    assert [m["name"] for m in (await get(fake, "/api/ps"))["models"]] == [
        "nomic-embed-text:latest"
    ]


# -- embeddings ------------------------------------------------------------------


async def test_embed(fake: FakeOllama) -> None:
    body = {"model": "nomic-embed-text", "input": ["a", "b"]}
    answer = await post(fake, "/api/embed", body)
    assert list(answer) == [
        "model",
        "embeddings",
        "total_duration",
        "load_duration",
        "prompt_eval_count",
    ]
    first, second = answer["embeddings"]
    assert len(first) == 8 and first != second
    assert math.isclose(math.fsum(x * x for x in first), 1.0, abs_tol=1e-9)
    assert (await post(fake, "/api/embed", {**body, "input": "a"}))["embeddings"] == [first]
    cut = (await post(fake, "/api/embed", {**body, "input": "a", "dimensions": 3}))["embeddings"]
    prefix = embedding("a", 3, normalize=False)
    norm = math.sqrt(math.fsum(x * x for x in prefix))
    assert cut == [[x / norm for x in prefix]]
    wide = await post(fake, "/api/embed", {**body, "dimensions": 100})
    assert len(wide["embeddings"][0]) == 8  # larger than the model: ignored
    empties: tuple[Any, ...] = ("", [], None)
    for empty in empties:
        loaded = await post(fake, "/api/embed", {"model": "nomic-embed-text", "input": empty})
        assert loaded == {"model": "nomic-embed-text", "embeddings": []}
    chat_model = await post(fake, "/api/embed", {"model": "llama3.2", "input": "a"})
    assert len(chat_model["embeddings"][0]) == 8  # any model embeds
    assert "nomic-embed-text:latest" in fake.loaded


async def test_legacy_embeddings_are_not_normalised(fake: FakeOllama) -> None:
    body = {"model": "nomic-embed-text", "prompt": "a"}
    answer = await post(fake, "/api/embeddings", body)
    assert list(answer) == ["embedding"]
    assert answer["embedding"] == embedding("a", 8, normalize=False)
    assert not math.isclose(math.fsum(x * x for x in answer["embedding"]), 1.0)
    assert await post(fake, "/api/embeddings", {**body, "prompt": ""}) == {"embedding": []}


# -- model management ---------------------------------------------------------------


async def test_tags(fake: FakeOllama) -> None:
    listed = (await get(fake, "/api/tags"))["models"]
    assert [m["name"] for m in listed] == [
        "llama3.2:latest",
        "qwen3:latest",
        "nomic-embed-text:latest",
    ]
    item = listed[0]
    assert list(item) == [
        "name",
        "model",
        "modified_at",
        "size",
        "digest",
        "details",
        "capabilities",
    ]
    assert item["model"] == "llama3.2:latest" and item["size"] == 2_019_393_189
    assert LOCAL_TIME.match(item["modified_at"])
    assert re.fullmatch(r"[0-9a-f]{64}", item["digest"])
    assert item["details"] == {
        "parent_model": "",
        "format": "gguf",
        "family": "llama",
        "families": ["llama"],
        "parameter_size": "3.2B",
        "quantization_level": "Q4_K_M",
    }
    assert item["capabilities"] == ["completion", "tools"]
    await call(fake, "POST", "/api/copy", {"source": "qwen3", "destination": "newest"})
    assert (await get(fake, "/api/tags"))["models"][0]["name"] == "newest:latest"
    assert (await call(fake, "HEAD", "/api/tags"))[0] == 200


async def test_show(fake: FakeOllama) -> None:
    shown = await post(fake, "/api/show", {"model": "qwen3"})
    assert list(shown) == [
        "license",
        "modelfile",
        "parameters",
        "template",
        "details",
        "model_info",
        "capabilities",
        "modified_at",
    ]
    assert shown["capabilities"] == ["completion", "tools", "thinking"]
    assert shown["model_info"]["general.architecture"] == "llama"
    assert shown["model_info"]["llama.context_length"] > 0
    assert shown["model_info"]["general.parameter_count"] == 3_200_000_000
    assert LOCAL_TIME.match(shown["modified_at"])
    verbose = await post(fake, "/api/show", {"name": "QWEN3", "verbose": True})
    assert verbose["tensors"] and list(verbose["tensors"][0]) == ["name", "type", "shape"]


async def test_pull(fake: FakeOllama) -> None:
    assert (await call(fake, "DELETE", "/api/delete", {"model": "llama3.2"}))[0] == 200
    lines = await stream(fake, "/api/pull", {"model": "llama3.2"})
    assert lines[0] == {"status": "pulling manifest"}
    assert lines[-3:] == [
        {"status": "verifying sha256 digest"},
        {"status": "writing manifest"},
        {"status": "success"},
    ]
    progress = lines[1:-3]
    digests = {line["digest"] for line in progress}
    assert len(digests) >= 2
    for line in progress:
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", line["digest"])
        assert line["status"] == "pulling " + line["digest"][7:19]
        assert line.get("completed", 0) <= line["total"]
        assert "completed" not in line or line["completed"] > 0  # omitted while zero
    assert any(line.get("completed") == line["total"] for line in progress)
    assert "llama3.2:latest" in fake.models
    status, _, raw = await call(fake, "POST", "/api/pull", {"name": "qwen3", "stream": False})
    assert (status, orjson.loads(raw)) == (200, {"status": "success"})


async def test_pull_unknown_model_fails_inside_the_stream(fake: FakeOllama) -> None:
    lines = await stream(fake, "/api/pull", {"model": "no-such-model"})
    assert lines == [
        {"status": "pulling manifest"},
        {"error": "pull model manifest: file does not exist"},
    ]


async def test_registry_is_separate_from_installed_models() -> None:
    extra = FakeModel("mistral", family="mistral")
    async with FakeOllama(models=[], registry=[extra]) as server:
        assert await get(server, "/api/tags") == {"models": []}
        await stream(server, "/api/pull", {"model": "mistral"})
        assert list(server.models) == ["mistral:latest"]
        assert server.models["mistral:latest"].family == "mistral"


async def test_push(fake: FakeOllama) -> None:
    await call(fake, "POST", "/api/copy", {"source": "llama3.2", "destination": "me/llama3.2"})
    lines = await stream(fake, "/api/push", {"model": "me/llama3.2:latest"})
    assert lines[0] == {"status": "retrieving manifest"}
    assert lines[-2:] == [{"status": "pushing manifest"}, {"status": "success"}]
    assert all(line["status"].startswith("pushing ") and line["total"] for line in lines[1:-2])
    quiet = {"model": "me/llama3.2", "stream": False}
    assert await post(fake, "/api/push", quiet) == {"status": "success"}
    assert (await stream(fake, "/api/push", {"model": "nope"}))[1:] == [
        {"status": "couldn't retrieve manifest"},
        {"error": "file does not exist"},
    ]
    unnamespaced = await stream(fake, "/api/push", {"model": "llama3.2"})
    assert "namespace" in unnamespaced[-1]["error"]


async def test_create_from_a_model(fake: FakeOllama) -> None:
    body = {"model": "mario", "from": "llama3.2", "system": "You are Mario."}
    lines = await stream(fake, "/api/create", body)
    statuses = [line["status"] for line in lines]
    assert statuses[0].startswith("using existing layer sha256:")
    assert re.fullmatch(r"creating new layer sha256:[0-9a-f]{64}", statuses[-3])
    assert statuses[-2:] == ["writing manifest", "success"]
    assert fake.models["mario:latest"].reply == REPLY
    assert (await post(fake, "/api/show", {"model": "mario"}))["system"] == "You are Mario."
    quiet = {"model": "luigi", "from": "mario", "stream": False}
    assert await post(fake, "/api/create", quiet) == {"status": "success"}


async def test_create_pulls_a_missing_base_and_fails_on_an_unknown_one() -> None:
    async with FakeOllama(models=[], registry=models()) as server:
        lines = await stream(server, "/api/create", {"model": "x", "from": "qwen3"})
        assert lines[0] == {"status": "pulling manifest"}
        assert lines[-1] == {"status": "success"}
        assert set(server.models) == {"qwen3:latest", "x:latest"}
        lines = await stream(server, "/api/create", {"model": "y", "from": "nope"})
        assert lines[-1] == {"error": "pull model manifest: file does not exist"}
        body = {"model": "y", "from": "nope", "stream": False}
        assert (await call(server, "POST", "/api/create", body))[0] == 500


async def test_blobs_and_create_from_files(fake: FakeOllama) -> None:
    data = b"GGUF-bytes"
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    assert await call(fake, "HEAD", f"/api/blobs/{digest}") == (404, "", b"")
    assert await call(fake, "HEAD", "/api/blobs/nope") == (400, "", b"")
    assert await call(fake, "POST", f"/api/blobs/{digest}", raw=data) == (201, "", b"")
    assert await call(fake, "POST", f"/api/blobs/{digest}", raw=data) == (200, "", b"")
    assert (await call(fake, "HEAD", f"/api/blobs/{digest}"))[0] == 200
    assert (await call(fake, "HEAD", f"/api/blobs/{digest.replace(':', '-')}"))[0] == 200
    upper = "sha256:" + hashlib.sha256(b"other").hexdigest().upper()
    status, _, raw = await call(fake, "POST", f"/api/blobs/{upper}", raw=b"other")
    assert status == 400 and "digest mismatch" in orjson.loads(raw)["error"]
    assert fake.blobs == {digest: data}
    lines = await stream(fake, "/api/create", {"model": "mine", "files": {"m.gguf": digest}})
    assert [line["status"] for line in lines] == [
        "parsing GGUF",
        f"using existing layer {digest}",
        "writing manifest",
        "success",
    ]
    assert "mine:latest" in fake.models


async def test_copy_and_delete(fake: FakeOllama) -> None:
    assert await call(fake, "POST", "/api/copy", {"source": "qwen3", "destination": "q2"}) == (
        200,
        "",
        b"",
    )
    assert fake.models["q2:latest"].thinking == "Two plus two is four."
    await post(fake, GENERATE, {"model": "q2"})
    assert await call(fake, "DELETE", "/api/delete", {"name": "Q2"}) == (200, "", b"")
    assert "q2:latest" not in fake.models and "q2:latest" not in fake.loaded
    assert (await call(fake, "DELETE", "/api/delete", {"model": "q2"}))[0] == 404


# -- disconnects -------------------------------------------------------------------


async def test_disconnect_is_recorded_and_waited_for() -> None:
    model = FakeModel("slow", reply="word " * 500, token_delay=0.01)
    async with FakeOllama(models=[model]) as server:
        async with aiohttp.ClientSession() as session:
            response = await session.post(
                server.url + "/api/chat", json={"model": "slow", "messages": USER}
            )
            await response.content.readline()
            response.close()
        disconnect = await server.wait_for_disconnect(timeout=5)
        assert disconnect.path == "/api/chat"
        assert 1 <= disconnect.lines_sent < 500
        assert disconnect.at <= time.monotonic()
        assert server.disconnects == [disconnect]
        with pytest.raises(TimeoutError, match="no client disconnected mid-stream within"):
            await server.wait_for_disconnect(timeout=0.05)


async def test_a_completed_stream_records_no_disconnect(fake: FakeOllama) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(3):
            async with session.post(fake.url + GENERATE, json=LLAMA) as response:
                await response.read()
    assert fake.disconnects == []
    with pytest.raises(TimeoutError):
        await fake.wait_for_disconnect(timeout=0.01)


async def test_stopping_the_server_mid_stream_is_not_a_client_disconnect() -> None:
    model = FakeModel("slow", reply="word " * 500, token_delay=0.01)
    server = FakeOllama(models=[model])
    await server.start()
    async with aiohttp.ClientSession() as session:
        response = await session.post(server.url + GENERATE, json={"model": "slow", "prompt": "x"})
        await response.content.readline()
        await server.stop()
        response.close()
    assert server.disconnects == []


async def test_waiting_needs_a_running_server() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        await FakeOllama().wait_for_disconnect()


async def test_fail_next_and_wait_for_requests(fake: FakeOllama) -> None:
    fake.fail_next(503, times=2, retry_after=1)
    for _ in range(2):
        status, _, raw = await call(fake, "GET", "/api/version")
        assert (status, orjson.loads(raw)["error"]) == (
            503,
            "server busy, please try again.  maximum pending requests exceeded",
        )
    assert (await call(fake, "GET", "/api/version"))[0] == 200
    await fake.wait_for_requests(3)
    with pytest.raises(TimeoutError, match="fewer than 4 requests"):
        await fake.wait_for_requests(4, timeout=0.01)


# -- helpers and entry point ---------------------------------------------------------


def test_fake_model_is_frozen_and_keyword_only() -> None:
    model = FakeModel("m", reply="x")
    with pytest.raises(AttributeError):
        model.reply = "y"  # type: ignore[misc]
    if sys.version_info >= (3, 10):
        with pytest.raises(TypeError):
            FakeModel("m", "x")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="fault must be one of"):
        FakeModel("m", fault="meteor")


def test_tokens_join_back_to_the_text() -> None:
    for text in ("Hello there. How are you?", "  你好，世界！今天天气很好。", "a\n\nb", "", " x "):
        assert "".join(tokenize(text)) == text
    assert tokenize("你好世界") == ["你好", "世界"]
    assert tokenize("one two") == ["one ", "two"]
    assert embedding("x", 5, normalize=False) == embedding("x", 5, normalize=False)
    assert embedding("x", 5, normalize=False) != embedding("y", 5, normalize=False)
    assert math.isclose(math.fsum(v * v for v in embedding("x", 16, normalize=True)), 1.0)


def test_command_line() -> None:
    args = parse_args(["--port", "0"])
    assert (args.host, args.port, args.token_delay) == ("127.0.0.1", 0, 0.0)
    assert parse_args(["--port", "8", "--host", "::1"]).host == "::1"


async def test_module_entry_point_serves() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ollama_async.testing", "--port", "0",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        assert line.startswith("FakeOllama listening on http://127.0.0.1:")
        url = line.split()[3]
        async with (
            aiohttp.ClientSession() as session,
            session.get(url + "/api/version") as response,
        ):
            assert await response.json() == {"version": "0.33.0"}
        async with aiohttp.ClientSession() as session, session.get(url + "/api/tags") as response:
            names = [m["name"] for m in (await response.json())["models"]]
        assert names == ["llama3.2:latest", "qwen3:latest", "nomic-embed-text:latest"]
    finally:
        process.terminate()
        await process.wait()
