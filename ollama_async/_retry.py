"""When to retry a request, and how long to wait first: pure functions, no I/O.

A request is retried only when nothing of its answer has been handed to the
caller: the connection failed, or the server answered 429, 503 or another
5xx before any body. A stream that has started is never retried — that
would repeat text a user may already have heard.
"""

from __future__ import annotations

import random
from typing import Callable, Optional

from ._exceptions import OllamaConnectionError, ServerBusyError, ServerError

__all__ = ["RetryPolicy", "is_retryable", "parse_retry_after"]


class RetryPolicy:
    """Exponential backoff with jitter: ``initial_delay * 2**attempt``, capped at ``max_delay``."""

    __slots__ = ("initial_delay", "jitter", "max_delay", "max_retries")

    def __init__(
        self,
        max_retries: int = 2,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        jitter: float = 0.25,
    ) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
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

    def should_retry(self, error: BaseException, retries_done: int) -> bool:
        """Whether to try again after ``error``, ``retries_done`` retries in."""
        return retries_done < self.max_retries and is_retryable(error)

    def delay(
        self,
        retries_done: int,
        retry_after: Optional[float] = None,
        random_fraction: Callable[[], float] = random.random,
    ) -> float:
        """Seconds to wait before retry number ``retries_done + 1``.

        A server's ``Retry-After`` is honoured up to ``max_delay``; otherwise
        the backoff is reduced by up to ``jitter`` of itself at random, so
        many clients refused together do not come back together.
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        backoff = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return backoff * (1 - self.jitter * random_fraction())


def is_retryable(error: BaseException) -> bool:
    """Connection failures, 429/503 and 5xx are worth another try; nothing else is."""
    return isinstance(error, (OllamaConnectionError, ServerBusyError, ServerError))


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds from a ``Retry-After`` header given in seconds; ``None`` if absent or a date."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
