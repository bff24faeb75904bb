"""The retry policy: pure decisions and delays."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Callable

import pytest

from ollama_async import (
    AsyncClient,
    BadRequestError,
    IncompleteStreamError,
    ModelNotFoundError,
    OllamaConnectionError,
    OllamaTimeoutError,
    ServerBusyError,
    ServerError,
    StreamError,
)
from ollama_async._retry import (
    RetryPolicy,
    is_retryable,
    parse_retry_after,
    runs_model_or_moves_data,
)
from ollama_async.testing import FakeOllama


@pytest.mark.parametrize(
    ("error", "retry"),
    [
        (OllamaConnectionError("refused"), True),
        (ServerBusyError("busy", 503), True),
        (ServerBusyError("slow down", 429), True),
        (ServerError("crashed", 500), True),
        (BadRequestError("bad", 400), False),
        (ModelNotFoundError("model 'x' not found"), False),
        (StreamError("mid-stream", 200), False),
        (IncompleteStreamError("short"), False),
        (OllamaTimeoutError("slow", limit="read"), False),
        (ValueError("not ours"), False),
    ],
)
def test_what_is_retried(error: BaseException, retry: bool) -> None:
    assert is_retryable(error) is retry


def test_retry_budget() -> None:
    policy = RetryPolicy(max_retries=2)
    error = ServerBusyError("busy", 503)
    assert [policy.should_retry(error, done) for done in range(4)] == [True, True, False, False]
    assert not RetryPolicy(max_retries=0).should_retry(error, 0)


def test_exponential_backoff_with_jitter() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=8.0, jitter=0.25)
    assert [policy.delay(n, random_fraction=lambda: 0.0) for n in range(6)] == [0.5, 1, 2, 4, 8, 8]
    assert policy.delay(1, random_fraction=lambda: 1.0) == 0.75
    assert 0.75 <= policy.delay(1) <= 1.0


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    policy = RetryPolicy(max_delay=8.0)
    assert policy.delay(0, retry_after=3.0) == 3.0
    assert policy.delay(0, retry_after=60.0) == 8.0
    assert parse_retry_after("2.5") == 2.5
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None
    assert parse_retry_after("-1") is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"initial_delay": 9.0}, "initial_delay"),
        ({"jitter": 2.0}, "jitter"),
    ],
)
def test_invalid_policies(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "method", "path", "retry"),
    [
        (ServerError("crashed", 500), "POST", "/api/chat", False),
        (ServerError("crashed", 500), "POST", "/api/generate", False),
        (ServerError("crashed", 500), "POST", "/api/embed", False),
        (ServerError("crashed", 500), "POST", "/api/embeddings", False),
        (ServerError("crashed", 500), "POST", "/api/pull", False),
        (ServerError("crashed", 500), "POST", "/api/push", False),
        (ServerError("crashed", 500), "POST", "/api/create", False),
        (ServerError("crashed", 500), "POST", "/api/blobs/sha256:00", False),
        (ServerError("crashed", 500), "POST", "/api/show", True),
        (ServerError("crashed", 500), "GET", "/api/tags", True),
        (ServerError("crashed", 500), "HEAD", "/api/blobs/sha256:00", True),
        (ServerError("bad gateway", 502), "POST", "/api/chat", True),
        (ServerError("gateway timeout", 504), "POST", "/api/pull", True),
        (ServerError("not implemented", 501), "POST", "/api/chat", False),
        (ServerBusyError("busy", 503), "POST", "/api/chat", True),
        (ServerBusyError("slow down", 429), "POST", "/api/generate", True),
        (OllamaConnectionError("refused"), "POST", "/api/chat", True),
        (StreamError("mid-stream", 200), "POST", "/api/chat", False),
    ],
)
def test_what_is_retried_depends_on_the_request(
    error: BaseException, method: str, path: str, retry: bool
) -> None:
    assert is_retryable(error, method, path) is retry
    assert runs_model_or_moves_data(method, path) is (
        path not in ("/api/show", "/api/tags") and method == "POST"
    )


Call = Callable[[AsyncClient], Awaitable[object]]
USER = [{"role": "user", "content": "Hi"}]


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.chat("llama3.2", USER),
        lambda c: c.chat("llama3.2", USER, stream=True),
        lambda c: c.generate("llama3.2", "Hi"),
        lambda c: c.embed("nomic-embed-text", "Hi"),
        lambda c: c.embeddings("nomic-embed-text", "Hi"),
        lambda c: c.pull("llama3.2"),
        lambda c: c.push("me/llama3.2"),
        lambda c: c.create("mine", from_="llama3.2"),
    ],
)
async def test_a_500_from_a_model_run_is_raised_at_once(call: Call) -> None:
    async with FakeOllama() as server, AsyncClient(server.url) as client:
        server.fail_next(500, times=3, error="model requires more system memory", retry_after=0)
        with pytest.raises(ServerError, match="more system memory"):
            await call(client)
        assert len(server.requests) == 1


@pytest.mark.parametrize(
    "call", [lambda c: c.list(), lambda c: c.show("llama3.2"), lambda c: c.version()]
)
async def test_a_500_from_a_lookup_is_retried(call: Call) -> None:
    async with FakeOllama() as server, AsyncClient(server.url) as client:
        server.fail_next(500, times=2, error="database is locked", retry_after=0)
        await call(client)
        assert len(server.requests) == 3


@pytest.mark.parametrize("status", [429, 502, 503, 504])
async def test_busy_and_gateway_statuses_are_retried_for_model_runs(status: int) -> None:
    async with FakeOllama() as server, AsyncClient(server.url) as client:
        server.fail_next(status, times=2, error="try later", retry_after=0)
        assert (await client.chat("llama3.2", USER)).done
        assert len(server.requests) == 3
