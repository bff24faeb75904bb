"""The retry policy: pure decisions and delays."""

from __future__ import annotations

import pytest

from ollama_async import (
    BadRequestError,
    IncompleteStreamError,
    ModelNotFoundError,
    OllamaConnectionError,
    OllamaTimeoutError,
    ServerBusyError,
    ServerError,
    StreamError,
)
from ollama_async._retry import RetryPolicy, is_retryable, parse_retry_after


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
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"initial_delay": 9.0}, "initial_delay"),
        ({"jitter": 2.0}, "jitter"),
    ],
)
def test_invalid_policies(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
