"""The HTTP layer: the only module that imports aiohttp.

It owns (or borrows) one ``aiohttp.ClientSession``, sends requests, maps
aiohttp's exceptions and HTTP error statuses onto the ollama_async error
tree, and hands response bodies upward as bytes.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Optional

import aiohttp
import orjson

from ._constants import CONNECT_TIMEOUT, READ_TIMEOUT, USER_AGENT_PRODUCT
from ._exceptions import (
    ClientClosedError,
    OllamaConnectionError,
    OllamaError,
    OllamaTimeoutError,
    ProtocolError,
    error_for_status,
)

__all__ = ["ResponseBody", "Timeout", "Transport"]

logger = logging.getLogger("ollama_async")

_SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


@dataclass(frozen=True)
class Timeout:
    """Time limits in seconds; ``None`` means no limit.

    ``connect`` bounds opening the TCP connection, ``read`` the wait for each
    next piece of the response (headers included: Ollama sends none until
    the model is loaded), ``total`` the whole request including the body.
    The default has no total limit, so long generations are never cut off
    (aiohttp's own default is a 300 s total, which breaks real workloads).
    """

    connect: Optional[float] = CONNECT_TIMEOUT
    read: Optional[float] = READ_TIMEOUT
    total: Optional[float] = None

    def __post_init__(self) -> None:
        for name in ("connect", "read", "total"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not value > 0):
                raise ValueError(
                    f"Timeout.{name} must be a positive number of seconds or None, got {value!r}"
                )

    @classmethod
    def coerce(cls, value: Timeout | float | None) -> Timeout:
        """Accept a :class:`Timeout`, ``None`` (no limits) or a number (connect and read)."""
        if isinstance(value, Timeout):
            return value
        if value is None:
            return cls(connect=None, read=None, total=None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return cls(connect=float(value), read=float(value))
        raise TypeError(f"timeout must be a Timeout, a number of seconds or None, got {value!r}")

    def to_aiohttp(self) -> aiohttp.ClientTimeout:
        """The equivalent ``aiohttp.ClientTimeout``."""
        return aiohttp.ClientTimeout(
            total=self.total, sock_connect=self.connect, sock_read=self.read
        )


def _user_agent() -> str:
    from . import __version__

    python = ".".join(map(str, sys.version_info[:3]))
    return f"{USER_AGENT_PRODUCT}/{__version__} (python {python}; aiohttp {aiohttp.__version__})"


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Copy of ``headers`` with credentials replaced, for logs and reprs."""
    return {
        key: "<redacted>" if key.lower() in _SENSITIVE_HEADERS else value
        for key, value in headers.items()
    }


class ResponseBody:
    """An open HTTP response whose body is read piece by piece."""

    __slots__ = ("_response", "read_chunk")

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        # Bound once: the stream loop awaits this for every network read.
        self.read_chunk = response.content.readany

    @property
    def status(self) -> int:
        """The HTTP status code."""
        return self._response.status

    def close(self) -> None:
        """Close the connection at once (the server sees the client go away)."""
        self._response.close()

    def release(self) -> None:
        """Return the connection to the pool if the body was read to its end, else close it."""
        self._response.release()


class Transport:
    """Sends requests to one Ollama base URL over one ``aiohttp.ClientSession``."""

    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str],
        timeout: Timeout,
        session: Optional[aiohttp.ClientSession] = None,
        auth: Optional[tuple[str, str]] = None,
        max_connections: int = 100,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self._headers = {
            "User-Agent": _user_agent(),
            "Accept": "application/json, application/x-ndjson",
            **headers,
        }
        if auth is not None:
            credentials = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {credentials}"
        self._session = session
        self._owns_session = session is None
        self._session_loop: Optional[asyncio.AbstractEventLoop] = None
        self._max_connections = max_connections
        self._closed = False

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._closed

    @property
    def headers(self) -> Mapping[str, str]:
        """Headers sent with every request."""
        return self._headers

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise ClientClosedError()
        session = self._session
        if not self._owns_session:
            assert session is not None
            return session
        loop = asyncio.get_running_loop()
        if session is None or session.closed or self._session_loop is not loop:
            # A new event loop (a second asyncio.run()) cannot use a session
            # bound to the old one; its connections died with that loop.
            if session is not None and self._session_loop is not None:
                _abandon(session, self._session_loop)
            session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._max_connections),
                timeout=self.timeout.to_aiohttp(),
            )
            self._session = session
            self._session_loop = loop
        return session

    async def aclose(self) -> None:
        """Close the owned session (an injected one is left open). Idempotent."""
        if self._closed:
            return
        self._closed = True
        session, self._session = self._session, None
        if not self._owns_session or session is None or self._session_loop is None:
            return
        if self._session_loop is asyncio.get_running_loop():
            await session.close()
        else:
            _abandon(session, self._session_loop)

    async def _send(
        self, method: str, path: str, body: Any, data: Any, timeout: Timeout
    ) -> aiohttp.ClientResponse:
        session = self._get_session()
        url = self.base_url + path
        headers = self._headers
        if body is not None:
            data = orjson.dumps(body)
            headers = {**headers, "Content-Type": "application/json"}
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("request %s %s headers=%s", method, url, redact_headers(headers))
        started = time.perf_counter()
        with mapped_errors(url, timeout):
            response = await session.request(
                method, url, data=data, headers=headers, timeout=timeout.to_aiohttp()
            )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "response %s %s -> %d %s (%.1f ms to headers)",
                method,
                url,
                response.status,
                response.headers.get("Content-Type", ""),
                (time.perf_counter() - started) * 1000,
            )
        return response

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        data: Any = None,
        timeout: Optional[Timeout] = None,
    ) -> tuple[int, Any]:
        """Send a request and read the whole response.

        Returns the status and the parsed JSON body (``None`` for an empty
        body); raises the typed error for statuses >= 400.
        """
        timeout = timeout or self.timeout
        response = await self._send(method, path, body, data, timeout)
        raw = await self._read_all(response, path, timeout)
        if response.status >= 400:
            raise error_for_status(response.status, raw, _parse_object(raw))
        if not raw.strip():
            return response.status, None
        try:
            return response.status, orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            preview = raw[:200].decode("utf-8", "replace")
            raise ProtocolError(
                f"{method} {path} answered with a body that is not JSON ({exc}): {preview!r}"
            ) from None

    async def open(
        self, method: str, path: str, body: Any, *, timeout: Optional[Timeout] = None
    ) -> ResponseBody:
        """Send a request and return its body unread, after checking the status."""
        timeout = timeout or self.timeout
        response = await self._send(method, path, body, None, timeout)
        if response.status >= 400:
            raw = await self._read_all(response, path, timeout)
            raise error_for_status(response.status, raw, _parse_object(raw))
        return ResponseBody(response)

    async def _read_all(
        self, response: aiohttp.ClientResponse, path: str, timeout: Timeout
    ) -> bytes:
        try:
            with mapped_errors(self.base_url + path, timeout):
                return await response.read()
        finally:
            response.release()


def _abandon(session: aiohttp.ClientSession, loop: asyncio.AbstractEventLoop) -> None:
    """Let go of a session whose event loop is gone or is another thread's."""
    if session.closed:
        return
    if not loop.is_closed():
        asyncio.run_coroutine_threadsafe(session.close(), loop)
        return
    connector = session.connector
    session.detach()
    if connector is not None:
        # Its sockets died with the loop; this only marks it closed, so it
        # does not warn about "unclosed" connections at garbage collection.
        connector._close()


@contextmanager
def mapped_errors(url: str, timeout: Timeout) -> Iterator[None]:
    """Re-raise aiohttp/asyncio errors as ollama_async errors; others pass through."""
    try:
        yield
    except Exception as exc:
        mapped = map_exception(exc, url, timeout)
        if mapped is None:
            raise
        raise mapped from exc


def map_exception(exc: Exception, url: str, timeout: Timeout) -> Optional[OllamaError]:
    """The ollama_async error for an aiohttp/asyncio exception, ``None`` for others."""
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return OllamaTimeoutError(
            f"connecting to {url} took longer than the connect timeout ({timeout.connect} s)",
            limit="connect",
        )
    if isinstance(exc, aiohttp.SocketTimeoutError):
        return OllamaTimeoutError(
            f"Ollama at {url} sent nothing for {timeout.read} s (the read timeout); "
            "a large model may still be loading: raise Timeout(read=...)",
            limit="read",
        )
    if isinstance(exc, asyncio.TimeoutError):
        return OllamaTimeoutError(
            f"the request to {url} took longer than the total timeout ({timeout.total} s)",
            limit="total",
        )
    if isinstance(exc, aiohttp.ClientConnectorError):
        return OllamaConnectionError(
            f"could not connect to Ollama at {url} ({exc.os_error}); is it running (`ollama serve`)? "
            "Set OLLAMA_HOST or pass host= to point at another server"
        )
    if isinstance(exc, aiohttp.ClientPayloadError):
        return OllamaConnectionError(f"the response from {url} broke off: {exc}")
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        return OllamaConnectionError(f"the connection to {url} failed: {exc or type(exc).__name__}")
    return None


def _parse_object(raw: bytes) -> Optional[dict[str, Any]]:
    """The body as a JSON object, or ``None`` when it is not one."""
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return parsed if isinstance(parsed, dict) else None
