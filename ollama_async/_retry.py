"""When to retry a request, and how long to wait first: pure functions, no I/O.

A request is retried only when nothing of its answer has been handed to the
caller: the connection failed before the answer began, or the server
answered 429, 502, 503 or 504 (busy, or a proxy in front of it failed). A
stream that has started is never retried — that would repeat text a user
may already have heard.

Other 5xx answers (500 above all) are retried only for requests that
neither run a model nor move data. Ollama answers 500 for errors that
repeat — an option of the wrong type, a model that fails to load for lack
of memory — so retrying `chat` would only load the model again.
"""

from __future__ import annotations

import random
from typing import Callable, Optional

from ._exceptions import OllamaConnectionError, ResponseError, ServerError, StreamError

__all__ = [
    "RETRIED_STATUSES",
    "RetryPolicy",
    "is_retryable",
    "parse_retry_after",
    "runs_model_or_moves_data",
]

RETRIED_STATUSES = frozenset({429, 502, 503, 504})
"""HTTP statuses retried for every request."""

# POST routes that run a model or move data: a 500 there is not retried.
_MODEL_OR_DATA_ROUTES = frozenset(
    {"/api/generate", "/api/chat", "/api/embed", "/api/embeddings", "/api/pull", "/api/push",
     "/api/create"}
)  # fmt: skip


class RetryPolicy:
    """Exponential backoff with jitter: `initial_delay * 2**attempt`, capped at `max_delay`."""

    __slots__ = ("initial_delay", "jitter", "max_delay", "max_retries")

    def __init__(
        self,
        max_retries: int = 2,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        jitter: float = 0.25,
    ) -> None:
        if not 0 <= initial_delay <= max_delay:
            raise ValueError("retry delays must satisfy 0 <= initial_delay <= max_delay")
        if not 0 <= jitter <= 1:
            raise ValueError(f"jitter must be a fraction from 0 to 1, got {jitter!r}")
        self.max_retries = max_retries
        self.initial_delay = initial_delay
        self.max_delay = max_delay
        self.jitter = jitter

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(max_retries={self.max_retries}, initial_delay={self.initial_delay}, "
            f"max_delay={self.max_delay}, jitter={self.jitter})"
        )

    def should_retry(
        self, error: BaseException, retries_done: int, method: str = "GET", path: str = ""
    ) -> bool:
        """Whether to try `method path` again after `error`, `retries_done` retries in."""
        return retries_done < self.max_retries and is_retryable(error, method, path)

    def delay(
        self,
        retries_done: int,
        retry_after: Optional[float] = None,
        random_fraction: Callable[[], float] = random.random,
    ) -> float:
        """Seconds to wait before retry number `retries_done + 1`.

        A server's `Retry-After` is honoured up to `max_delay`; otherwise
        the backoff is reduced by up to `jitter` of itself at random, so
        many clients refused together do not come back together.
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        backoff = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return backoff * (1 - self.jitter * random_fraction())


def runs_model_or_moves_data(method: str, path: str) -> bool:
    """Whether `method path` runs a model or moves data (generate, chat, pull, blob upload…)."""
    return method == "POST" and (path in _MODEL_OR_DATA_ROUTES or path.startswith("/api/blobs/"))


def is_retryable(error: BaseException, method: str = "GET", path: str = "") -> bool:
    """Whether `error`, raised before any answer to `method path`, is worth another try.

    Connection failures, 429, 502, 503 and 504 are, for every request; other
    5xx only for requests that neither run a model nor move data.
    """
    if isinstance(error, OllamaConnectionError):
        return True
    if not isinstance(error, ResponseError) or isinstance(error, StreamError):
        return False
    if error.status_code in RETRIED_STATUSES:
        return True
    return isinstance(error, ServerError) and not runs_model_or_moves_data(method, path)


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds from a `Retry-After` header given in seconds; `None` if absent or a date."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
