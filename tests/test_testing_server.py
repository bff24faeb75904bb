"""FakeOllama itself, over plain aiohttp: statuses, error bodies, framing, disconnects."""

from __future__ import annotations

import asyncio
import hashlib
import sys
from typing import Any, Optional

import aiohttp
import orjson
import pytest

from ollama_async.testing import FakeModel, FakeOllama
from ollama_async.testing._models import embedding, full_name, tokenize


async def call(
    server: FakeOllama, method: str, path: str, body: Any = None, *, raw: Optional[bytes] = None
) -> tuple[int, str, bytes]:
    data = raw if raw is not None else (orjson.dumps(body) if body is not None else None)
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, server.url + path, data=data) as response,
    ):
        return response.status, response.headers.get("Content-Type", ""), await response.read()


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "error"),
    [
        ("POST", "/api/generate", {"model": ""}, 404, "model '' not found"),
        ("POST", "/api/generate", {"model": "nope"}, 404, "model 'nope' not found"),
        (
            "POST",
            "/api/generate",
            {"model": "llama3.2", "think": "x"},
            400,
            'invalid think value: "x"',
        ),
        (
            "POST",
            "/api/generate",
            {"model": "llama3.2", "think": True},
            400,
            '"llama3.2" does not support thinking',
        ),
        (
            "POST",
            "/api/generate",
            {"model": "llama3.2", "keep_alive": "300"},
            400,
            'missing unit in duration "300"',
        ),
        (
            "POST",
            "/api/generate",
            {"model": "llama3.2", "keep_alive": True},
            400,
            "Unsupported type: 'bool'",
        ),
        (
            "POST",
            "/api/generate",
            {"model": "llama3.2", "top_logprobs": 21},
            400,
            "between 0 and 20",
        ),
        (
            "POST",
            "/api/generate",
            {"model": "llama3.2", "raw": True, "system": "s"},
            400,
            "raw mode",
        ),
        (
            "POST",
            "/api/generate",
            {"model": "llama3.2", "suffix": "x", "prompt": "y"},
            400,
            "does not support insert",
        ),
        (
            "POST",
            "/api/generate",
            {"model": "llama3.2", "options": {"temperature": "hot"}},
            500,
            'option "temperature" must be of type float32',
        ),
        (
            "POST",
            "/api/generate",
            {"model": "llama3.2", "options": {"stop": "x"}},
            500,
            'option "stop" must be of type array',
        ),
        ("POST", "/api/generate", {"model": "llama3.2", "format": "JSON"}, 500, "invalid format"),
        (
            "POST",
            "/api/generate",
            {"model": "nomic-embed-text", "prompt": "x"},
            400,
            "does not support generate",
        ),
        ("POST", "/api/chat", {"model": ""}, 400, "model is required"),
        (
            "POST",
            "/api/chat",
            {"model": "nomic-embed-text", "messages": [{"role": "user"}]},
            400,
            "does not support chat",
        ),
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
        ("POST", "/api/embeddings", {}, 400, "model is required"),
        ("POST", "/api/show", {}, 400, "model is required"),
        ("POST", "/api/show", {"model": "nope"}, 404, "model 'nope' not found"),
        ("POST", "/api/create", {"model": "x"}, 400, "neither 'from' or 'files' was specified"),
        (
            "POST",
            "/api/copy",
            {"source": "nope", "destination": "y"},
            404,
            'model "nope" not found',
        ),
        ("DELETE", "/api/delete", {"model": "nope"}, 404, "model 'nope' not found"),
        ("POST", "/api/pull", {"model": "nope", "stream": False}, 500, "file does not exist"),
        ("POST", "/api/blobs/sha256:" + "0" * 64, None, 400, "digest mismatch"),
        ("POST", "/api/blobs/md5:abc", None, 400, "invalid digest format"),
    ],
)
async def test_error_statuses_and_bodies(
    method: str, path: str, body: Any, status: int, error: str
) -> None:
    async with FakeOllama() as server:
        got_status, content_type, raw = await call(server, method, path, body)
    assert got_status == status
    assert content_type.startswith("application/json")
    assert error in orjson.loads(raw)["error"]


async def test_missing_and_malformed_bodies() -> None:
    async with FakeOllama() as server:
        assert (await call(server, "POST", "/api/chat", raw=b""))[0] == 400
        status, _, raw = await call(server, "POST", "/api/chat", raw=b'{"model": ')
        assert status == 400
        assert "invalid character" in orjson.loads(raw)["error"]
        assert orjson.loads((await call(server, "POST", "/api/chat", raw=b""))[2]) == {
            "error": "missing request body"
        }


async def test_plain_text_routes() -> None:
    async with FakeOllama() as server:
        assert await call(server, "GET", "/nope") == (
            404,
            "text/plain; charset=utf-8",
            b"404 page not found",
        )
        assert await call(server, "GET", "/api/chat") == (
            405,
            "text/plain; charset=utf-8",
            b"405 method not allowed",
        )
        assert (await call(server, "GET", "/"))[2] == b"Ollama is running"
        assert (await call(server, "HEAD", "/api/version"))[0] == 200
        assert (await call(server, "HEAD", "/api/blobs/sha256:" + "a" * 64))[0] == 404
        assert (await call(server, "HEAD", "/api/blobs/nope"))[0] == 400


async def test_host_guard_answers_an_empty_403() -> None:
    async with FakeOllama(allowed_hosts=["localhost"]) as server:
        assert await call(server, "GET", "/api/version") == (403, "", b"")
        url = server.url.replace("127.0.0.1", "localhost")
        async with (
            aiohttp.ClientSession() as session,
            session.get(url + "/api/version") as response,
        ):
            assert response.status == 200


async def test_streams_are_ndjson_with_one_write_per_line() -> None:
    model = FakeModel("m", reply="one two three", token_delay=0.01)
    async with FakeOllama(models=[model]) as server, aiohttp.ClientSession() as session:
        body = orjson.dumps({"model": "m", "prompt": "x"})
        async with session.post(server.url + "/api/generate", data=body) as response:
            assert response.headers["Content-Type"] == "application/x-ndjson"
            pieces = [piece async for piece in response.content.iter_any()]
    # With a delay between tokens, lines arrive separately, each whole.
    assert len(pieces) >= 3
    assert all(piece.endswith(b"\n") for piece in pieces)
    lines = [orjson.loads(line) for line in b"".join(pieces).splitlines()]
    assert [line["response"] for line in lines] == ["one ", "two ", "three", ""]
    final = lines[-1]
    assert final["done"] is True
    assert final["done_reason"] == "stop"
    assert final["eval_count"] == 3
    assert final["context"]
    assert final["created_at"].endswith("Z")
    assert len(final["created_at"].split(".")[1]) == 10  # nine digits and Z, as on Linux


async def test_disconnect_is_recorded_and_waited_for() -> None:
    model = FakeModel("slow", reply="word " * 500, token_delay=0.01)
    async with FakeOllama(models=[model]) as server:
        async with aiohttp.ClientSession() as session:
            response = await session.post(
                server.url + "/api/chat",
                json={"model": "slow", "messages": [{"role": "user", "content": "x"}]},
            )
            await response.content.readline()
            response.close()
        disconnect = await server.wait_for_disconnect(timeout=5)
        assert disconnect.path == "/api/chat"
        assert 1 <= disconnect.lines_sent < 500
        with pytest.raises(TimeoutError, match="no client disconnected"):
            await server.wait_for_disconnect(timeout=0.05)


async def test_requests_are_recorded() -> None:
    async with FakeOllama() as server:
        await call(server, "POST", "/api/show", {"model": "llama3.2"})
    request = server.requests[-1]
    assert (request.method, request.path, request.json) == (
        "POST",
        "/api/show",
        {"model": "llama3.2"},
    )
    assert request.body == b'{"model":"llama3.2"}'


async def test_blob_upload_statuses() -> None:
    data = b"GGUF-bytes"
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    async with FakeOllama() as server:
        assert (await call(server, "POST", f"/api/blobs/{digest}", raw=data))[0] == 201
        assert (await call(server, "POST", f"/api/blobs/{digest}", raw=data))[0] == 200
        assert (await call(server, "HEAD", f"/api/blobs/{digest}"))[0] == 200


async def test_progress_streams() -> None:
    async with FakeOllama() as server:
        _, _, raw = await call(server, "POST", "/api/push", {"model": "llama3.2"})
        lines = [orjson.loads(line) for line in raw.splitlines()]
        assert lines[0] == {"status": "retrieving manifest"}
        assert "namespace" in lines[-1]["error"]
        _, _, raw = await call(server, "POST", "/api/create", {"model": "x", "from": "nope"})
        assert "not found" in orjson.loads(raw.splitlines()[-1])["error"]


def test_model_helpers() -> None:
    assert full_name("llama3.2") == "llama3.2:latest"
    assert full_name("ns/m:7b") == "ns/m:7b"
    for text in ("Hello there. How are you?", "  你好，世界！今天天气很好。", "a\n\nb", ""):
        assert "".join(tokenize(text)) == text
    assert tokenize("你好世界") == ["你好", "世界"]
    assert embedding("x", 5, normalize=False) == embedding("x", 5, normalize=False)
    assert abs(sum(v * v for v in embedding("x", 16, normalize=True)) - 1) < 1e-9


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
            assert await response.json() == {"version": "0.12.3"}
    finally:
        process.terminate()
        await process.wait()
