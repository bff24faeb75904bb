"""Replay every real capture in ../shared/ollama-wire/ through AsyncClient.

A small loopback server plays back each capture's exact bytes (status,
Content-Type, one write per NDJSON line) and the client must return every
field unchanged, or raise the typed error the status calls for.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp import web

import ollama_async as oa

from .conftest import serve_app

CAPTURES = Path(__file__).resolve().parents[1].parent / "shared" / "ollama-wire"
if not CAPTURES.is_dir():
    pytest.skip(
        "../shared/ollama-wire not present: the capture replay needs the shared reference folder",
        allow_module_level=True,
    )

FILES = sorted(path.name for path in CAPTURES.glob("[0-9]*.json"))


def load(name: str) -> dict[str, Any]:
    capture: dict[str, Any] = orjson.loads((CAPTURES / name).read_bytes())
    return capture


def content_type(capture: dict[str, Any]) -> str:
    headers = capture.get("headers") or {}
    if "Content-Type" in headers:
        return str(headers["Content-Type"])
    if capture.get("body_lines") is not None:
        return "application/x-ndjson"
    body = capture.get("body") or ""
    return (
        "application/json; charset=utf-8" if body.startswith("{") else "text/plain; charset=utf-8"
    )


def status_of(capture: dict[str, Any]) -> int:
    if capture["status"] is not None:
        return int(capture["status"])
    if capture.get("body_lines") is not None:
        return 200  # streamed errors arrive with 200
    return 404 if "not found" in capture.get("body", "") else 200


@pytest.fixture
async def replay() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    """A server that answers every request with the capture placed in the list."""
    current: list[dict[str, Any]] = []

    async def handler(request: web.Request) -> web.StreamResponse:
        capture = current[0]
        await request.read()
        response = web.StreamResponse(status=status_of(capture))
        response.headers["Content-Type"] = content_type(capture)
        await response.prepare(request)
        if capture.get("body_lines") is not None:
            for line in capture["body_lines"]:
                await response.write(line.encode() + b"\n")
        else:
            await response.write(capture["body"].encode())
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    async with serve_app(app) as url:
        yield url, current


async def call(client: oa.AsyncClient, capture: dict[str, Any]) -> Any:
    """The client call for the capture's endpoint; returns a response or the list of chunks."""
    endpoint = capture["endpoint"]
    request = capture.get("request") or {}
    model: str = request["model"] if isinstance(request.get("model"), str) else "m"
    streamed = capture.get("body_lines") is not None
    if endpoint == "/api/generate":
        if streamed:
            return [chunk async for chunk in await client.generate(model, "x", stream=True)]
        return await client.generate(model, "x")
    if endpoint == "/api/chat":
        messages = [{"role": "user", "content": "x"}]
        if streamed:
            return [chunk async for chunk in await client.chat(model, messages, stream=True)]
        return await client.chat(model, messages)
    if endpoint in ("/api/pull", "/api/push", "/api/create"):
        if endpoint == "/api/create":
            stream = await client.create(model, from_="base", stream=True)
        else:
            stream = await getattr(client, endpoint.rsplit("/", 1)[1])(model, stream=True)
        return [chunk async for chunk in stream]
    if endpoint == "/api/embed":
        return await client.embed(model, "x")
    if endpoint == "/api/embeddings":
        return await client.embeddings(model, "x")
    if endpoint == "/api/show":
        return await client.show(model)
    if endpoint == "/api/tags":
        return await client.list()
    if endpoint == "/api/ps":
        return await client.ps()
    if endpoint == "/api/version":
        return await client.version()
    return await client._transport.request(capture["method"], endpoint)


def expected_error(capture: dict[str, Any]) -> type[oa.OllamaError] | None:
    status = status_of(capture)
    if status >= 400:
        body = capture.get("body", "")
        if status == 404:
            return oa.ModelNotFoundError if body.startswith("{") else oa.EndpointNotFoundError
        return {
            400: oa.BadRequestError,
            401: oa.AuthenticationError,
            502: oa.ServerError,
        }[status]
    lines = capture.get("body_lines") or []
    if any('"error"' in line for line in lines):
        return oa.StreamError
    if lines and not any('"done":true' in line or '"status":"success"' in line for line in lines):
        return oa.IncompleteStreamError
    return None


@pytest.mark.parametrize("name", FILES)
async def test_capture_replays_without_losing_a_field(
    name: str, replay: tuple[str, list[dict[str, Any]]]
) -> None:
    url, current = replay
    capture = load(name)
    current.append(capture)
    error = expected_error(capture)
    async with oa.AsyncClient(url) as client:
        if error is not None:
            with pytest.raises(error) as info:
                await call(client, capture)
            if error is oa.StreamError and capture["endpoint"] == "/api/generate":
                # Text streamed before the error line is not lost.
                partial = info.value.partial
                assert isinstance(partial, oa.GenerateResponse)
                texts = [
                    orjson.loads(line).get("response", "") for line in capture["body_lines"][:-1]
                ]
                assert partial.response == "".join(texts)
            return
        result = await call(client, capture)
    if capture["endpoint"] == "/api/version":
        assert result == orjson.loads(capture["body"])["version"]
    elif isinstance(result, list):
        assert [chunk.to_dict() for chunk in result] == [
            orjson.loads(line) for line in capture["body_lines"]
        ]
    else:
        assert result.to_dict() == orjson.loads(capture["body"])
