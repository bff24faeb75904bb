"""Credentials stay out of logs, reprs, errors and other hosts; the test server stays on loopback."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

import ollama_async as oa
from ollama_async.testing import FakeOllama

from .conftest import serve_app

SECRET = "s3cret-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
async def redirector() -> AsyncIterator[tuple[str, list[str]]]:
    """A server that redirects every request to the URL in the list, and records them."""
    target: list[str] = []

    async def redirect(request: web.Request) -> web.StreamResponse:
        raise web.HTTPTemporaryRedirect(target[0] + request.path)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", redirect)
    async with serve_app(app) as url:
        yield url, target


async def test_api_key_is_not_sent_to_another_host_after_a_redirect(
    redirector: tuple[str, list[str]],
) -> None:
    url, target = redirector
    async with FakeOllama() as other:
        target.append(other.url.replace("127.0.0.1", "localhost"))
        async with oa.AsyncClient(url, api_key=SECRET) as client:
            assert await client.version() == "0.33.0"
        assert other.requests
        assert "Authorization" not in other.requests[-1].headers


async def test_credentials_stay_out_of_reprs_errors_and_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="ollama_async")
    client = oa.AsyncClient(f"http://alice:{SECRET}@127.0.0.1:{free_port()}", max_retries=1)
    keyed = oa.AsyncClient(f"127.0.0.1:{free_port()}", api_key=SECRET, max_retries=0)
    for each in (client, keyed):
        assert SECRET not in repr(each)
        with pytest.raises(oa.OllamaConnectionError) as info:
            await each.chat("llama3.2", [{"role": "user", "content": "Hi"}])
        assert SECRET not in str(info.value)
        assert SECRET not in repr(info.value)
        await each.aclose()
    assert caplog.records
    assert not any(SECRET in record.getMessage() for record in caplog.records)


async def test_the_test_server_binds_to_loopback_by_default() -> None:
    async with FakeOllama() as server:
        assert server.url.startswith("http://127.0.0.1:")
