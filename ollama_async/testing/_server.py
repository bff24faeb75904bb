"""FakeOllama: an Ollama-shaped HTTP server on loopback, built from the protocol notes.

It answers every native endpoint with the status codes and error bodies of
real Ollama, streams one socket write per NDJSON line, and records every
request and every client that went away mid-stream.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import TracebackType
from typing import Any, Callable, Optional

import orjson
from aiohttp import web

from .._request import OPTION_TYPES
from ._faults import fault_due, inject, send_http10
from ._models import FakeModel, embedding, full_name, tokenize

__all__ = ["FakeOllama", "RecordedDisconnect", "RecordedRequest", "default_models"]

Handler = Callable[[web.Request], Any]

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
_FOREVER = timedelta(days=365 * 292)
_JSON = "application/json; charset=utf-8"
_NDJSON = "application/x-ndjson"


class _HTTPError(Exception):
    """An error answer: ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class RecordedRequest:
    """One request as FakeOllama received it."""

    method: str
    path: str
    headers: Mapping[str, str]
    json: Any
    body: bytes


@dataclass(frozen=True)
class RecordedDisconnect:
    """A client that went away while a stream was being sent."""

    path: str
    lines_sent: int
    at: float


def default_models() -> list[FakeModel]:
    """A chat model with tools, a thinking model and an embedding model."""
    return [
        FakeModel("llama3.2", capabilities=("completion", "tools")),
        FakeModel(
            "qwen3",
            reply="The answer is 4.",
            thinking="Two plus two is four.",
            capabilities=("completion", "tools", "thinking"),
            family="qwen3",
            parameter_size="8.2B",
        ),
        FakeModel(
            "nomic-embed-text",
            embedding_dim=768,
            capabilities=("embedding",),
            family="nomic-bert",
            parameter_size="137M",
            quantization_level="F16",
        ),
    ]


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
        self._modified = {name: _now() - timedelta(minutes=i) for i, name in enumerate(self.models)}
        self._host = host
        self._port = port
        self._allowed_hosts = None if allowed_hosts is None else set(allowed_hosts)
        self._failures: deque[web.Response] = deque()
        self._runner: Optional[web.AppRunner] = None
        self._disconnect_event: Optional[asyncio.Event] = None  # made in the server's loop
        self._request_event: Optional[asyncio.Event] = None
        self._disconnects_returned = 0
        self.url = ""

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> None:
        """Start listening; ``url`` is set afterwards."""
        self._disconnect_event = asyncio.Event()
        self._request_event = asyncio.Event()
        app = web.Application(middlewares=[self._middleware], client_max_size=1 << 34)
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/", self._root),
            ("HEAD", "/", self._root),
            ("GET", "/api/version", self._version),
            ("HEAD", "/api/version", self._version),
            ("HEAD", "/api/tags", self._tags),
            ("POST", "/api/generate", self._generate),
            ("POST", "/api/chat", self._chat),
            ("POST", "/api/embed", self._embed),
            ("POST", "/api/embeddings", self._embeddings),
            ("GET", "/api/tags", self._tags),
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
        for method, path, handler in routes:
            app.router.add_route(method, path, handler)
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port, backlog=1024)
        await site.start()
        address = self._runner.addresses[0]
        self.url = f"http://{address[0]}:{address[1]}"

    async def stop(self) -> None:
        """Stop listening and drop open connections."""
        runner, self._runner = self._runner, None
        if runner is not None:
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
        event = self._request_event
        if event is None:
            raise RuntimeError(
                "FakeOllama is not running: use `async with FakeOllama() as server:`"
            )
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            event.clear()
            try:
                await asyncio.wait_for(event.wait(), max(deadline - time.monotonic(), 0))
            except asyncio.TimeoutError:
                raise TimeoutError(f"fewer than {count} requests within {timeout} s") from None

    async def wait_for_disconnect(self, timeout: float = 5.0) -> RecordedDisconnect:
        """The next client disconnect not returned before, waiting up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        event = self._disconnect_event
        if event is None:
            raise RuntimeError(
                "FakeOllama is not running: use `async with FakeOllama() as server:`"
            )
        while self._disconnects_returned >= len(self.disconnects):
            event.clear()
            remaining = deadline - time.monotonic()
            try:
                await asyncio.wait_for(event.wait(), max(remaining, 0))
            except asyncio.TimeoutError:
                raise TimeoutError(
                    f"no client disconnected mid-stream within {timeout} s"
                ) from None
        self._disconnects_returned += 1
        return self.disconnects[self._disconnects_returned - 1]

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
        if self._allowed_hosts is not None and request.url.host not in self._allowed_hosts:
            return web.Response(status=403)
        if self._failures:
            return self._failures.popleft()
        try:
            response: web.StreamResponse = await handler(request)
        except web.HTTPMethodNotAllowed:
            return web.Response(status=405, text="405 method not allowed")
        except web.HTTPNotFound:
            return web.Response(status=404, text="404 page not found")
        except _HTTPError as error:
            return _json(error.status, {"error": error.message})
        return response

    @staticmethod
    async def _body(request: web.Request) -> dict[str, Any]:
        raw = await request.read()
        if not raw.strip():
            raise _HTTPError(400, "missing request body")
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise _HTTPError(400, f"invalid character in request body: {exc}") from None
        if not isinstance(body, dict):
            raise _HTTPError(400, "json: cannot unmarshal into Go value of type api.Request")
        return body

    def _find(self, name: str) -> Optional[str]:
        wanted = full_name(name).lower()
        return next((key for key in self.models if key.lower() == wanted), None)

    def _model(self, name: Any, not_found: str) -> tuple[str, FakeModel]:
        key = self._find(name) if isinstance(name, str) and name else None
        if key is None:
            raise _HTTPError(404, not_found.format(name=name or ""))
        return key, self.models[key]

    async def _stream(
        self,
        request: web.Request,
        lines: AsyncIterator[dict[str, Any]],
        model: Optional[FakeModel] = None,
    ) -> web.StreamResponse:
        """Send ``lines`` as NDJSON, one write per line; record a client that leaves.

        ``model`` may script a delay before the headers (``load_delay``) and a
        fault (``fault``, after ``fault_after`` lines).
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
            await response.prepare(request)
            async for line in lines:
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
            await response.write_eof()
        except asyncio.CancelledError:  # handler_cancellation: the client closed the socket
            self._record_disconnect(request.path, sent)
            raise
        except ConnectionResetError:
            self._record_disconnect(request.path, sent)
        return response

    def _record_disconnect(self, path: str, lines_sent: int) -> None:
        self.disconnects.append(RecordedDisconnect(path, lines_sent, time.monotonic()))
        if self._disconnect_event is not None:
            self._disconnect_event.set()

    def _load(self, key: str, keep_alive: Any) -> None:
        self.loaded[key] = _now() + _keep_alive(keep_alive)

    # -- endpoints ------------------------------------------------------------

    async def _root(self, request: web.Request) -> web.StreamResponse:
        return web.Response(text="Ollama is running")

    async def _version(self, request: web.Request) -> web.StreamResponse:
        return _json(200, {"version": self.version})

    async def _generate(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        _check_top_logprobs(body)
        name = body.get("model")
        key, model = self._model(name, "model '{name}' not found")
        keep_alive = _keep_alive(body.get("keep_alive")) if "keep_alive" in body else None
        prompt = body.get("prompt") or ""
        if not prompt and keep_alive == timedelta(0):
            self.loaded.pop(key, None)
            return _json(200, _load_answer(name, "unload", {"response": ""}))
        if body.get("raw") and any(body.get(k) for k in ("template", "system", "context")):
            raise _HTTPError(400, "raw mode does not support template, system, or context")
        thinking = _thinking_on(model, body.get("think"), name)
        if "completion" not in model.capabilities:
            raise _HTTPError(400, f'"{name}" does not support generate')
        if body.get("suffix") and "insert" not in model.capabilities:
            raise _HTTPError(400, f"registry.ollama.ai/library/{key} does not support insert")
        _check_options(body.get("options"))
        _check_format(body.get("format"))
        self._load(key, body.get("keep_alive"))
        if not prompt:
            return _json(200, _load_answer(name, "load", {"response": ""}))
        script = _Script(model, body.get("options") or {}, thinking)

        def chunk(text: str, think: str = "") -> dict[str, Any]:
            line: dict[str, Any] = {"model": name, "created_at": _created_at(), "response": text}
            if think:
                line["thinking"] = think
            line["done"] = False
            return line

        def final(line: dict[str, Any]) -> dict[str, Any]:
            line["context"] = list(range(1, 12 + script.eval_count))
            return line

        return await self._answer(request, body, script, chunk, final, "response")

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        _check_top_logprobs(body)
        name = body.get("model")
        if not name:
            raise _HTTPError(400, "model is required")
        key, model = self._model(name, "model '{name}' not found")
        empty = {"message": {"role": "assistant", "content": ""}}
        messages = body.get("messages") or []
        if (
            not messages
            and "keep_alive" in body
            and _keep_alive(body["keep_alive"]) == timedelta(0)
        ):
            self.loaded.pop(key, None)
            return _json(200, _load_answer(name, "unload", empty))
        if body.get("tools") and "tools" not in model.capabilities:
            raise _HTTPError(400, f"registry.ollama.ai/library/{key} does not support tools")
        thinking = _thinking_on(model, body.get("think"), name)
        if "completion" not in model.capabilities:
            raise _HTTPError(400, f'"{name}" does not support chat')
        _check_options(body.get("options"))
        _check_format(body.get("format"))
        self._load(key, body.get("keep_alive"))
        if not messages:
            return _json(200, _load_answer(name, "load", empty))
        script = _Script(model, body.get("options") or {}, thinking)

        def chunk(text: str, think: str = "") -> dict[str, Any]:
            message: dict[str, Any] = {"role": "assistant", "content": text}
            if think:
                message["thinking"] = think
            return {"model": name, "created_at": _created_at(), "message": message, "done": False}

        # Like a real model, answer a tool's result with text rather than calling again.
        answered = isinstance(messages[-1], dict) and messages[-1].get("role") == "tool"

        def final(line: dict[str, Any]) -> dict[str, Any]:
            if body.get("tools") and model.tool_calls and not answered:
                line["message"]["tool_calls"] = [
                    _tool_call(call, index) for index, call in enumerate(model.tool_calls)
                ]
            return line

        return await self._answer(request, body, script, chunk, final, "message")

    async def _answer(
        self,
        request: web.Request,
        body: dict[str, Any],
        script: _Script,
        chunk: Callable[..., dict[str, Any]],
        final: Callable[[dict[str, Any]], dict[str, Any]],
        text_key: str,
    ) -> web.StreamResponse:
        """Stream the script's chunks, or merge them into one answer for ``stream: false``."""
        model = script.model
        if body.get("stream", True) is not False:
            return await self._stream(request, script.lines(chunk, final), model)
        if model.error_after is not None:
            raise _HTTPError(500, model.error_message)
        answer = chunk(script.text, script.thought)
        if not model.end_without_done:
            answer = final(script.final_fields(answer))
        return _json(200, answer)

    async def _embed(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        name = body.get("model")
        key, model = self._model(name, 'model "{name}" not found, try pulling it first')
        texts = body.get("input")
        if texts is None or texts == "" or texts == []:
            self._load(key, body.get("keep_alive"))
            return _json(200, {"model": name, "embeddings": []})
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
            raise _HTTPError(400, "invalid input type")
        _check_options(body.get("options"))
        self._load(key, body.get("keep_alive"))
        size = model.embedding_dim or 8
        dimensions = body.get("dimensions")
        if isinstance(dimensions, int) and 0 < dimensions < size:
            size = dimensions
        vectors = [embedding(text, size, normalize=True) for text in texts]
        return _json(
            200,
            {
                "model": name,
                "embeddings": vectors,
                "total_duration": 14_143_917,
                "load_duration": 1_019_500,
                "prompt_eval_count": sum(len(text.split()) + 2 for text in texts),
            },
        )

    async def _embeddings(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        name = body.get("model")
        if not name:
            raise _HTTPError(400, "model is required")
        key, model = self._model(name, 'model "{name}" not found, try pulling it first')
        _check_options(body.get("options"))
        self._load(key, body.get("keep_alive"))
        prompt = body.get("prompt") or ""
        vector = embedding(prompt, model.embedding_dim or 8, normalize=False) if prompt else []
        return _json(200, {"embedding": vector})

    async def _tags(self, request: web.Request) -> web.StreamResponse:
        names = sorted(self.models, key=lambda name: self._modified[name], reverse=True)
        return _json(200, {"models": [self._listing(name) for name in names]})

    def _listing(self, key: str) -> dict[str, Any]:
        model = self.models[key]
        return {
            "name": key,
            "model": key,
            "modified_at": _local_time(self._modified[key]),
            "size": model.size,
            "digest": model.digest,
            "details": _details(model),
            "capabilities": list(model.capabilities),
        }

    async def _show(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        name = body.get("model") or body.get("name")
        if not name:
            raise _HTTPError(400, "model is required")
        key, model = self._model(name, "model '{name}' not found")
        answer: dict[str, Any] = {
            "license": "FAKE LICENSE",
            "modelfile": f"FROM {key}\nTEMPLATE {model.template}\n",
            "parameters": 'stop                           "<|eot_id|>"',
            "template": model.template,
        }
        if model.system:
            answer["system"] = model.system
        answer["details"] = _details(model)
        answer["model_info"] = {
            "general.architecture": model.family,
            "general.parameter_count": 3_212_749_888,
            f"{model.family}.context_length": 131072,
            f"{model.family}.embedding_length": model.embedding_dim or 3072,
        }
        if body.get("verbose"):
            answer["tensors"] = [
                {"name": "token_embd.weight", "type": "Q6_K", "shape": [3072, 128256]},
                {"name": "output_norm.weight", "type": "F32", "shape": [3072]},
            ]
        answer["capabilities"] = list(model.capabilities)
        answer["modified_at"] = _local_time(self._modified[key])
        return _json(200, answer)

    async def _ps(self, request: web.Request) -> web.StreamResponse:
        now = _now()
        for key in [key for key, expires in self.loaded.items() if expires < now]:
            del self.loaded[key]
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
                    "details": _details(model),
                    "expires_at": _local_time(expires),
                    "size_vram": model.size + 400_000_000,
                    "context_length": 4096,
                }
            )
        return _json(200, {"models": running})

    async def _pull(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        name = body.get("model") or body.get("name")
        if not isinstance(name, str) or not name:
            raise _HTTPError(400, "invalid model name")
        wanted = full_name(name).lower()
        source = next((m for k, m in self.registry.items() if k.lower() == wanted), None)

        async def lines() -> AsyncIterator[dict[str, Any]]:
            yield {"status": "pulling manifest"}
            if source is None:
                yield {"error": "pull model manifest: file does not exist"}
                return
            for layer in _layers(source):
                for completed in (0, layer[1] // 4, layer[1] // 2, 3 * layer[1] // 4, layer[1]):
                    if source.token_delay:
                        await asyncio.sleep(source.token_delay)  # a download takes time
                    line: dict[str, Any] = {
                        "status": f"pulling {layer[0][:12]}",
                        "digest": f"sha256:{layer[0]}",
                        "total": layer[1],
                    }
                    if completed:
                        line["completed"] = completed
                    yield line
            yield {"status": "verifying sha256 digest"}
            yield {"status": "writing manifest"}
            self._install(full_name(name), dataclasses.replace(source, name=name))
            yield {"status": "success"}

        return await self._progress(request, body, lines())

    async def _push(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        name = body.get("model") or body.get("name")
        if not name:
            raise _HTTPError(400, "model is required")
        key = self._find(name)

        async def lines() -> AsyncIterator[dict[str, Any]]:
            yield {"status": "retrieving manifest"}
            if key is None:
                yield {"error": "couldn't retrieve manifest"}
                return
            if "/" not in name:
                yield {"error": "unauthorized: pushing requires a namespace, e.g. 'you/model:tag'"}
                return
            for digest, total in _layers(self.models[key]):
                for completed in (0, total):
                    yield {
                        "status": f"pushing {digest[:12]}",
                        "digest": f"sha256:{digest}",
                        "total": total,
                        "completed": completed,
                    }
            yield {"status": "pushing manifest"}
            yield {"status": "success"}

        return await self._progress(request, body, lines())

    async def _create(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        name = body.get("model") or body.get("name")
        if not isinstance(name, str) or not name:
            raise _HTTPError(400, "invalid model name")
        base_name, files = body.get("from"), body.get("files")
        if not base_name and not files:
            raise _HTTPError(400, "neither 'from' or 'files' was specified")
        for digest in (files or {}).values():
            if digest.replace("-", ":", 1) not in self.blobs:
                raise _HTTPError(400, f"invalid digest format or unknown blob: {digest}")
        base_key = self._find(base_name) if base_name else None

        async def lines() -> AsyncIterator[dict[str, Any]]:
            if base_name and base_key is None:
                yield {"error": f"model '{base_name}' not found"}
                return
            base = self.models[base_key] if base_key else FakeModel(name)
            yield {"status": f"using existing layer sha256:{base.digest}"}
            overrides = {k: body[k] for k in ("system", "template") if isinstance(body.get(k), str)}
            for value in overrides.values():
                yield {
                    "status": f"creating new layer sha256:{hashlib.sha256(value.encode()).hexdigest()}"
                }
            yield {"status": "writing manifest"}
            self._install(full_name(name), dataclasses.replace(base, name=name, **overrides))
            yield {"status": "success"}

        return await self._progress(request, body, lines())

    async def _progress(
        self, request: web.Request, body: dict[str, Any], lines: AsyncIterator[dict[str, Any]]
    ) -> web.StreamResponse:
        if body.get("stream", True) is not False:
            return await self._stream(request, lines)
        last: dict[str, Any] = {}
        async for line in lines:
            if "error" in line:
                raise _HTTPError(500, line["error"])
            last = line
        return _json(200, last)

    def _install(self, key: str, model: FakeModel) -> None:
        existing = self._find(key)
        if existing is not None:
            del self.models[existing]
        self.models[key] = model
        self._modified[key] = _now()

    async def _copy(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        source, destination = body.get("source"), body.get("destination")
        if not isinstance(destination, str) or not destination:
            raise _HTTPError(400, f'destination "{destination or ""}" is invalid')
        _, model = self._model(source, 'model "{name}" not found')
        self._install(full_name(destination), dataclasses.replace(model, name=destination))
        return web.Response(status=200)

    async def _delete(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        key, _ = self._model(body.get("model") or body.get("name"), "model '{name}' not found")
        del self.models[key]
        self.loaded.pop(key, None)
        return web.Response(status=200)

    async def _has_blob(self, request: web.Request) -> web.StreamResponse:
        digest = request.match_info["digest"]
        if not _DIGEST.match(digest):
            return web.Response(status=400)
        return web.Response(status=200 if digest.replace("-", ":", 1) in self.blobs else 404)

    async def _upload_blob(self, request: web.Request) -> web.StreamResponse:
        digest = request.match_info["digest"]
        if not _DIGEST.match(digest):
            raise _HTTPError(400, "invalid digest format")
        if digest in self.blobs:
            return web.Response(status=200)
        data = await request.read()
        actual = "sha256:" + hashlib.sha256(data).hexdigest()
        if actual != digest:
            raise _HTTPError(400, f'digest mismatch, expected "{digest}", got "{actual}"')
        self.blobs[digest] = data
        return web.Response(status=201)


class _Script:
    """What one generate/chat request answers: thinking and reply tokens, and metrics."""

    def __init__(self, model: FakeModel, options: Mapping[str, Any], thinking: bool) -> None:
        self.model = model
        text = model.reply
        for stop in options.get("stop") or ():
            if stop and stop in text:
                text = text[: text.index(stop)]
        tokens = tokenize(text)
        self.done_reason = "stop"
        limit = options.get("num_predict")
        if isinstance(limit, (int, float)) and 0 <= limit < len(tokens):
            tokens = tokens[: int(limit)]
            self.done_reason = "length"
        self.tokens = tokens
        self.thoughts = tokenize(model.thinking) if thinking and model.thinking else []
        self.text = "".join(tokens)
        self.thought = "".join(self.thoughts)
        self.eval_count = len(self.tokens) + len(self.thoughts)

    async def lines(
        self,
        chunk: Callable[..., dict[str, Any]],
        final: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> AsyncIterator[dict[str, Any]]:
        model = self.model
        delay = model.token_delay
        for index, thought in enumerate(self.thoughts):
            if delay and index:
                await asyncio.sleep(delay)
            yield chunk("", thought)
        for index, token in enumerate(self.tokens):
            if model.error_after is not None and index >= model.error_after:
                yield {"error": model.error_message}
                return
            if delay and (index or self.thoughts):
                await asyncio.sleep(delay)
            yield chunk(token)
        if model.error_after is not None and model.error_after >= len(self.tokens):
            yield {"error": model.error_message}
            return
        if not model.end_without_done:
            yield final(self.final_fields(chunk("")))

    def final_fields(self, line: dict[str, Any]) -> dict[str, Any]:
        eval_duration = 18_000_000 * max(self.eval_count, 1)
        line["done"] = True
        line["done_reason"] = self.done_reason
        line.update(
            total_duration=eval_duration + 95_000_000,
            load_duration=41_000_000,
            prompt_eval_count=26,
            prompt_eval_duration=52_000_000,
            eval_count=self.eval_count,
            eval_duration=eval_duration,
        )
        return line


def _json(status: int, data: Any) -> web.Response:
    return web.Response(status=status, body=orjson.dumps(data), headers={"Content-Type": _JSON})


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _created_at() -> str:
    """UTC with 9 fractional digits, as a Linux Ollama writes it."""
    ns = time.time_ns()
    stamp = datetime.fromtimestamp(ns // 1_000_000_000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{stamp}.{ns % 1_000_000_000:09d}Z"


def _local_time(moment: datetime) -> str:
    return moment.astimezone().isoformat()


def _load_answer(name: Any, reason: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": name,
        "created_at": _created_at(),
        **fields,
        "done": True,
        "done_reason": reason,
    }


def _details(model: FakeModel) -> dict[str, Any]:
    return {
        "parent_model": "",
        "format": "gguf",
        "family": model.family,
        "families": [model.family],
        "parameter_size": model.parameter_size,
        "quantization_level": model.quantization_level,
    }


def _layers(model: FakeModel) -> list[tuple[str, int]]:
    weights = hashlib.sha256(f"weights:{model.name}".encode()).hexdigest()
    template = hashlib.sha256(f"template:{model.name}".encode()).hexdigest()
    return [(weights, model.size), (template, 1429)]


def _tool_call(call: Mapping[str, Any], index: int) -> dict[str, Any]:
    function = dict(call.get("function") or {})
    function.setdefault("index", index)
    return {"id": call.get("id") or f"call_{secrets.token_hex(4)}", "function": function}


def _keep_alive(value: Any) -> timedelta:
    """Parse ``keep_alive`` like Ollama's ``api.Duration``; negative means forever."""
    if value is None:
        return timedelta(minutes=5)
    if isinstance(value, bool):
        raise _HTTPError(400, "Unsupported type: 'bool'")
    if isinstance(value, (int, float)):
        return _FOREVER if value < 0 else timedelta(seconds=value)
    if not isinstance(value, str):
        raise _HTTPError(400, f"Unsupported type: '{type(value).__name__}'")
    text = value.lstrip("+-")
    if text == "0":
        return timedelta(0)
    parts = _GO_DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        if text.replace(".", "", 1).isdigit():
            raise _HTTPError(400, f'time: missing unit in duration "{value}"')
        raise _HTTPError(400, f'time: invalid duration "{value}"')
    if value.startswith("-"):
        return _FOREVER
    return timedelta(seconds=sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts))


def _thinking_on(model: FakeModel, think: Any, name: Any) -> bool:
    """Whether to think; thinking models think unless told not to (§4.4)."""
    if think is not None and not isinstance(think, bool) and think not in _THINK_LEVELS:
        raise _HTTPError(
            400,
            f'invalid think value: "{think}" (must be "high", "medium", "low", "max", true, or false)',
        )
    capable = "thinking" in model.capabilities
    if think not in (None, False) and not capable:
        raise _HTTPError(400, f'"{name}" does not support thinking')
    return capable and think is not False


def _check_top_logprobs(body: Mapping[str, Any]) -> None:
    value = body.get("top_logprobs")
    if value is not None and not (isinstance(value, int) and 0 <= value <= 20):
        raise _HTTPError(400, "top_logprobs must be between 0 and 20")


def _check_options(options: Any) -> None:
    """Ollama's ``FromMap``: unknown keys ignored, wrong types answered with a 500 (§4.2)."""
    for key, value in (options or {}).items():
        kind = OPTION_TYPES.get(key)
        if kind is None or value is None:
            continue
        if kind == "list of str":
            ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
            go_type = "array"
        elif kind == "float":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            go_type = "float32"
        elif kind == "bool or None":
            ok = isinstance(value, bool)
            go_type = "boolean"
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            go_type = "integer"
        if not ok:
            raise _HTTPError(500, f'option "{key}" must be of type {go_type}')


def _check_format(value: Any) -> None:
    if value in (None, "", "json") or isinstance(value, dict):
        return
    raise _HTTPError(
        500,
        f'invalid format: "{orjson.dumps(value).decode()}"; expected "json" or a valid JSON Schema object',
    )
