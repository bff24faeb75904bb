"""The HTTP layer: the only module that imports aiohttp.

It owns (or borrows) the `aiohttp.ClientSession`, sends requests and reads
response bodies. Every aiohttp, asyncio and OS error of a send or a body read
is mapped here onto the ollama_async error tree, so nothing above this module
can tell aiohttp is there.

Three guarantees do not trust aiohttp to keep them. Each body has its own read
deadline — one timer per body, pushed forward lazily — that wakes a read
blocked for longer than `Timeout.read`. Each body watches its connection, so
when aiohttp's C parser gives up on corrupt chunked framing and closes the
connection without telling the body (aiohttp 3.10 to 3.14), the read wakes at
once with a `ProtocolError`. And the client knows every body it has open
(weakly), so `aclose()` wakes their readers at once. The aiohttp internals
this needs are named in `_aiohttp_internals.py`.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import errno
import io
import logging
import sys
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Awaitable, Mapping
from typing import Any, Callable, Optional

import aiohttp
import aiohttp.http_exceptions
import orjson

from ._aiohttp_internals import (
    cut_short,
    mark_connector_closed,
    session_loop,
    stop_read_timer,
    watch_connection_lost,
)
from ._constants import CONNECT_TIMEOUT, MAX_RESPONSE_BYTES, READ_TIMEOUT, USER_AGENT_PRODUCT
from ._exceptions import (
    PROXY_AUTH_HINT,
    PROXY_UNREACHABLE,
    ClientClosedError,
    OllamaConnectionError,
    OllamaError,
    OllamaTimeoutError,
    ProtocolError,
    RequestError,
    ResponseError,
    error_for_status,
    quote,
)
from ._proxy import ProxyRules
from ._retry import RetryPolicy, parse_retry_after
from ._version import __version__

__all__ = ["ResponseBody", "Session", "Timeout", "Transport"]

logger = logging.getLogger("ollama_async")

_SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


class Timeout:
    """Time limits in seconds; `None` means no limit.

    `connect` bounds opening the TCP connection, `read` the wait for each
    next piece of the response (headers included: Ollama sends none until
    the model is loaded), `total` the whole request including the body.
    While a body is read, `read` is enforced by the client itself (see
    `ResponseBody`), so it ends even a read aiohttp's parser would
    leave hanging. The default has no total limit, so long generations are never cut off
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
        """Accept a [`Timeout`][ollama_async.Timeout], `None` (no limits) or a number (connect and read)."""
        if isinstance(value, Timeout):
            return value
        if value is None:
            return cls(connect=None, read=None, total=None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return cls(connect=float(value), read=float(value))
        raise TypeError(f"timeout must be a Timeout, a number of seconds or None, got {value!r}")

    def to_aiohttp(self) -> aiohttp.ClientTimeout:
        """The equivalent `aiohttp.ClientTimeout`."""
        return self._aiohttp


Session = aiohttp.ClientSession
"""The HTTP session type a caller may pass as `AsyncClient(session=...)`."""


def _user_agent() -> str:
    python = ".".join(map(str, sys.version_info[:3]))
    return f"{USER_AGENT_PRODUCT}/{__version__} (python {python}; aiohttp {aiohttp.__version__})"


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Copy of `headers` with credentials replaced, for logs and reprs."""
    return {
        key: "<redacted>" if key.lower() in _SENSITIVE_HEADERS else value
        for key, value in headers.items()
    }


class ResponseBody:
    """An open HTTP response whose body is read piece by piece, within the read deadline.

    `read_chunk` raises only ollama_async errors. While it waits, a
    deadline of `Timeout.read` seconds runs; it is one timer per body whose
    callback re-arms itself when the deadline has moved (so a read costs one
    clock reading, not a timer), and while nobody is reading it does not run
    (a slow consumer is not a slow server). It also watches its connection:
    if aiohttp loses it before the body's end without saying so to the body
    (its C parser failed on the framing), a blocked read wakes at once.
    """

    __slots__ = (
        "__weakref__",
        "_closed",
        "_content",
        "_deadline",
        "_failure",
        "_limit",
        "_loop",
        "_pool",
        "_readany",
        "_response",
        "_timeout",
        "_timer",
        "_unwatch",
        "read_chunk",
        "url",
    )

    def __init__(self, response: aiohttp.ClientResponse, timeout: Timeout, pool: _Pool) -> None:
        self.url = str(response.url)
        if len(response.raw_headers) > _MAX_HEADERS:
            # aiohttp 3.13 and later refuse these themselves, earlier ones take any number.
            response.close()
            raise ProtocolError(
                f"the response from {self.url} is not valid HTTP: it has "
                f"{len(response.raw_headers)} headers, more than the {_MAX_HEADERS} accepted; "
                "check the proxy in front of Ollama"
            )
        self._response = response
        self._content = response.content
        self._readany = response.content.readany
        self._timeout = timeout
        self._pool = pool
        self._failure: Optional[OllamaError] = None
        self._closed = False
        loop = self._loop = asyncio.get_running_loop()
        self._deadline = _IDLE
        limit = timeout.read
        self._limit = 0.0 if limit is None else limit
        self._timer: Optional[asyncio.TimerHandle] = None
        self.read_chunk: Callable[[], Awaitable[bytes]]
        if limit is None:
            self.read_chunk = self._read
        else:
            self.read_chunk = self._read_with_deadline
            self._timer = loop.call_later(limit, self._on_deadline)
        connection = response.connection
        protocol = None if connection is None else connection.protocol
        self._unwatch: Optional[Callable[[], None]] = None
        if protocol is not None:  # None: aiohttp has the whole body and let the connection go
            # From here on the deadline above is the body's read timeout: aiohttp's
            # own would cost a new timer for every network read.
            stop_read_timer(protocol)
            self._unwatch = watch_connection_lost(protocol, self._on_connection_lost)
        pool.bodies.add(self)

    @property
    def status(self) -> int:
        """The HTTP status code."""
        return self._response.status

    @property
    def headers(self) -> Mapping[str, str]:
        """The response headers."""
        return self._response.headers

    async def _read(self) -> bytes:
        try:
            return await self._readany()
        except Exception as exc:
            raise self._read_failed(exc) from exc

    async def _read_with_deadline(self) -> bytes:
        # The only per-chunk cost of the deadline: a clock reading and two stores.
        self._deadline = _monotonic() + self._limit
        try:
            data = await self._readany()
        except Exception as exc:
            raise self._read_failed(exc) from exc
        self._deadline = _IDLE
        return data

    def _read_failed(self, exc: Exception) -> OllamaError:
        if isinstance(exc, RuntimeError) and asyncio.get_running_loop() is not self._loop:
            self._close_in_own_loop()
            return RequestError(
                "this response was opened in another event loop (thread) and cannot be read "
                "in this one; read each stream in the loop that opened it (an AsyncClient "
                "keeps one connection pool per event loop)"
            )
        self.close()
        failure = self._failure
        if failure is not None:  # the deadline or aclose() woke the read
            return failure
        if isinstance(exc, OllamaError):
            return exc
        return map_exception(exc, self.url, self._timeout) or OllamaConnectionError(
            f"the response from {self.url} broke off: {exc or type(exc).__name__}"
        )

    def _on_deadline(self) -> None:
        now = _monotonic()
        deadline = self._deadline
        if deadline > now:  # a read started since the timer was set, or nobody is reading
            self._timer = self._loop.call_later(
                self._limit if deadline is _IDLE else deadline - now, self._on_deadline
            )
            return
        self._timer = None
        self.abort(_read_timeout_error(self.url, self._timeout))

    def _on_connection_lost(self, recorded: Optional[BaseException]) -> None:
        """The connection is gone: if aiohttp left the body unended, end it with the cause."""
        self._unwatch = None
        content = self._content
        if self._closed or content.is_eof() or content.exception() is not None:
            return  # aiohttp ended the body itself: at its end, or with its own error
        # aiohttp's C parser raised on the framing, closed the connection and kept the
        # error on the protocol; the body's reader was never told.
        try:
            arrived = content.read_nowait()  # what came before the bad bytes, still unread
        except RuntimeError:  # a read is waiting, so nothing is buffered
            arrived = b""
        if arrived:
            readany = content.readany

            async def arrived_then_error() -> bytes:
                self._readany = readany  # the next read raises the error set below
                return arrived

            self._readany = arrived_then_error
        reason = getattr(recorded, "message", None)
        self.abort(
            _corrupt_framing_error(
                self.url,
                "aiohttp's parser gave up on it" if reason is None else quote(str(reason)),
            )
        )

    def abort(self, error: OllamaError) -> None:
        """Close the connection and wake a blocked read with `error` (also every later read)."""
        if self._failure is None:
            self._failure = error
        self._content.set_exception(error)
        self.close()

    def abort_threadsafe(self, error: OllamaError) -> None:
        """`abort` from any thread: runs in the body's own event loop."""
        loop = self._loop
        try:
            if loop is asyncio.get_running_loop():
                self.abort(error)
                return
        except RuntimeError:  # no running loop in this thread
            pass
        if not loop.is_closed():
            loop.call_soon_threadsafe(self.abort, error)

    def _forget(self) -> None:
        self._closed = True
        unwatch = self._unwatch
        if unwatch is not None:
            self._unwatch = None
            unwatch()
        timer = self._timer
        if timer is not None:
            self._timer = None
            timer.cancel()
        self._pool.bodies.discard(self)

    def _shut(self) -> None:
        self._forget()
        self._response.close()

    def _close_in_own_loop(self) -> None:
        """Close from another thread: in the body's loop, and nothing more from here."""
        self._closed = True
        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._shut)

    def close(self) -> None:
        """Close the connection at once (the server sees the client go away). Idempotent."""
        if not self._closed:
            self._shut()

    def release(self) -> None:
        """Return the connection to the pool if the body was read to its end, else close it."""
        if not self._closed:
            self._forget()
            self._response.release()

    async def read_all(self, limit: int) -> tuple[bytes, bool]:
        """The whole body, at most `limit` bytes after decompression; and whether it was cut.

        A body longer than `limit` is not read further: its connection is
        closed and the first `limit` bytes come back with `True`. The body is
        held once: each piece is copied into one buffer as it arrives, and
        that buffer becomes the returned bytes without another copy.
        """
        buffer = io.BytesIO()
        room = limit
        read = self.read_chunk
        while True:
            chunk = await read()
            if not chunk:
                self.release()
                return buffer.getvalue(), False
            if len(chunk) > room:
                buffer.write(memoryview(chunk)[:room])
                self.close()
                return buffer.getvalue(), True
            buffer.write(chunk)
            room -= len(chunk)


_MAX_HEADERS = 128
"""Response headers accepted: aiohttp's own limit since 3.13 (Ollama sends about five)."""

_ERROR_START = 4096
"""How much of an error body too long to read is kept, to quote its start."""

_IDLE = float("inf")
"""The deadline of a body nobody is reading."""

# A C function: the clock reading per chunk costs no Python frame. Deadlines
# use it (not loop.time(), which uvloop keeps in another unit) with call_later().
_monotonic = time.monotonic


class _Pool:
    """The sessions one client and its `with_options` copies share, and their open bodies.

    An owned client has one session per event loop, made on first use in
    that loop: sequential `asyncio.run()` calls and threads that each run
    their own loop can share a client. An injected session belongs to the
    loop it was made in.
    """

    __slots__ = (
        "bodies",
        "closed",
        "closers",
        "injected",
        "lock",
        "max_connections",
        "sessions",
        "timeout",
    )

    def __init__(
        self, session: Optional[aiohttp.ClientSession], max_connections: int, timeout: Timeout
    ) -> None:
        self.injected = session
        self.sessions: dict[asyncio.AbstractEventLoop, aiohttp.ClientSession] = {}
        self.closers: dict[asyncio.AbstractEventLoop, AsyncGenerator[None, None]] = {}
        self.bodies: weakref.WeakSet[ResponseBody] = weakref.WeakSet()
        self.lock = threading.Lock()
        self.max_connections = max_connections
        self.timeout = timeout
        self.closed = False

    def get(self) -> aiohttp.ClientSession:
        if self.closed:
            raise ClientClosedError()
        loop = asyncio.get_running_loop()
        injected = self.injected
        if injected is not None:
            if session_loop(injected) not in (loop, None):
                raise RequestError(
                    "the aiohttp session passed as session= belongs to another event loop; "
                    "make the session in the loop that uses it (one AsyncClient per loop)"
                )
            return injected
        session = self.sessions.get(loop)
        if session is None or session.closed:
            session = self._open(loop)
        return session

    def _open(self, loop: asyncio.AbstractEventLoop) -> aiohttp.ClientSession:
        with self.lock:
            sessions = {}
            for other, session in self.sessions.items():
                if other.is_closed() or session.closed:
                    _abandon(session, other)  # a finished asyncio.run()
                elif other is not loop:
                    sessions[other] = session
            session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.max_connections),
                timeout=self.timeout.to_aiohttp(),
            )
            sessions[loop] = session
            # Replaced, never changed in place: another thread may be reading it.
            self.sessions = sessions
            self.closers = {
                **{other: closer for other, closer in self.closers.items() if other in sessions},
                loop: _close_at_loop_end(session),
            }
        return session

    async def aclose(self) -> None:
        if self.closed:
            return
        self.closed = True
        for body in list(self.bodies):
            body.abort_threadsafe(
                ClientClosedError(
                    f"the AsyncClient was closed while the response from {body.url} was being "
                    "read; what arrived before is in .partial"
                )
            )
        sessions, self.sessions = self.sessions, {}
        loop = asyncio.get_running_loop()
        for owner, session in sessions.items():
            if owner is loop:
                await session.close()
            else:
                _abandon(session, owner)


class Transport:
    """Sends requests to one Ollama base URL and reads the answers.

    Requests that fail before any of the answer arrived (connection errors,
    429, 503, other 5xx) are retried by `retry`; an answer that has started
    is never sent twice. Whole bodies (non-streamed answers, error bodies)
    are read up to `max_response_bytes` after decompression.
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
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        proxies: Optional[ProxyRules] = None,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.retry = retry
        self.max_response_bytes = max_response_bytes
        self._headers = {
            "User-Agent": _user_agent(),
            "Accept": "application/json, application/x-ndjson",
            **headers,
        }
        if auth is not None:
            self._headers["Authorization"] = _basic(*auth)
        # The proxy is decided once per base URL: a request only passes it on.
        # `proxies=None` (a session= of the caller's) passes nothing: the session decides.
        self._proxies = proxies
        self._proxy, proxy_authorization, self._proxy_error = _route(proxies, base_url)
        self._proxy_headers: Optional[dict[str, str]] = None
        if proxy_authorization is not None:
            if base_url.startswith("https:"):  # sent with the CONNECT, never to the server
                self._proxy_headers = {"Proxy-Authorization": proxy_authorization}
            else:  # the proxy reads it from the request itself (and drops it)
                self._headers["Proxy-Authorization"] = proxy_authorization
        self._json_headers = {**self._headers, "Content-Type": "application/json"}
        self._pool = _Pool(session, max_connections, timeout)

    def derive(self, *, timeout: Timeout, retry: RetryPolicy) -> Transport:
        """A transport with other limits over the same session."""
        derived = copy.copy(self)
        derived.timeout = timeout
        derived.retry = retry
        return derived

    def rebased(self, base_url: str, headers: Mapping[str, str]) -> Transport:
        """A transport to another server over the same session, sending only `headers`
        (and the User-Agent): none of this one's credentials go along."""
        rebased = Transport(
            base_url,
            headers=headers,
            timeout=self.timeout,
            retry=self.retry,
            proxies=self._proxies,
        )
        rebased._pool = self._pool
        return rebased

    @property
    def closed(self) -> bool:
        """Whether `aclose` was called (on this transport or one it shares a session with)."""
        return self._pool.closed

    @property
    def headers(self) -> Mapping[str, str]:
        """Headers sent with every request."""
        return self._headers

    async def aclose(self) -> None:
        """Wake every open body's reader, close the owned sessions (an injected one stays open)."""
        await self._pool.aclose()

    async def _send(
        self, method: str, path: str, json: Optional[bytes], data: Any, timeout: Timeout
    ) -> aiohttp.ClientResponse:
        if self._proxy_error is not None:
            raise RequestError(self._proxy_error)
        session = self._pool.get()
        url = self.base_url + path
        headers = self._headers
        if json is not None:
            data = json
            headers = self._json_headers
        debug = logger.isEnabledFor(logging.DEBUG)
        if debug:
            logger.debug(
                "request %s %s headers=%s proxy=%s",
                method,
                url,
                redact_headers(headers),
                self._proxy,
            )
            started = time.perf_counter()
        try:
            response = await session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=timeout._aiohttp,
                proxy=self._proxy,
                proxy_headers=self._proxy_headers,
            )
        except Exception as exc:
            if self._pool.closed:
                raise ClientClosedError() from exc
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
        self, method: str, path: str, json: Optional[bytes], data: Any, timeout: Timeout
    ) -> ResponseBody:
        """Send until a status below 400 comes back, retrying what the policy allows."""
        retry = self.retry
        retries = 0
        while True:
            try:
                body = ResponseBody(
                    await self._send(method, path, json, data, timeout), timeout, self._pool
                )
                if body.status < 400:
                    return body
                raw, cut = await body.read_all(self.max_response_bytes)
                size = len(raw)
                if cut:  # only its start is quoted: no second copy of a large body
                    raw = raw[:_ERROR_START]
                error = error_for_status(
                    body.status, raw, None if cut else _parse_object(raw), size=size, cut=cut
                )
                error.retry_after = parse_retry_after(body.headers.get("Retry-After"))
                raise error
            except OllamaError as exc:
                replayable = data is None or isinstance(data, bytes)
                retry_allowed = retry.should_retry(exc, retries, method, path)
                if not (replayable and retry_allowed) or self._pool.closed:
                    raise
                delay = retry.delay(retries, getattr(exc, "retry_after", None))
                logger.debug("retrying %s %s in %.2f s after: %s", method, path, delay, exc)
                await asyncio.sleep(delay)
                retries += 1

    async def request(
        self,
        method: str,
        path: str,
        body: Optional[bytes] = None,
        *,
        data: Any = None,
        timeout: Optional[Timeout] = None,
    ) -> tuple[int, Any]:
        """Send a request (`body`: JSON bytes) and read the whole response.

        Returns the status and the parsed JSON body (`None` for an empty
        body); raises the typed error for statuses >= 400 and for a 200 body
        that is an `{"error": ...}` object.
        """
        timeout = timeout or self.timeout
        response = await self._send_ok(method, path, body, data, timeout)
        limit = self.max_response_bytes
        raw, cut = await response.read_all(limit)
        if cut:
            raise ProtocolError(
                f"{method} {path} answered with more than max_response_bytes={limit} bytes "
                f"(starting {quote(raw)}); raise AsyncClient(max_response_bytes=...) if "
                "the server really sends bodies this large"
            )
        if not raw or raw.isspace():  # (strip() would copy a body that may be large)
            return response.status, None
        try:
            parsed = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ProtocolError(
                f"{method} {path} answered with a body that is not JSON ({exc}): {quote(raw)}"
            ) from None
        if type(parsed) is dict and "error" in parsed:
            # Old servers and some proxies answer an error with status 200.
            error = parsed["error"]
            raise ResponseError(
                error if isinstance(error, str) else str(error), response.status, body=parsed
            )
        return response.status, parsed

    async def open(
        self, method: str, path: str, body: bytes, *, timeout: Optional[Timeout] = None
    ) -> ResponseBody:
        """Send a request (`body`: JSON bytes) and return its body unread, after checking the status."""
        timeout = timeout or self.timeout
        return await self._send_ok(method, path, body, None, timeout)


def _route(
    rules: Optional[ProxyRules], base_url: str
) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """The proxy URL and `Proxy-Authorization` for requests to `base_url`, or the error to raise."""
    if rules is None:
        return None, None, None
    try:
        proxy = rules.for_url(base_url)
    except RequestError as exc:  # an unusable proxy variable: raised by each request
        return None, None, str(exc)
    if proxy is None:
        return None, None, None
    authorization = None if proxy.username is None else _basic(proxy.username, proxy.password or "")
    return proxy.url, authorization, None


def _basic(username: str, password: str) -> str:
    """An `Authorization` (or `Proxy-Authorization`) value for basic auth."""
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def _close_at_loop_end(session: aiohttp.ClientSession) -> AsyncGenerator[None, None]:
    """A started async generator whose cleanup closes `session`.

    The event loop finalises the async generators it saw started when it
    shuts down (`asyncio.run()` does so before closing the loop), so the
    session of a loop that ends is closed in that loop, its sockets with it.
    """

    async def close_at_end() -> AsyncGenerator[None, None]:
        try:
            yield
        finally:
            await session.close()

    closer = close_at_end()
    with contextlib.suppress(StopIteration):
        closer.asend(None).send(None)  # runs to the yield, registering it with the loop
    return closer


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
        mark_connector_closed(connector)


def _read_timeout_error(url: str, timeout: Timeout) -> OllamaTimeoutError:
    return OllamaTimeoutError(
        f"Ollama at {url} sent nothing for {timeout.read} s (the read timeout); "
        "a large model may still be loading: raise Timeout(read=...)",
        limit="read",
    )


_CONNECT_TIMEOUT_PREFIX = "Connection timeout to host "


# aiohttp 3.13 refuses to inflate more than 32 MiB from one compressed piece
# (later versions inflate in pieces, and our own size bounds stop a bomb).
_DecompressSizeError: Any = getattr(aiohttp.http_exceptions, "DecompressSizeError", ())


def map_exception(exc: BaseException, url: str, timeout: Timeout) -> Optional[OllamaError]:
    """The ollama_async error for an aiohttp/asyncio/OS exception, `None` for others."""
    if isinstance(exc, OllamaError):
        return exc
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        # After a redirect, aiohttp names the URL it was connecting to.
        text = str(exc)
        where = (
            text[len(_CONNECT_TIMEOUT_PREFIX) :]
            if text.startswith(_CONNECT_TIMEOUT_PREFIX)
            else url
        )
        return OllamaTimeoutError(
            f"connecting to {where} took longer than the connect timeout ({timeout.connect} s)",
            limit="connect",
        )
    if isinstance(exc, aiohttp.SocketTimeoutError):
        return _read_timeout_error(url, timeout)
    if isinstance(exc, asyncio.TimeoutError):
        return OllamaTimeoutError(
            f"the request to {url} took longer than the total timeout ({timeout.total} s)",
            limit="total",
        )
    if isinstance(exc, aiohttp.TooManyRedirects):
        hops = [str(response.url) for response in exc.history]
        return ProtocolError(
            f"{url} redirected {len(hops)} times ({' -> '.join(hops[:3])}"
            f"{' -> ...' if len(hops) > 3 else ''}): a redirect loop; check the host URL "
            "and the proxy in front of Ollama"
        )
    if isinstance(exc, aiohttp.ClientHttpProxyError):
        hint = f" ({PROXY_AUTH_HINT})" if exc.status in (401, 407) else ""
        return OllamaConnectionError(
            f"the HTTP proxy refused to connect to {url}: {exc.status} {exc.message}{hint}"
        )
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        return OllamaConnectionError(
            f"{PROXY_UNREACHABLE} {exc.host}:{exc.port} on the way to {url} "
            f"({exc.os_error}); check HTTP_PROXY/HTTPS_PROXY/ALL_PROXY (or proxy=), or add "
            "the host to NO_PROXY"
        )
    if isinstance(exc, aiohttp.ClientResponseError):
        # aiohttp could not parse the status line or headers.
        cause = exc.__cause__
        reason = getattr(cause, "message", None) or exc.message or type(exc).__name__
        return ProtocolError(f"the response from {url} is not valid HTTP: {quote(str(reason))}")
    if isinstance(exc, aiohttp.http_exceptions.TransferEncodingError):  # the pure-Python parser
        return _corrupt_framing_error(url, quote(str(exc.message)))
    if isinstance(exc, aiohttp.http_exceptions.HttpProcessingError):
        return ProtocolError(
            f"the response body from {url} is not valid HTTP ({type(exc).__name__}): "
            f"{quote(str(exc.message))}"
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
        cause = exc.__cause__
        if isinstance(cause, _DecompressSizeError):
            return ProtocolError(
                f"the response body from {url} inflates to more than aiohttp decompresses "
                f"from one piece ({quote(str(cause.message))}): refused as a compression bomb"
            )
        if isinstance(cause, aiohttp.http_exceptions.ContentEncodingError):
            return ProtocolError(f"the response body from {url} could not be decompressed: {cause}")
        if isinstance(cause, aiohttp.http_exceptions.TransferEncodingError) and not cut_short(exc):
            return _corrupt_framing_error(url, quote(str(cause.message)))
        return OllamaConnectionError(f"the response from {url} broke off: {exc}")
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        return OllamaConnectionError(f"the connection to {url} failed: {exc or type(exc).__name__}")
    return None


def _corrupt_framing_error(url: str, reason: str) -> ProtocolError:
    return ProtocolError(
        f"the response body from {url} has corrupt chunked framing ({reason}): not valid "
        "HTTP, so the connection was closed; a proxy in front of Ollama may be mangling it"
    )


def _parse_object(raw: bytes) -> Optional[dict[str, Any]]:
    """The body as a JSON object, or `None` when it is not one."""
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return parsed if isinstance(parsed, dict) else None
