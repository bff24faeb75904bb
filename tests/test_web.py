"""web_search / web_fetch: Ollama's hosted web API, tested against FakeOllama's copy of it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

import ollama_async as oa
from ollama_async.testing import FakeOllama


@pytest.fixture
async def web(server: FakeOllama) -> AsyncIterator[oa.AsyncClient]:
    """A client whose web API is FakeOllama, with an explicit key."""
    async with oa.AsyncClient(server.url, web_host=server.url, web_api_key="web-key") as client:
        yield client


async def test_web_search(web: oa.AsyncClient, server: FakeOllama) -> None:
    found = await web.web_search("what is ollama?")
    assert isinstance(found, oa.WebSearchResponse)
    assert len(found.results) == 3  # the official client's default max_results
    first = found.results[0]
    assert isinstance(first, oa.WebSearchResult)
    assert first.title.startswith("what is ollama?")
    assert first.url.startswith("https://") and first.content
    request = server.requests[-1]
    assert (request.method, request.path) == ("POST", "/api/web_search")
    assert request.json == {"query": "what is ollama?", "max_results": 3}
    assert request.headers["Authorization"] == "Bearer web-key"
    assert len((await web.web_search("more", max_results=10)).results) == 10
    assert found.model_dump()["results"][0]["url"] == first.url


async def test_web_fetch(web: oa.AsyncClient, server: FakeOllama) -> None:
    page = await web.web_fetch("ollama.com")
    assert isinstance(page, oa.WebFetchResponse)
    assert page.title == "ollama.com"
    assert "ollama.com" in page.content
    assert page.links and page.links[0] == "https://ollama.com/"
    assert server.requests[-1].json == {"url": "ollama.com"}
    assert server.requests[-1].headers["Authorization"] == "Bearer web-key"


async def test_without_a_key_nothing_is_sent(
    server: FakeOllama, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OLLAMA_API_KEY", raising=False)
    async with oa.AsyncClient(server.url, web_host=server.url) as client:
        with pytest.raises(oa.RequestError, match=r"web_search needs an ollama\.com API key"):
            await client.web_search("x")
        with pytest.raises(oa.RequestError, match="OLLAMA_API_KEY"):
            await client.web_fetch("https://example.com")
    assert server.requests == []


async def test_the_environment_key_goes_only_to_ollama_com(
    server: FakeOllama, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", "secret")
    # The web API moved to another host: the key is not sent there unless passed.
    async with oa.AsyncClient(server.url, web_host=server.url) as client:
        with pytest.raises(oa.RequestError, match="API key"):
            await client.web_search("x")
        await client.chat("llama3.2", [{"role": "user", "content": "Hi"}])
    assert [r.path for r in server.requests] == ["/api/chat"]
    assert "Authorization" not in server.requests[0].headers
    # With the default web host (ollama.com) the environment key is the one used.
    assert oa.AsyncClient(server.url)._web_api_key == "secret"


async def test_the_clients_own_credentials_never_reach_the_web_api(server: FakeOllama) -> None:
    async with oa.AsyncClient(
        server.url.replace("http://", "http://me:pw@"),
        headers={"X-Proxy-Secret": "s"},
        web_host=server.url,
        web_api_key="web-key",
    ) as client:
        await client.list()
        await client.web_search("x")
    to_server, to_web = server.requests
    assert to_server.headers["X-Proxy-Secret"] == "s"
    assert to_server.headers["Authorization"].startswith("Basic ")
    assert "X-Proxy-Secret" not in to_web.headers
    assert to_web.headers["Authorization"] == "Bearer web-key"


async def test_web_errors_are_typed(web: oa.AsyncClient, server: FakeOllama) -> None:
    server.fail_next(401, error="unauthorized")
    with pytest.raises(oa.AuthenticationError, match=r"unauthorized.*refused the API key"):
        await web.web_search("x")
    server.fail_next(503, retry_after=0)
    assert (await web.web_fetch("https://example.com/a")).title == "example.com"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.web_search(""), "query"),
        (lambda c: c.web_search(None), "query"),
        (lambda c: c.web_search("x", max_results=0), "from 1 to 10"),
        (lambda c: c.web_search("x", max_results=11), "from 1 to 10"),
        (lambda c: c.web_search("x", max_results=True), "int"),
        (lambda c: c.web_fetch(""), "url"),
    ],
)
async def test_bad_web_input(
    web: oa.AsyncClient, server: FakeOllama, call: Any, message: str
) -> None:
    with pytest.raises(oa.RequestError, match=message):
        await call(web)
    assert server.requests == []
