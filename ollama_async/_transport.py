"""The HTTP layer: the only module that imports aiohttp.

It owns (or borrows) one ``aiohttp.ClientSession``, sends requests, maps
aiohttp's exceptions and HTTP error statuses onto the ollama_async error
tree, and hands response bodies upward as bytes.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import errno
import logging
import sys
import time
from collections.abc import Mapping
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
from ._retry import RetryPolicy, parse_retry_after

__all__ = ["ResponseBody", "Timeout", "Transport"]

logger = logging.getLogger("ollama_async")

_SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


class Timeout:
    """Time limits in seconds; ``None`` means no limit.

    ``connect`` bounds opening the TCP connection, ``read`` the wait for each
    next piece of the response (headers included: Ollama sends none until
    the model is loaded), ``total`` the whole request including the body.
    The default has no total limit, so long generations are never cut off
    (aiohttp's own default is a 300 s total, which breaks real workloads).
    """

    __slots__ = ("_aiohttp", "connect", "read", "total")

    connect: Optional[float]
    read: Optional[float]
    total: Optional[float]
    _aiohttp: aiohttp.ClientTimeout

    def __init__(
        self,
        connect: Optional[float] = CONNECT_TIMEOUT,
        read: Optional[float] = READ_TIMEOUT,
        total: Optional[float] = None,
    ) -> None:
        for name, value in (("connect", connect), ("read", read), ("total", total)):
            if value is not None and (isinstance(value, bool) or not value > 0):
                raise ValueError(
                    f"Timeout.{name} must be a positive number of seconds or None, got {value!r}"
                )
            object.__setattr__(self, name, value)
        # Built once: every request passes it to aiohttp.
        object.__setattr__(
            self,
            "_aiohttp",
            aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read),
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Timeout is immutable: make a new one")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeout):
            return NotImplemented
        return (self.connect, self.read, self.total) == (other.connect, other.read, other.total)

    def __hash__(self) -> int:
        return hash((self.connect, self.read, self.total))

    def __repr__(self) -> str:
        return f"Timeout(connect={self.connect!r}, read={self.read!r}, total={self.total!r})"

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
        return self._aiohttp


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


class _Pool:
    """The session one client and its ``with_options`` copies share."""

    __slots__ = ("closed", "loop", "max_connections", "owned", "session", "timeout")

    def __init__(
        self, session: Optional[aiohttp.ClientSession], max_connections: int, timeout: Timeout
    ) -> None:
        self.session = session
        self.owned = session is None
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.max_connections = max_connections
        self.timeout = timeout
        self.closed = False

    def get(self) -> aiohttp.ClientSession:
        if self.closed:
            raise ClientClosedError()
        session = self.session
        if not self.owned:
            assert session is not None
            return session
        loop = asyncio.get_running_loop()
        if session is None or session.closed or self.loop is not loop:
            # A new event loop (a second asyncio.run()) cannot use a session
            # bound to the old one; its connections died with that loop.
            if session is not None and self.loop is not None:
                _abandon(session, self.loop)
            session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.max_connections),
                timeout=self.timeout.to_aiohttp(),
            )
            self.session = session
            self.loop = loop
        return session

    async def aclose(self) -> None:
        if self.closed:
            return
        self.closed = True
        session, self.session = self.session, None
        if not self.owned or session is None or self.loop is None:
            return
        if self.loop is asyncio.get_running_loop():
            await session.close()
        else:
            _abandon(session, self.loop)


class Transport:
    """Sends requests to one Ollama base URL over one ``aiohttp.ClientSession``.

    Requests that fail before any of the answer arrived (connection errors,
    429, 503, other 5xx) are retried by ``retry``; an answer that has started
    is never sent twice.
    """

    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str],
        timeout: Timeout,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - immutable
        session: Optional[aiohttp.ClientSession] = None,
        auth: Optional[tuple[str, str]] = None,
        max_connections: int = 100,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.retry = retry
        self._headers = {
            "User-Agent": _user_agent(),
            "Accept": "application/json, application/x-ndjson",
            **headers,
        }
        if auth is not None:
            credentials = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {credentials}"
        self._json_headers = {**self._headers, "Content-Type": "application/json"}
        self._pool = _Pool(session, max_connections, timeout)

    def derive(self, *, timeout: Timeout, retry: RetryPolicy) -> Transport:
        """A transport with other limits over the same session."""
        derived = copy.copy(self)
        derived.timeout = timeout
        derived.retry = retry
        return derived

    def rebased(self, base_url: str, headers: Mapping[str, str]) -> Transport:
        """A transport to another server over the same session, sending only ``headers``
        (and the User-Agent): none of this one's credentials go along."""
        rebased = Transport(base_url, headers=headers, timeout=self.timeout, retry=self.retry)
        rebased._pool = self._pool
        return rebased

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called (on this transport or one it shares a session with)."""
        return self._pool.closed

    @property
    def headers(self) -> Mapping[str, str]:
        """Headers sent with every request."""
        return self._headers

    async def aclose(self) -> None:
        """Close the owned session (an injected one is left open). Idempotent."""
        await self._pool.aclose()

    async def _send(
        self, method: str, path: str, body: Any, data: Any, timeout: Timeout
    ) -> aiohttp.ClientResponse:
        session = self._pool.get()
        url = self.base_url + path
        headers = self._headers
        if body is not None:
            data = orjson.dumps(body)
            headers = self._json_headers
        debug = logger.isEnabledFor(logging.DEBUG)
        if debug:
            logger.debug("request %s %s headers=%s", method, url, redact_headers(headers))
            started = time.perf_counter()
        try:
            response = await session.request(
                method, url, data=data, headers=headers, timeout=timeout._aiohttp
            )
        except Exception as exc:
            mapped = map_exception(exc, url, timeout)
            if mapped is None:
                raise
            raise mapped from exc
        if debug:
            logger.debug(
                "response %s %s -> %d %s (%.1f ms to headers)",
                method,
                url,
                response.status,
                response.headers.get("Content-Type", ""),
                (time.perf_counter() - started) * 1000,
            )
        return response

    async def _send_ok(
        self, method: str, path: str, body: Any, data: Any, timeout: Timeout
    ) -> aiohttp.ClientResponse:
        """Send until a status below 400 comes back, retrying what the policy allows."""
        retry = self.retry
        retries = 0
        while True:
            try:
                response = await self._send(method, path, body, data, timeout)
                if response.status < 400:
                    return response
                raw = await self._read_all(response, path, timeout)
                error = error_for_status(response.status, raw, _parse_object(raw))
                error.retry_after = parse_retry_after(response.headers.get("Retry-After"))
                raise error
            except OllamaError as exc:
                replayable = data is None or isinstance(data, bytes)
                if not (replayable and retry.should_retry(exc, retries, method, path)):
                    raise
                delay = retry.delay(retries, getattr(exc, "retry_after", None))
                logger.debug("retrying %s %s in %.2f s after: %s", method, path, delay, exc)
                await asyncio.sleep(delay)
                retries += 1

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
        response = await self._send_ok(method, path, body, data, timeout)
        raw = await self._read_all(response, path, timeout)
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
        return ResponseBody(await self._send_ok(method, path, body, None, timeout))

    async def _read_all(
        self, response: aiohttp.ClientResponse, path: str, timeout: Timeout
    ) -> bytes:
        try:
            return await response.read()
        except Exception as exc:
            mapped = map_exception(exc, self.base_url + path, timeout)
            if mapped is None:
                raise
            raise mapped from exc
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
    if isinstance(exc, aiohttp.ClientConnectorError) and exc.os_error.errno == errno.EMFILE:
        return OllamaConnectionError(
            f"could not open another connection to {url}: this process has no file descriptors "
            "left (ulimit -n). Lower AsyncClient(max_connections=...) or raise the limit, "
            "e.g. `ulimit -n 65536` or resource.setrlimit(resource.RLIMIT_NOFILE, ...)"
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
