"""The one exception FakeOllama's handlers raise to answer with an Ollama error."""

from __future__ import annotations

__all__ = ["HTTPError"]


class HTTPError(Exception):
    """An error answer: `{"error": message}` with `status`, or an error line mid-stream."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
