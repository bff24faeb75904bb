"""FakeOllama: an Ollama-shaped HTTP server on loopback, built from the protocol notes.

It answers every native endpoint with the status codes and error bodies of
real Ollama, streams one socket write per NDJSON line, and records every
request and every client that went away mid-stream.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import re
import time
from collections import deque
from collections.abc import AsyncGenerator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import TracebackType
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

import orjson
from aiohttp import web

from .._request import OPTION_TYPES
from ._faults import fault_due, inject, send_http10
from ._images import image_lines
from ._models import (
    FakeModel,
    HTTPError,
    Script,
    count_prompt_tokens,
    default_models,
    details,
    embedding,
    full_name,
    layers,
    parameter_count,
    tokenize,
    tool_call,
)
from ._web import web_routes

__all__ = ["FakeOllama", "RecordedDisconnect", "RecordedRequest"]

Handler = Callable[[web.Request], Any]
Lines = AsyncGenerator[dict[str, Any], None]

_DIGEST = re.compile(r"^sha256[:-][0-9a-fA-F]{64}$")
_GO_DURATION_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)")
_UNIT_SECONDS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1,
    "m": 60,
    "h": 3600,
}
_THINK_LEVELS = ("low", "medium", "high", "max")
_FOREVER = timedelta(days=365 * 292)  # Go's math.MaxInt64 nanoseconds
_DEFAULT_KEEP_ALIVE = timedelta(minutes=5)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_JSON = "application/json; charset=utf-8"
_NDJSON = "application/x-ndjson"

# The Go type Ollama's FromMap names when an option has the wrong type (§4.2), for
# each kind of the option table the client checks against (§4.1).
_GO_OPTION_TYPES = {
    "int": "integer",
    "int or None": "integer",
    "float": "float32",
    "list of str": "array",
    "bool or None": "boolean",
}

# The Go request structs' typed fields, to answer a wrong JSON type as encoding/json does.
_SHAPES: dict[str, tuple[type, Optional[str]]] = {
    "string": (str, None),
    "bool": (bool, None),
    "int": (int, None),
    "[]int": (list, "int"),
    "api.Message": (dict, None),
    "[]api.Message": (list, "api.Message"),
    "api.Tool": (dict, None),
    "api.Tools": (list, "api.Tool"),
    "map[string]interface {}": (dict, None),
    "map[string]string": (dict, "string"),
}
_MODEL = {"model": "string", "name": "string"}
_INFERENCE = {
    **_MODEL,
    "keep_alive": "api.Duration",
    "think": "api.ThinkValue",
    "stream": "bool",
    "options": "map[string]interface {}",
    "truncate": "bool",
    "shift": "bool",
    "logprobs": "bool",
    "top_logprobs": "int",
}
_TRANSFER = {**_MODEL, "stream": "bool", "insecure": "bool"}
_REQUESTS: dict[str, dict[str, str]] = {
    "GenerateRequest": {
        **_INFERENCE,
        **dict.fromkeys(("prompt", "suffix", "system", "template"), "string"),
        "context": "[]int",
        "raw": "bool",
    },
    "ChatRequest": {**_INFERENCE, "messages": "[]api.Message", "tools": "api.Tools"},
    "EmbedRequest": {
        **_MODEL,
        "keep_alive": "api.Duration",
        "options": "map[string]interface {}",
        "truncate": "bool",
        "dimensions": "int",
    },
    "EmbeddingRequest": {
        **_MODEL,
        "prompt": "string",
        "keep_alive": "api.Duration",
        "options": "map[string]interface {}",
    },
    "ShowRequest": {**_MODEL, "system": "string", "verbose": "bool"},
    "PullRequest": _TRANSFER,
    "PushRequest": _TRANSFER,
    "CreateRequest": {
        **_MODEL,
        **dict.fromkeys(("from", "quantize", "template", "system"), "string"),
        "stream": "bool",
        "files": "map[string]string",
        "adapters": "map[string]string",
        "parameters": "map[string]interface {}",
        "messages": "[]api.Message",
    },
    "CopyRequest": {"source": "string", "destination": "string"},
    "DeleteRequest": _MODEL,
}

# Python's JSON syntax errors, in the words of Go's encoding/json.
_GO_SYNTAX = {
    "Expecting value": "looking for beginning of value",
    "Expecting property name": "looking for beginning of object key string",
    "Expecting ':' delimiter": "after object key",
    "Invalid control character": "in string literal",
    "Invalid \\escape": "in string escape code",
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request as FakeOllama received it: ``json`` is the parsed body, or ``None``."""

    method: str
    path: str
    headers: Mapping[str, str]
    json: Any
    body: bytes


@dataclass(frozen=True)
class RecordedDisconnect:
    """A client that went away mid-answer, after ``lines_sent`` lines, at ``time.monotonic()``."""

    path: str
    lines_sent: int
    at: float


class FakeOllama:
    """A protocol-faithful Ollama test server: ``async with FakeOllama() as server:``.

    ``server.url`` is its loopback URL. ``models`` are installed (``None``:
    :func:`default_models`); ``registry`` is what ``pull`` can download
    (default: the installed models). ``requests`` and ``disconnects``
    record what clients did; ``await wait_for_disconnect()`` waits for the
    next client that left mid-stream. ``allowed_hosts`` enables Ollama's
    Host-header guard (an empty 403 for other hosts).
    """

    def __init__(
        self,
        models: Optional[Iterable[FakeModel]] = None,
        *,
        registry: Optional[Iterable[FakeModel]] = None,
        version: str = "0.12.3",
        host: str = "127.0.0.1",
        port: int = 0,
        allowed_hosts: Optional[Sequence[str]] = None,
    ) -> None:
        installed = list(default_models() if models is None else models)
        self.models: dict[str, FakeModel] = {full_name(m.name): m for m in installed}
        self.registry: dict[str, FakeModel] = {
            full_name(m.name): m for m in (installed if registry is None else registry)
        }
        self.version = version
        self.loaded: dict[str, datetime] = {}
        self.blobs: dict[str, bytes] = {}
        self.requests: list[RecordedRequest] = []
        self.disconnects: list[RecordedDisconnect] = []
        self.url = ""
        now = time.time_ns()
        self._modified = {name: now - i * 60_000_000_000 for i, name in enumerate(self.models)}
        self._keep_alive: dict[str, timedelta] = {}  # sticky per loaded model (§4.3)
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

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> None:
        """Start listening; ``url`` is set afterwards."""
        if self._runner is not None:
            raise RuntimeError("FakeOllama is already running")
        self._disconnect_event = asyncio.Event()
        self._request_event = asyncio.Event()
        self._stopping = False
        app = web.Application(middlewares=[self._middleware], client_max_size=1 << 34)
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/", self._root),
            ("HEAD", "/", self._root),
            ("GET", "/api/version", self._version),
            ("HEAD", "/api/version", self._version),
            ("POST", "/api/generate", self._generate),
            ("POST", "/api/chat", self._chat),
            ("POST", "/api/embed", self._embed),
            ("POST", "/api/embeddings", self._embeddings),
            ("GET", "/api/tags", self._tags),
            ("HEAD", "/api/tags", self._tags),
            ("POST", "/api/show", self._show),
            ("GET", "/api/ps", self._ps),
            ("POST", "/api/pull", self._pull),
            ("POST", "/api/push", self._push),
            ("POST", "/api/create", self._create),
            ("POST", "/api/copy", self._copy),
            ("DELETE", "/api/delete", self._delete),
            ("HEAD", "/api/blobs/{digest}", self._has_blob),
            ("POST", "/api/blobs/{digest}", self._upload_blob),
        ]
        routes += web_routes()
        for method, path, handler in routes:
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

    def fail_next(
        self,
        status: int = 503,
        *,
        times: int = 1,
        error: Optional[str] = "server busy, please try again.  maximum pending requests exceeded",
        retry_after: Optional[float] = None,
    ) -> None:
        """Answer the next ``times`` requests with ``status`` and ``{"error": error}``.

        ``error=None`` sends an empty body; ``retry_after`` adds a ``Retry-After`` header.
        The default is Ollama's answer when its queue is full.
        """
        for _ in range(times):
            response = (
                _json(status, {"error": error})
                if error is not None
                else web.Response(status=status)
            )
            if retry_after is not None:
                response.headers["Retry-After"] = str(retry_after)
            self._failures.append(response)

    async def wait_for_requests(self, count: int, timeout: float = 5.0) -> None:
        """Wait until ``count`` requests in all have arrived (``len(requests) >= count``)."""
        await self._wait(
            self._request_event,
            lambda: len(self.requests) >= count,
            timeout,
            f"fewer than {count} requests arrived within {timeout} s",
        )

    async def wait_for_disconnect(self, timeout: float = 5.0) -> RecordedDisconnect:
        """The next client disconnect not returned before, waiting up to ``timeout`` seconds."""
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
            return _json(error.status, {"error": error.message})
        return response

    def _host_allowed(self, header: str) -> bool:
        if self._allowed_hosts is None or not header:
            return True  # Ollama accepts an empty Host
        try:
            hostname = urlsplit("//" + header).hostname or ""
        except ValueError:
            return False
        return hostname in self._allowed_hosts

    @staticmethod
    async def _body(request: web.Request, struct: str) -> dict[str, Any]:
        """The JSON body, decoded and type-checked like gin's ``ShouldBindJSON`` into ``struct``."""
        raw = await request.read()
        if not raw.strip():
            raise HTTPError(400, "missing request body")
        body = _go_loads(raw)
        if body is None:
            return {}
        if not isinstance(body, dict):
            kind = _json_kind(body)
            raise HTTPError(
                400, f"json: cannot unmarshal {kind} into Go value of type api.{struct}"
            )
        for key, go_type in _REQUESTS[struct].items():
            if go_type == "api.Duration":
                _keep_alive(body.get(key))
                continue
            if go_type == "api.ThinkValue":
                _check_think(body.get(key))
                continue
            wrong = _mismatch(body.get(key), go_type)
            if wrong is not None:
                value, expected = wrong
                raise HTTPError(
                    400,
                    f"json: cannot unmarshal {_json_kind(value)} into Go struct field "
                    f"{struct}.{key} of type {expected}",
                )
        return body

    def _find(self, name: Any) -> Optional[str]:
        """The installed model's key for ``name``: ``:latest`` implied, case ignored."""
        return _lookup(self.models, name)

    def _model(self, name: Any, not_found: str) -> tuple[str, FakeModel]:
        key = self._find(name)
        if key is None:
            raise HTTPError(404, not_found.format(name=name or ""))
        return key, self.models[key]

    async def _stream(
        self, request: web.Request, lines: Lines, model: Optional[FakeModel] = None
    ) -> web.StreamResponse:
        """Send ``lines`` as NDJSON, one write per line; record a client that leaves.

        An error raised before the first line is an ordinary error answer with
        its status (§2.3); a later one becomes a last ``{"error": ...}`` line
        (§2.4). ``model`` may script a delay before the headers
        (``load_delay``) and a fault (``fault``, after ``fault_after`` lines).
        """
        fault = model.fault if model is not None else None
        content_type = "text/html; charset=utf-8" if fault == "wrong_content_type" else _NDJSON
        response = web.StreamResponse(status=200, headers={"Content-Type": content_type})
        sent = 0
        try:
            if model is not None and model.load_delay:
                await asyncio.sleep(model.load_delay)  # Ollama sends nothing while it loads
            if fault == "http10":
                return await send_http10(request, lines)
            line = await _next_line(lines, first=True)
            await response.prepare(request)
            while line is not None:
                data = orjson.dumps(line) + b"\n"
                if model is not None and fault is not None and fault_due(model, sent, line):
                    if not await inject(fault, model, request, response, data):
                        return response
                elif fault == "slow_drip":
                    for byte in data:
                        await response.write(bytes((byte,)))
                else:
                    await response.write(data)
                sent += 1
                line = None if "error" in line else await _next_line(lines)
            await response.write_eof()
        except asyncio.CancelledError:  # handler_cancellation: the client closed the socket
            if fault != "http10":  # that fault closes the socket itself, then cancels
                self._record_disconnect(request.path, sent)
            raise
        except ConnectionResetError:  # a write found the socket closed
            self._record_disconnect(request.path, sent)
        finally:
            await lines.aclose()
        return response

    def _record_disconnect(self, path: str, lines_sent: int) -> None:
        if self._stopping:
            return
        self.disconnects.append(RecordedDisconnect(path, lines_sent, time.monotonic()))
        if self._disconnect_event is not None:
            self._disconnect_event.set()

    def _load(self, key: str, keep_alive: Optional[timedelta]) -> None:
        """Mark ``key`` loaded; ``keep_alive`` sticks until a request gives another (§4.3)."""
        if keep_alive is not None:
            self._keep_alive[key] = keep_alive
        self.loaded[key] = _now() + self._keep_alive.get(key, _DEFAULT_KEEP_ALIVE)

    def _unload(self, key: str) -> None:
        self.loaded.pop(key, None)
        self._keep_alive.pop(key, None)

    def _install(self, name: str, model: FakeModel) -> None:
        existing = self._find(name)
        if existing is not None:
            del self.models[existing]
        key = full_name(name)
        self.models[key] = model
        self._modified[key] = time.time_ns()

    def _modified_at(self, key: str) -> int:
        return self._modified.setdefault(key, time.time_ns())  # models added to `models` directly

    # -- endpoints ------------------------------------------------------------

    async def _root(self, request: web.Request) -> web.StreamResponse:
        return web.Response(text="Ollama is running")

    async def _version(self, request: web.Request) -> web.StreamResponse:
        return _json(200, {"version": self.version})

    async def _generate(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "GenerateRequest")
        _check_top_logprobs(body)
        name = body.get("model")
        key, model = self._model(name, "model '{name}' not found")
        keep_alive = _keep_alive(body.get("keep_alive"))
        if "image" in model.capabilities:
            return await self._progress(
                request, body, image_lines(str(name), body, model, self.version)
            )
        prompt = body.get("prompt") or ""
        if not prompt and keep_alive == timedelta(0):
            self._unload(key)
            return _json(200, _load_answer(name, "unload", {"response": ""}))
        if body.get("raw") and any(body.get(k) for k in ("template", "system", "context")):
            raise HTTPError(400, "raw mode does not support template, system, or context")
        thinking = _thinking_on(model, body.get("think"), name)
        if "completion" not in model.capabilities:
            raise HTTPError(400, f'"{name}" does not support generate')
        if body.get("suffix") and "insert" not in model.capabilities:
            raise HTTPError(400, f"{_qualified(key)} does not support insert")
        _check_options(body.get("options") or {})
        self._load(key, keep_alive)
        if not prompt:
            return _json(200, _load_answer(name, "load", {"response": ""}))
        _check_format(body.get("format"))
        tokens = count_prompt_tokens([body.get("system") or model.system, prompt])
        script = Script(model, body.get("options") or {}, thinking, tokens)

        def chunk(text: str, think: str = "") -> dict[str, Any]:
            line: dict[str, Any] = {"model": name, "created_at": _created_at(), "response": text}
            if think:
                line["thinking"] = think
            line["done"] = False
            return line

        def final(line: dict[str, Any]) -> dict[str, Any]:
            if body.get("raw"):
                return script.finish(line)  # raw mode returns no context (§5.3)
            return script.finish(line, context=script.context())

        return await self._answer(request, body, script, chunk, final)

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "ChatRequest")
        _check_top_logprobs(body)
        name = body.get("model")
        if not name:
            raise HTTPError(400, "model is required")
        key, model = self._model(name, "model '{name}' not found")
        empty = {"message": {"role": "assistant", "content": ""}}
        messages: list[dict[str, Any]] = body.get("messages") or []
        keep_alive = _keep_alive(body.get("keep_alive"))
        if not messages and keep_alive == timedelta(0):
            self._unload(key)
            return _json(200, _load_answer(name, "unload", empty))
        if body.get("tools") and "tools" not in model.capabilities:
            raise HTTPError(400, f"{_qualified(key)} does not support tools")
        thinking = _thinking_on(model, body.get("think"), name)
        if "completion" not in model.capabilities:
            raise HTTPError(400, f'"{name}" does not support chat')
        _check_options(body.get("options") or {})
        self._load(key, keep_alive)
        if not messages:
            return _json(200, _load_answer(name, "load", empty))
        _check_format(body.get("format"))
        tokens = count_prompt_tokens([(m or {}).get("content") for m in messages])
        script = Script(model, body.get("options") or {}, thinking, tokens)

        def chunk(text: str, think: str = "") -> dict[str, Any]:
            message: dict[str, Any] = {"role": "assistant", "content": text}
            if think:
                message["thinking"] = think
            return {"model": name, "created_at": _created_at(), "message": message, "done": False}

        # Like a real model, answer a tool's result with text rather than calling again.
        answering_a_tool = (messages[-1] or {}).get("role") == "tool"

        def final(line: dict[str, Any]) -> dict[str, Any]:
            if body.get("tools") and model.tool_calls and not answering_a_tool:
                line["message"]["tool_calls"] = [
                    tool_call(call, index) for index, call in enumerate(model.tool_calls)
                ]
            return script.finish(line)

        return await self._answer(request, body, script, chunk, final)

    async def _answer(
        self,
        request: web.Request,
        body: dict[str, Any],
        script: Script,
        chunk: Callable[..., dict[str, Any]],
        final: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> web.StreamResponse:
        """Stream the script's chunks, or merge them into one answer for ``stream: false``."""
        model = script.model
        if body.get("stream", True) is not False:
            return await self._stream(request, script.lines(chunk, final), model)
        try:  # the whole generation takes its time before the one answer
            await asyncio.sleep(model.load_delay + model.token_delay * script.count)
        except asyncio.CancelledError:
            self._record_disconnect(request.path, 0)
            raise
        if model.error_after is not None:
            raise HTTPError(500, model.error_message)
        answer = chunk(script.text, script.thought)
        return _json(200, answer if model.end_without_done else final(answer))

    async def _embed(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "EmbedRequest")
        name = body.get("model")
        if not name:
            raise HTTPError(404, "model '' not found")
        key, model = self._model(name, 'model "{name}" not found, try pulling it first')
        keep_alive = _keep_alive(body.get("keep_alive"))
        texts = body.get("input")
        if texts is None or texts == "" or texts == []:
            self._load(key, keep_alive)
            return _json(200, {"model": name, "embeddings": []})
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
            raise HTTPError(400, "invalid input type")
        _check_options(body.get("options") or {})
        self._load(key, keep_alive)
        size = model.embedding_dim or 8
        dimensions = body.get("dimensions")
        if isinstance(dimensions, int) and 0 < dimensions < size:
            size = dimensions  # the prefix of the full vector, normalised again
        return _json(
            200,
            {
                "model": name,
                "embeddings": [embedding(text, size, normalize=True) for text in texts],
                "total_duration": 14_143_917 + 2_000_000 * len(texts),
                "load_duration": 1_019_500,
                "prompt_eval_count": sum(len(tokenize(text)) + 2 for text in texts),
            },
        )

    async def _embeddings(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "EmbeddingRequest")
        name = body.get("model")
        if not name:
            raise HTTPError(400, "model is required")
        key, model = self._model(name, 'model "{name}" not found, try pulling it first')
        keep_alive = _keep_alive(body.get("keep_alive"))
        _check_options(body.get("options") or {})
        self._load(key, keep_alive)
        prompt = body.get("prompt") or ""
        vector = embedding(prompt, model.embedding_dim or 8, normalize=False) if prompt else []
        return _json(200, {"embedding": vector})

    async def _tags(self, request: web.Request) -> web.StreamResponse:
        names = sorted(self.models, key=self._modified_at, reverse=True)
        return _json(200, {"models": [self._listing(name) for name in names]})

    def _listing(self, key: str) -> dict[str, Any]:
        model = self.models[key]
        return {
            "name": key,
            "model": key,
            "modified_at": _rfc3339(self._modified_at(key), local=True),
            "size": model.size,
            "digest": model.digest,
            "details": details(model),
            "capabilities": list(model.capabilities),
        }

    async def _show(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "ShowRequest")
        name = body.get("model") or body.get("name")
        if not name:
            raise HTTPError(400, "model is required")
        key, model = self._model(name, "model '{name}' not found")
        answer: dict[str, Any] = {
            "license": "FAKE LICENSE",
            "modelfile": f"# Modelfile generated by FakeOllama\nFROM {key}\n"
            f'TEMPLATE """{model.template}"""\n',
            "parameters": 'stop                           "<|eot_id|>"',
            "template": model.template,
        }
        system = body.get("system") or model.system
        if system:
            answer["system"] = system
        answer["details"] = details(model)
        answer["model_info"] = {
            "general.architecture": model.family,
            "general.parameter_count": parameter_count(model.parameter_size),
            "general.quantization_version": 2,
            f"{model.family}.context_length": 131072,
            f"{model.family}.embedding_length": model.embedding_dim or 3072,
        }
        if body.get("verbose"):
            answer["tensors"] = [
                {"name": "token_embd.weight", "type": "Q6_K", "shape": [3072, 128256]},
                {"name": "output_norm.weight", "type": "F32", "shape": [3072]},
            ]
        answer["capabilities"] = list(model.capabilities)
        answer["modified_at"] = _rfc3339(self._modified_at(key), local=True)
        return _json(200, answer)

    async def _ps(self, request: web.Request) -> web.StreamResponse:
        now = _now()
        for key in [key for key, expires in self.loaded.items() if expires < now]:
            self._unload(key)
        running = []
        for key, expires in sorted(self.loaded.items(), key=lambda item: item[1], reverse=True):
            model = self.models.get(key)
            if model is None:
                continue
            running.append(
                {
                    "name": key,
                    "model": key,
                    "size": model.size + 400_000_000,
                    "digest": model.digest,
                    "details": details(model),
                    "expires_at": _rfc3339(_ns(expires), local=True),
                    "size_vram": model.size + 400_000_000,
                    "context_length": 4096,
                }
            )
        return _json(200, {"models": running})

    async def _pull(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "PullRequest")
        name = body.get("model") or body.get("name")
        if not name:
            raise HTTPError(400, "invalid model name")

        async def lines() -> Lines:
            async for line in self._pull_lines(name):
                yield line
            yield {"status": "success"}

        return await self._progress(request, body, lines())

    async def _pull_lines(self, name: str) -> Lines:
        """Download ``name`` from the registry and install it, up to ``writing manifest``."""
        yield {"status": "pulling manifest"}
        key = _lookup(self.registry, name)
        if key is None:
            raise HTTPError(500, "pull model manifest: file does not exist")
        source = self.registry[key]
        for digest, total in layers(source):
            for completed in (0, total // 4, total // 2, 3 * total // 4, total):
                if source.token_delay:
                    await asyncio.sleep(source.token_delay)  # a download takes time
                yield _progress_line(f"pulling {digest[:12]}", digest, total, completed)
        yield {"status": "verifying sha256 digest"}
        yield {"status": "writing manifest"}
        self._install(name, dataclasses.replace(source, name=name))

    async def _push(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "PushRequest")
        name = body.get("model") or body.get("name")
        if not name:
            raise HTTPError(400, "model is required")
        key = self._find(name)

        async def lines() -> Lines:
            yield {"status": "retrieving manifest"}
            if key is None:
                yield {"status": "couldn't retrieve manifest"}
                raise HTTPError(500, "file does not exist")
            if "/" not in name:
                raise HTTPError(
                    500, "unauthorized: pushing requires a namespace, e.g. 'you/model:tag'"
                )
            for digest, total in layers(self.models[key]):
                for completed in (0, total // 2, total):
                    yield _progress_line(f"pushing {digest[:12]}", digest, total, completed)
            yield {"status": "pushing manifest"}
            yield {"status": "success"}

        return await self._progress(request, body, lines())

    async def _create(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "CreateRequest")
        name = body.get("model") or body.get("name")
        if not name:
            raise HTTPError(400, "invalid model name")
        base_name: Optional[str] = body.get("from")
        files: dict[str, str] = body.get("files") or {}
        if not base_name and not files:
            raise HTTPError(400, "neither 'from' or 'files' was specified")
        for digest in files.values():
            if not isinstance(digest, str) or not _DIGEST.match(digest):
                raise HTTPError(400, "invalid digest format")
            if _blob_key(digest) not in self.blobs:
                raise HTTPError(400, f"blob {digest} not found: upload it with POST /api/blobs")
        overrides = {k: body[k] for k in ("system", "template") if body.get(k)}

        async def lines() -> Lines:
            if files:
                yield {"status": "parsing GGUF"}
                base, digests = FakeModel(name), [_blob_key(d) for d in files.values()]
            else:
                key = self._find(base_name)
                if key is None:  # Ollama pulls a base model it does not have
                    async for line in self._pull_lines(str(base_name)):
                        yield line
                    key = self._find(base_name)
                assert key is not None
                base = self.models[key]
                digests = [f"sha256:{digest}" for digest, _ in layers(base)]
            for digest in digests:
                yield {"status": f"using existing layer {digest}"}
            for value in overrides.values():
                new = hashlib.sha256(value.encode()).hexdigest()
                yield {"status": f"creating new layer sha256:{new}"}
            yield {"status": "writing manifest"}
            self._install(name, dataclasses.replace(base, name=name, **overrides))
            yield {"status": "success"}

        return await self._progress(request, body, lines())

    async def _progress(
        self, request: web.Request, body: dict[str, Any], lines: Lines
    ) -> web.StreamResponse:
        """Stream progress lines, or answer only the last one for ``stream: false``."""
        if body.get("stream", True) is not False:
            return await self._stream(request, lines)
        last: dict[str, Any] = {}
        async for line in lines:  # an error raised here answers 500 (or its status)
            last = line
        return _json(200, last)

    async def _copy(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "CopyRequest")
        source, destination = body.get("source") or "", body.get("destination") or ""
        if not source:
            raise HTTPError(400, 'source "" is invalid')
        if not destination:
            raise HTTPError(400, 'destination "" is invalid')
        _, model = self._model(source, 'model "{name}" not found')
        self._install(destination, dataclasses.replace(model, name=destination))
        return web.Response(status=200)

    async def _delete(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request, "DeleteRequest")
        name = body.get("model") or body.get("name") or ""
        if not name:
            raise HTTPError(400, 'name "" is invalid')
        key, _ = self._model(name, "model '{name}' not found")
        del self.models[key]
        self._modified.pop(key, None)
        self._unload(key)
        return web.Response(status=200)

    async def _has_blob(self, request: web.Request) -> web.StreamResponse:
        digest = request.match_info["digest"]
        if not _DIGEST.match(digest):
            return web.Response(status=400)
        return web.Response(status=200 if _blob_key(digest) in self.blobs else 404)

    async def _upload_blob(self, request: web.Request) -> web.StreamResponse:
        digest = request.match_info["digest"]
        if not _DIGEST.match(digest):
            raise HTTPError(400, "invalid digest format")
        if digest in self.blobs:
            return web.Response(status=200)
        data = await request.read()
        actual = "sha256:" + hashlib.sha256(data).hexdigest()
        if actual != digest:  # Ollama compares the strings: uppercase or sha256- fails too
            raise HTTPError(400, f'digest mismatch, expected "{digest}", got "{actual}"')
        self.blobs[digest] = data
        return web.Response(status=201)


async def _next_line(lines: Lines, *, first: bool = False) -> Optional[dict[str, Any]]:
    """The next line, ``None`` at the end; an error after the first line becomes an error line."""
    try:
        return await lines.__anext__()
    except StopAsyncIteration:
        return None
    except HTTPError as error:
        if first:
            raise
        return {"error": error.message}


def _json(status: int, data: Any) -> web.Response:
    return web.Response(status=status, body=orjson.dumps(data), headers={"Content-Type": _JSON})


def _go_loads(raw: bytes) -> Any:
    """Decode like Go's ``json.Decoder``: only the first value counts; errors in Go's words."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    text = raw.decode("utf-8", "replace").lstrip()
    try:
        return json.JSONDecoder().raw_decode(text)[0]
    except json.JSONDecodeError as exc:
        raise HTTPError(400, _go_syntax_error(exc)) from None


def _go_syntax_error(exc: json.JSONDecodeError) -> str:
    doc, pos, msg = exc.doc, exc.pos, exc.msg
    if msg.startswith("Illegal trailing comma"):  # Python 3.13+; Go blames what follows
        pos = len(doc) - len(doc[pos + 1 :].lstrip())
        msg = "Expecting property name" if msg.endswith("object") else "Expecting value"
    if pos >= len(doc) or msg.startswith("Unterminated string"):
        return "unexpected EOF"
    if msg.startswith("Expecting ',' delimiter"):
        inside_array = _innermost_container(doc, pos) == "["
        context = "after array element" if inside_array else "after object key:value pair"
    else:
        prefix = next((p for p in _GO_SYNTAX if msg.startswith(p)), "Expecting value")
        context = _GO_SYNTAX[prefix]
    char = doc[pos + 1] if msg.startswith("Invalid \\escape") else doc[pos]
    quoted = {"'": "'\\''", '"': "'\"'"}.get(char) or "'" + json.dumps(char)[1:-1] + "'"
    return f"invalid character {quoted} {context}"


def _innermost_container(doc: str, end: int) -> str:
    """``[`` or ``{``: the innermost array or object still open at ``doc[end]``."""
    stack: list[str] = []
    in_string = escaped = False
    for char in doc[:end]:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            stack.append(char)
        elif char in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def _json_kind(value: Any) -> str:
    """How Go's encoding/json names the JSON type of ``value``."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, float) and not value.is_integer():
        return f"number {value}"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _mismatch(value: Any, go_type: str) -> Optional[tuple[Any, str]]:
    """The value (``value`` or an element of it) that does not fit ``go_type``, and its type."""
    if value is None:
        return None  # Go leaves the zero value
    kind, element = _SHAPES[go_type]
    if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
        return value, go_type
    items: Any = (value.values() if isinstance(value, dict) else value) if element else ()
    for item in items:
        wrong = _mismatch(item, str(element))
        if wrong is not None:
            return wrong
    return None


def _lookup(models: Mapping[str, FakeModel], name: Any) -> Optional[str]:
    if not isinstance(name, str) or not name:
        return None
    wanted = full_name(name).lower()
    return next((key for key in models if key.lower() == wanted), None)


def _qualified(key: str) -> str:
    """``llama3.2:latest`` → ``registry.ollama.ai/library/llama3.2:latest``, as in errors."""
    parts = key.split("/")
    if len(parts) == 1:
        return f"registry.ollama.ai/library/{key}"
    return key if len(parts) > 2 else f"registry.ollama.ai/{key}"


def _blob_key(digest: str) -> str:
    return digest.replace("-", ":", 1)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _ns(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1) * 1000


def _rfc3339(ns: int, *, local: bool) -> str:
    """Go's RFC 3339 with nanoseconds: trailing zeros of the fraction trimmed, ``Z`` for UTC."""
    seconds, fraction = divmod(ns, 1_000_000_000)
    moment = datetime.fromtimestamp(seconds, timezone.utc)
    if local:
        moment = moment.astimezone()
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    digits = f"{fraction:09d}".rstrip("0")
    if digits:
        text += "." + digits
    minutes = int((moment.utcoffset() or timedelta(0)).total_seconds()) // 60
    if not minutes:
        return text + "Z"
    sign = "+" if minutes > 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _created_at() -> str:
    return _rfc3339(time.time_ns(), local=False)


def _load_answer(name: Any, reason: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": name,
        "created_at": _created_at(),
        **fields,
        "done": True,
        "done_reason": reason,
    }


def _progress_line(status: str, digest: str, total: int, completed: int) -> dict[str, Any]:
    line: dict[str, Any] = {"status": status, "digest": f"sha256:{digest}", "total": total}
    if completed:  # omitempty
        line["completed"] = completed
    return line


def _keep_alive(value: Any) -> Optional[timedelta]:
    """Parse ``keep_alive`` like Ollama's ``api.Duration``: None if unset, negative = forever."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise HTTPError(400, "Unsupported type: 'bool'")
    if isinstance(value, (int, float)):
        return _FOREVER if value < 0 else timedelta(seconds=value)
    if not isinstance(value, str):
        go_type = "[]interface {}" if isinstance(value, list) else "map[string]interface {}"
        raise HTTPError(400, f"Unsupported type: '{go_type}'")
    text = value.lstrip("+-")
    if text == "0":
        return timedelta(0)
    parts = _GO_DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        if text.replace(".", "", 1).isdigit():
            raise HTTPError(400, f'time: missing unit in duration "{value}"')
        raise HTTPError(400, f'time: invalid duration "{value}"')
    if value.startswith("-"):
        return _FOREVER
    return timedelta(seconds=sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts))


def _check_think(think: Any) -> None:
    if think is not None and not isinstance(think, bool) and think not in _THINK_LEVELS:
        shown = think if isinstance(think, str) else orjson.dumps(think).decode()
        raise HTTPError(
            400,
            f'invalid think value: "{shown}" (must be "high", "medium", "low", "max", true, or false)',
        )


def _thinking_on(model: FakeModel, think: Any, name: Any) -> bool:
    """Whether to think; thinking models think unless told not to (§4.4)."""
    capable = "thinking" in model.capabilities
    if think not in (None, False) and not capable:
        raise HTTPError(400, f'"{name}" does not support thinking')
    return capable and think is not False


def _check_top_logprobs(body: Mapping[str, Any]) -> None:
    value = body.get("top_logprobs")
    if value is not None and not 0 <= value <= 20:
        raise HTTPError(400, "top_logprobs must be between 0 and 20")


def _check_options(options: Mapping[str, Any]) -> None:
    """Ollama's ``FromMap``: unknown keys ignored, wrong types answered with a 500 (§4.2)."""
    for key, value in options.items():
        kind = _GO_OPTION_TYPES.get(OPTION_TYPES.get(key, ""))
        if kind is None or value is None:
            continue
        if kind == "array":
            ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        elif kind == "boolean":
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok:
            raise HTTPError(500, f'option "{key}" must be of type {kind}')


def _check_format(value: Any) -> None:
    if value in (None, "", "json") or isinstance(value, dict):
        return
    raise HTTPError(
        500,
        f"invalid format: {json.dumps(orjson.dumps(value).decode())}; "
        'expected "json" or a valid JSON Schema object',
    )
