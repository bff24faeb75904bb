"""FakeOllama: an Ollama-shaped HTTP server on loopback, built from the protocol notes.

It answers every native endpoint with the status codes and error bodies of
real Ollama, streams one socket write per NDJSON line, and records every
request and every client that went away mid-stream. This module is the
server's lifecycle and public face; the parts live in their own modules:
the facts it follows (`_protocol`), Go's JSON decoding (`_gojson`),
Ollama's checks (`_checks`), the model store (`_store`), the endpoints
(`_inference`, `_routes`), what a model says (`_generation`,
`_schema`), scripted replies (`_script`), the wire (`_stream`) and
faults (`_faults`).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Callable, Optional, Union
from urllib.parse import urlsplit

import orjson
from aiohttp import web

from ._errors import HTTPError
from ._huggingface import hugging_face
from ._inference import InferenceRoutes
from ._models import FakeModel, default_models
from ._protocol import OLLAMA_VERSION
from ._routes import ModelRoutes
from ._script import ScriptedReply, scripted_reply
from ._store import Hub, ModelStore
from ._stream import json_response
from ._web import web_routes

__all__ = ["FakeOllama", "RecordedDisconnect", "RecordedRequest"]

Handler = Callable[[web.Request], Any]
ReplyEntry = Union[ScriptedReply, str, Mapping[str, Any]]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as FakeOllama received it: `json` is the parsed body, or `None`."""

    method: str
    path: str
    headers: Mapping[str, str]
    json: Any
    body: bytes


@dataclass(frozen=True)
class RecordedDisconnect:
    """A client that went away mid-answer, after `lines_sent` lines, at `time.monotonic()`."""

    path: str
    lines_sent: int
    at: float


class FakeOllama:
    """A protocol-faithful Ollama test server: `async with FakeOllama() as server:`.

    `server.url` is its loopback URL. `models` are installed (`None`:
    `default_models`); `registry` is what `pull` can download
    (default: the installed models); a name it lacks is asked of `hub`,
    by default `hugging_face`, which answers `hf.co/{user}/{repo}:{quant}`
    names as Hugging Face does (`hub=None`: the registry alone). `replies`
    are scripted answers the next generate/chat requests take in order (see
    `queue_replies`).
    `requests` and `disconnects` record what clients did; `await
    wait_for_disconnect()` waits for the next client that left mid-stream.
    `allowed_hosts` enables Ollama's Host-header guard (an empty 403 for
    other hosts).
    """

    def __init__(
        self,
        models: Optional[Iterable[FakeModel]] = None,
        *,
        registry: Optional[Iterable[FakeModel]] = None,
        hub: Optional[Hub] = hugging_face,
        version: str = OLLAMA_VERSION,
        host: str = "127.0.0.1",
        port: int = 0,
        allowed_hosts: Optional[Sequence[str]] = None,
        replies: Iterable[ReplyEntry] = (),
    ) -> None:
        installed = list(default_models() if models is None else models)
        self._store = ModelStore(installed, installed if registry is None else registry, hub)
        self.version = version
        self.replies: deque[ScriptedReply] = deque()
        self.queue_replies(*replies)
        self.requests: list[RecordedRequest] = []
        self.disconnects: list[RecordedDisconnect] = []
        self.url = ""
        self._inference = InferenceRoutes(
            self._store, self.replies, lambda: self.version, self._record_disconnect
        )
        self._model_routes = ModelRoutes(self._store, lambda: self.version, self._record_disconnect)
        self._host = host
        self._port = port
        self._allowed_hosts = (
            None if allowed_hosts is None else {host.lower() for host in allowed_hosts}
        )
        self._failures: deque[web.Response] = deque()
        self._runner: Optional[web.AppRunner] = None
        self._stopping = False
        self._disconnect_event: Optional[asyncio.Event] = None  # made in the server's loop
        self._request_event: Optional[asyncio.Event] = None
        self._disconnects_returned = 0

    @property
    def models(self) -> dict[str, FakeModel]:
        """Installed models, `"name:tag"` → model; add or remove entries while it runs."""
        return self._store.models

    @property
    def registry(self) -> dict[str, FakeModel]:
        """What `pull` can download, same shape as `models`."""
        return self._store.registry

    @property
    def loaded(self) -> dict[str, datetime]:
        """Loaded models, `"name:tag"` → when their keep-alive runs out (UTC)."""
        return self._store.loaded

    @property
    def blobs(self) -> dict[str, bytes]:
        """Uploaded blobs, `"sha256:<hex>"` → bytes."""
        return self._store.blobs

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> None:
        """Start listening; `url` is set afterwards."""
        if self._runner is not None:
            raise RuntimeError("FakeOllama is already running")
        self._disconnect_event = asyncio.Event()
        self._request_event = asyncio.Event()
        self._stopping = False
        app = web.Application(middlewares=[self._middleware], client_max_size=1 << 34)
        routes, inference = self._model_routes, self._inference
        table: list[tuple[str, str, Handler]] = [
            ("GET", "/", routes.root),
            ("HEAD", "/", routes.root),
            ("GET", "/api/version", routes.version),
            ("HEAD", "/api/version", routes.version),
            ("POST", "/api/generate", inference.generate),
            ("POST", "/api/chat", inference.chat),
            ("POST", "/api/embed", inference.embed),
            ("POST", "/api/embeddings", inference.embeddings),
            ("GET", "/api/tags", routes.tags),
            ("HEAD", "/api/tags", routes.tags),
            ("POST", "/api/show", routes.show),
            ("GET", "/api/ps", routes.ps),
            ("POST", "/api/pull", routes.pull),
            ("POST", "/api/push", routes.push),
            ("POST", "/api/create", routes.create),
            ("POST", "/api/copy", routes.copy),
            ("DELETE", "/api/delete", routes.delete),
            ("HEAD", "/api/blobs/{digest}", routes.has_blob),
            ("POST", "/api/blobs/{digest}", routes.upload_blob),
        ]
        table += web_routes()
        for method, path, handler in table:
            app.router.add_route(method, path, handler)
        # handler_cancellation: a client that closes the socket cancels its handler, as in Go.
        # A short shutdown_timeout: stopping should not wait for slow streams to finish.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=0.25
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port, backlog=1024)
        await site.start()
        address = self._runner.addresses[0]
        host = f"[{address[0]}]" if ":" in address[0] else address[0]
        self.url = f"http://{host}:{address[1]}"

    async def stop(self) -> None:
        """Stop listening and drop open connections (not recorded as disconnects)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            self._stopping = True
            await runner.cleanup()

    async def __aenter__(self) -> FakeOllama:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.stop()

    # -- scripting and waiting ------------------------------------------------

    def queue_replies(self, *replies: ReplyEntry) -> None:
        """Script the next generate/chat answers, taken in order by the requests they fit.

        Each is a `ScriptedReply`, its text, or its fields as a mapping
        (`{"reply": "Hi.", "thinking": ..., "tool_calls": [...], "error": ...,
        "status": 500, "error_after": 2, "delay": 0.5, "token_delay": 0.1,
        "model": "qwen3"}`); a bad entry raises `ValueError` naming it.
        """
        self.replies.extend(scripted_reply(reply) for reply in replies)

    def fail_next(
        self,
        status: int = 503,
        *,
        times: int = 1,
        error: Optional[str] = "server busy, please try again.  maximum pending requests exceeded",
        retry_after: Optional[float] = None,
    ) -> None:
        """Answer the next `times` requests with `status` and `{"error": error}`.

        `error=None` sends an empty body; `retry_after` adds a `Retry-After` header.
        The default is Ollama's answer when its queue is full.
        """
        for _ in range(times):
            response = (
                json_response(status, {"error": error})
                if error is not None
                else web.Response(status=status)
            )
            if retry_after is not None:
                response.headers["Retry-After"] = str(retry_after)
            self._failures.append(response)

    async def wait_for_requests(self, count: int, timeout: float = 5.0) -> None:
        """Wait until `count` requests in all have arrived (`len(requests) >= count`)."""
        await self._wait(
            self._request_event,
            lambda: len(self.requests) >= count,
            timeout,
            f"fewer than {count} requests arrived within {timeout} s",
        )

    async def wait_for_disconnect(self, timeout: float = 5.0) -> RecordedDisconnect:
        """The next client disconnect not returned before, waiting up to `timeout` seconds."""
        await self._wait(
            self._disconnect_event,
            lambda: self._disconnects_returned < len(self.disconnects),
            timeout,
            f"no client disconnected mid-stream within {timeout} s",
        )
        self._disconnects_returned += 1
        return self.disconnects[self._disconnects_returned - 1]

    @staticmethod
    async def _wait(
        event: Optional[asyncio.Event], ready: Callable[[], bool], timeout: float, message: str
    ) -> None:
        if event is None:
            raise RuntimeError(
                "FakeOllama is not running: use `async with FakeOllama() as server:`"
            )
        deadline = time.monotonic() + timeout
        while not ready():
            event.clear()
            try:
                await asyncio.wait_for(event.wait(), max(deadline - time.monotonic(), 0))
            except asyncio.TimeoutError:
                raise TimeoutError(message) from None

    # -- plumbing -------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        body = await request.read()
        try:
            parsed: Any = orjson.loads(body) if body else None
        except orjson.JSONDecodeError:
            parsed = None
        self.requests.append(
            RecordedRequest(request.method, request.path, request.headers, parsed, body)
        )
        if self._request_event is not None:
            self._request_event.set()
        if not self._host_allowed(request.headers.get("Host", "")):
            return web.Response(status=403)
        if self._failures:
            return self._failures.popleft()
        try:
            response: web.StreamResponse = await handler(request)
        except web.HTTPMethodNotAllowed:
            return web.Response(status=405, text="405 method not allowed")
        except web.HTTPNotFound:
            return web.Response(status=404, text="404 page not found")
        except HTTPError as error:
            return json_response(error.status, {"error": error.message})
        return response

    def _host_allowed(self, header: str) -> bool:
        if self._allowed_hosts is None or not header:
            return True  # Ollama accepts an empty Host
        try:
            hostname = urlsplit("//" + header).hostname or ""
        except ValueError:
            return False
        return hostname in self._allowed_hosts

    def _record_disconnect(self, path: str, lines_sent: int) -> None:
        if self._stopping:
            return
        self.disconnects.append(RecordedDisconnect(path, lines_sent, time.monotonic()))
        if self._disconnect_event is not None:
            self._disconnect_event.set()
