"""Every error ollama_async raises, as one tree.

```
OllamaError
├── RequestError (ValueError)          bad input, raised before anything is sent
├── ClientClosedError (RuntimeError)   the client was closed with aclose() (also mid-read)
├── OllamaConnectionError (ConnectionError)   could not connect, or the connection broke
├── OllamaTimeoutError (TimeoutError)  a connect, read or total time limit fired
├── ProtocolError                      not valid HTTP / Ollama NDJSON, or too large
│   └── LineTooLongError               one line exceeded max_line_bytes
├── IncompleteStreamError              the stream ended without done/success
├── StructuredOutputError (ValueError) a reply did not validate against the model class
└── ResponseError                      the server answered with an error
    ├── BadRequestError                400
    ├── AuthenticationError            401 (carries signin_url)
    ├── PermissionDeniedError          403 (often an empty body: Host/Origin guard)
    ├── NotFoundError                  404
    │   ├── ModelNotFoundError         404 with a JSON "model ... not found" body
    │   └── EndpointNotFoundError      404 plain text: the server has no such route
    ├── ServerBusyError                429 and 503 (rate limit, queue full)
    ├── ServerError                    other 5xx
    └── StreamError                    an {"error": ...} line inside a 200 stream
```

Errors raised while a stream is being read carry `partial`: the response
built from everything received before the failure (or `None` when nothing
arrived), so no text already streamed is lost.
"""

from __future__ import annotations

import re
from typing import Any, Optional, Union

__all__ = [
    "PROXY_AUTH_HINT",
    "PROXY_UNREACHABLE",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "EndpointNotFoundError",
    "IncompleteStreamError",
    "LineTooLongError",
    "ModelNotFoundError",
    "NotFoundError",
    "OllamaConnectionError",
    "OllamaError",
    "OllamaTimeoutError",
    "PermissionDeniedError",
    "ProtocolError",
    "RequestError",
    "ResponseError",
    "ServerBusyError",
    "ServerError",
    "StreamError",
    "StructuredOutputError",
    "error_for_status",
    "quote",
]

QUOTE_CHARS = 300
"""How much of a server's text an error message quotes: a body of any size logs as one line."""


def quote(text: Union[str, bytes], size: Optional[int] = None) -> str:
    """`text` for an error message: its first `QUOTE_CHARS` characters, then its length.

    `size` is the length to report when `text` is itself only the start of a longer body.
    """
    if isinstance(text, (bytes, bytearray)):
        length = len(text) if size is None else size
        if length <= QUOTE_CHARS and len(text) == length:
            return repr(text.decode("utf-8", "replace"))
        return f"{text[:QUOTE_CHARS].decode('utf-8', 'replace')!r}... ({length} bytes in all)"
    length = len(text) if size is None else size
    if length <= QUOTE_CHARS and len(text) == length:
        return repr(text)
    return f"{text[:QUOTE_CHARS]!r}... ({length} characters in all)"


class OllamaError(Exception):
    """Base class of every error raised by ollama_async."""

    partial: Optional[Any] = None
    """For errors raised mid-stream: the response accumulated so far."""


class RequestError(OllamaError, ValueError):
    """A request argument is invalid; nothing was sent."""


class ClientClosedError(OllamaError, RuntimeError):
    """The client was used after `aclose()`, or closed while a response was being read."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "this AsyncClient is closed; create a new AsyncClient "
            "(or use `async with AsyncClient() as client:`) to send more requests"
        )


class OllamaConnectionError(OllamaError, ConnectionError):
    """Connecting to Ollama failed, or the connection broke mid-response."""


class OllamaTimeoutError(OllamaError, TimeoutError):
    """A time limit fired; `limit` says which: `"connect"`, `"read"` or `"total"`."""

    def __init__(self, message: str, *, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


class ProtocolError(OllamaError):
    """The server sent what Ollama would not: unparsable HTTP, bytes that are not its
    NDJSON, a known field with the wrong JSON type, a redirect loop, or a body larger
    than `max_response_bytes`."""


class LineTooLongError(ProtocolError):
    """One NDJSON line exceeded the configured `max_line_bytes`."""


class IncompleteStreamError(OllamaError):
    """The stream ended before its final object (`done: true` or `status: success`)."""


class StructuredOutputError(OllamaError, ValueError):
    """`reply.parsed(Model)`: the reply's text is not a valid `Model`.

    `content` is the text that failed; the validator's own error is the `__cause__`.
    """

    def __init__(self, message: str, *, content: str) -> None:
        super().__init__(message)
        self.content = content


class ResponseError(OllamaError):
    """The server answered with an error.

    `status_code` is the HTTP status, `error` the server's message (or the
    raw body when it was not JSON), `body` the parsed JSON body if any,
    `retry_after` the seconds of a `Retry-After` header if the server sent one.
    The message quotes at most a few hundred characters of `error` and says
    how long it was, so logging it stays one line.
    """

    retry_after: Optional[float] = None

    def __init__(
        self,
        error: str,
        status_code: int = -1,
        *,
        body: Optional[dict[str, Any]] = None,
        hint: str = "",
    ) -> None:
        self.error = error
        self.status_code = status_code
        self.body = body
        self.hint = hint
        shown = error if len(error) <= QUOTE_CHARS else quote(error)
        message = f"{status_code}: {shown}" if status_code >= 0 else shown
        super().__init__(f"{message} ({hint})" if hint else message)


class BadRequestError(ResponseError):
    """HTTP 400: Ollama rejected the request."""


class AuthenticationError(ResponseError):
    """HTTP 401: sign in (`signin_url`) or send an API key."""

    @property
    def signin_url(self) -> Optional[str]:
        """Where to sign in, when the server gave one."""
        url = (self.body or {}).get("signin_url")
        return url if isinstance(url, str) else None


class PermissionDeniedError(ResponseError):
    """HTTP 403."""


class NotFoundError(ResponseError):
    """HTTP 404."""


class ModelNotFoundError(NotFoundError):
    """HTTP 404 for a model that is not installed; `model` names it."""

    def __init__(
        self, error: str, status_code: int = 404, *, body: Optional[dict[str, Any]] = None
    ) -> None:
        match = _MODEL_NAME.search(error)
        self.model = match.group(1) if match else ""
        name = self.model or "<model>"
        super().__init__(
            error,
            status_code,
            body=body,
            hint=f"install it with `ollama pull {name}` or `await client.pull({name!r})`",
        )


class EndpointNotFoundError(NotFoundError):
    """HTTP 404 with a plain-text body: the server does not know this route."""


class ServerBusyError(ResponseError):
    """HTTP 429 or 503: rate limited or Ollama's queue is full; retry later."""


class ServerError(ResponseError):
    """HTTP 5xx other than 503."""


class StreamError(ResponseError):
    """An `{"error": ...}` line arrived inside a stream that had started (HTTP 200)."""


_MODEL_NAME = re.compile(r"""model ['"]([^'"]*)['"] not found""")

PROXY_AUTH_HINT = (
    "the HTTP proxy asks for its user name and password: put them in the proxy URL, "
    "http://user:password@host:port (in HTTP_PROXY, HTTPS_PROXY, ALL_PROXY or proxy=)"
)
"""The hint of a 407 (and of a proxy's refused CONNECT)."""

PROXY_UNREACHABLE = "could not connect to the HTTP proxy"
"""How the error of a proxy that cannot be reached begins (not Ollama's fault)."""

_EMPTY_BODY_HINTS = {
    403: "an empty 403 comes from Ollama's Host/Origin guard: behind a proxy, "
    "set `proxy_set_header Host localhost:11434`, or add the origin to OLLAMA_ORIGINS",
}


def error_for_status(
    status: int,
    body: bytes,
    parsed: Optional[dict[str, Any]],
    *,
    size: Optional[int] = None,
    cut: bool = False,
) -> ResponseError:
    """Build the typed error for an HTTP error response.

    `parsed` is the JSON object of the body when it was one, else `None`
    (plain-text 404/405, empty 403, HEAD responses). `cut` says `body` is
    only the start of a body longer than the client reads; `size` is the
    length read.
    """
    if parsed is not None and isinstance(parsed.get("error"), str):
        message: str = parsed["error"]
    else:
        message = body.decode("utf-8", "replace").strip()
        if cut:
            # Short enough that ResponseError does not quote it again.
            message = f"{message[:200]}... (a body of more than {size} bytes, not read further)"
    hint = PROXY_AUTH_HINT if status == 407 else ""
    if not message:
        message = "<empty body>"
        hint = _EMPTY_BODY_HINTS.get(status, hint)
    if status == 404:
        if parsed is None:
            return EndpointNotFoundError(
                message,
                status,
                hint="this server does not have that endpoint; is it an older Ollama, "
                "or is the host's path prefix wrong?",
            )
        if _MODEL_NAME.search(message):
            return ModelNotFoundError(message, status, body=parsed)
        return NotFoundError(message, status, body=parsed, hint=hint)
    cls = _STATUS_CLASSES.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else ResponseError
    return cls(message, status, body=parsed, hint=hint)


_STATUS_CLASSES: dict[int, type[ResponseError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    429: ServerBusyError,
    503: ServerBusyError,
}
