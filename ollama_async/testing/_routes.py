"""FakeOllama's other endpoints (§5.1, §5.2, §5.7–§5.16): models, transfers, blobs."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
from typing import Any, Callable, Optional

from aiohttp import web

from ._checks import UNMARSHALERS
from ._errors import HTTPError
from ._gojson import decode_struct
from ._models import FakeModel, details, layers, parameter_count
from ._names import parse_name
from ._store import ModelStore
from ._stream import Lines, OnDisconnect, json_response, progress

__all__ = ["ModelRoutes"]

_DIGEST = re.compile(r"^sha256[:-][0-9a-fA-F]{64}$")


class ModelRoutes:
    """Handlers that list, show, pull, push, create, copy and delete models, and take blobs."""

    def __init__(
        self, store: ModelStore, version: Callable[[], str], on_disconnect: OnDisconnect
    ) -> None:
        self.store = store
        self.version_text = version
        self.on_disconnect = on_disconnect

    async def root(self, request: web.Request) -> web.StreamResponse:
        """`GET /`: Ollama's banner (§5.1)."""
        return web.Response(text="Ollama is running")

    async def version(self, request: web.Request) -> web.StreamResponse:
        """`GET /api/version` (§5.2)."""
        return json_response(200, {"version": self.version_text()})

    async def tags(self, request: web.Request) -> web.StreamResponse:
        """`GET /api/tags` (§5.7)."""
        return json_response(200, {"models": self.store.listing()})

    async def show(self, request: web.Request) -> web.StreamResponse:
        """`POST /api/show` (§5.8)."""
        body = decode_struct(await request.read(), "ShowRequest", UNMARSHALERS)
        name = body.get("model") or body.get("name")
        if not name:
            raise HTTPError(400, "model is required")
        key, model = self.store.get(name, "model '{name}' not found")
        system = body.get("system") or model.system
        answer: dict[str, Any] = {
            "license": "FAKE LICENSE",
            "modelfile": _modelfile(key, model, system),
            "parameters": 'stop                           "<|eot_id|>"',
            "template": model.template,
        }
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
        answer["modified_at"] = self.store.modified_at(key)
        return json_response(200, answer)

    async def ps(self, request: web.Request) -> web.StreamResponse:
        """`GET /api/ps` (§5.9)."""
        return json_response(200, {"models": self.store.running()})

    async def pull(self, request: web.Request) -> web.StreamResponse:
        """`POST /api/pull` (§5.10)."""
        body = decode_struct(await request.read(), "PullRequest", UNMARSHALERS)
        name = body.get("model") or body.get("name")
        if not name or not parse_name(name).valid:
            raise HTTPError(400, "invalid model name")

        async def lines() -> Lines:
            async for line in self._pull_lines(name):
                yield line
            yield {"status": "success"}

        return await progress(request, body, lines(), self.on_disconnect)

    async def _pull_lines(self, name: str) -> Lines:
        """Download `name` from the registry (or the hub) and install it, up to `writing manifest`."""
        yield {"status": "pulling manifest"}
        source = self.store.pullable(name)
        for digest, total in layers(source):
            for completed in (0, total // 4, total // 2, 3 * total // 4, total):
                if source.token_delay:
                    await asyncio.sleep(source.token_delay)  # a download takes time
                yield _progress_line(f"pulling {digest[:12]}", digest, total, completed)
        yield {"status": "verifying sha256 digest"}
        yield {"status": "writing manifest"}
        key = self.store.pulled_name(name)
        self.store.install(key, dataclasses.replace(source, name=key))

    async def push(self, request: web.Request) -> web.StreamResponse:
        """`POST /api/push` (§5.11)."""
        body = decode_struct(await request.read(), "PushRequest", UNMARSHALERS)
        name = body.get("model") or body.get("name")
        if not name:
            raise HTTPError(400, "model is required")
        key = self.store.find(name)

        async def lines() -> Lines:
            yield {"status": "retrieving manifest"}
            if key is None:
                yield {"status": "couldn't retrieve manifest"}
                raise HTTPError(500, "file does not exist")
            if "/" not in name:
                raise HTTPError(
                    500, "unauthorized: pushing requires a namespace, e.g. 'you/model:tag'"
                )
            for digest, total in layers(self.store.models[key]):
                for completed in (0, total // 2, total):
                    yield _progress_line(f"pushing {digest[:12]}", digest, total, completed)
            yield {"status": "pushing manifest"}
            yield {"status": "success"}

        return await progress(request, body, lines(), self.on_disconnect)

    async def create(self, request: web.Request) -> web.StreamResponse:
        """`POST /api/create` (§5.12): from a model (pulled if missing) or uploaded blobs."""
        body = decode_struct(await request.read(), "CreateRequest", UNMARSHALERS)
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
            if _blob_key(digest) not in self.store.blobs:
                raise HTTPError(400, f"blob {digest} not found: upload it with POST /api/blobs")
        overrides = {k: body[k] for k in ("system", "template") if body.get(k)}

        async def lines() -> Lines:
            if files:
                yield {"status": "parsing GGUF"}
                base, digests = FakeModel(name), [_blob_key(d) for d in files.values()]
            else:
                key = self.store.find(base_name)
                if key is None:  # Ollama pulls a base model it does not have
                    async for line in self._pull_lines(str(base_name)):
                        yield line
                    key = self.store.find(base_name)
                assert key is not None
                base = self.store.models[key]
                digests = [f"sha256:{digest}" for digest, _ in layers(base)]
            for digest in digests:
                yield {"status": f"using existing layer {digest}"}
            for value in overrides.values():
                new = hashlib.sha256(value.encode()).hexdigest()
                yield {"status": f"creating new layer sha256:{new}"}
            yield {"status": "writing manifest"}
            self.store.install(name, dataclasses.replace(base, name=name, **overrides))
            yield {"status": "success"}

        return await progress(request, body, lines(), self.on_disconnect)

    async def copy(self, request: web.Request) -> web.StreamResponse:
        """`POST /api/copy` (§5.13)."""
        body = decode_struct(await request.read(), "CopyRequest", UNMARSHALERS)
        source, destination = body.get("source") or "", body.get("destination") or ""
        if not source:
            raise HTTPError(400, 'source "" is invalid')
        if not destination:
            raise HTTPError(400, 'destination "" is invalid')
        _, model = self.store.get(source, 'model "{name}" not found')
        self.store.install(destination, dataclasses.replace(model, name=destination))
        return web.Response(status=200)

    async def delete(self, request: web.Request) -> web.StreamResponse:
        """`DELETE /api/delete` (§5.14)."""
        body = decode_struct(await request.read(), "DeleteRequest", UNMARSHALERS)
        name = body.get("model") or body.get("name") or ""
        if not name:
            raise HTTPError(400, 'name "" is invalid')
        key, _ = self.store.get(name, "model '{name}' not found")
        self.store.delete(key)
        return web.Response(status=200)

    async def has_blob(self, request: web.Request) -> web.StreamResponse:
        """`HEAD /api/blobs/:digest` (§5.15)."""
        digest = request.match_info["digest"]
        if not _DIGEST.match(digest):
            return web.Response(status=400)
        return web.Response(status=200 if _blob_key(digest) in self.store.blobs else 404)

    async def upload_blob(self, request: web.Request) -> web.StreamResponse:
        """`POST /api/blobs/:digest` (§5.16)."""
        digest = request.match_info["digest"]
        if not _DIGEST.match(digest):
            raise HTTPError(400, "invalid digest format")
        if digest in self.store.blobs:
            return web.Response(status=200)
        data = await request.read()
        actual = "sha256:" + hashlib.sha256(data).hexdigest()
        if actual != digest:  # Ollama compares the strings: uppercase or sha256- fails too
            raise HTTPError(400, f'digest mismatch, expected "{digest}", got "{actual}"')
        self.store.blobs[digest] = data
        return web.Response(status=201)


def _modelfile(key: str, model: FakeModel, system: str) -> str:
    """The Modelfile `ollama show` prints (§5.8): FROM the weights blob, then the layers."""
    weights = layers(model)[0][0]
    lines = [
        '# Modelfile generated by "ollama show"',
        "# To build a new Modelfile based on this, replace FROM with:",
        f"# FROM {key}",
        "",
        f"FROM /root/.ollama/models/blobs/sha256-{weights}",
        f'TEMPLATE """{model.template}"""',
    ]
    if system:
        lines.append(f'SYSTEM """{system}"""')
    lines += ['PARAMETER stop "<|eot_id|>"', 'LICENSE """FAKE LICENSE"""', ""]
    return "\n".join(lines)


def _blob_key(digest: str) -> str:
    return digest.replace("-", ":", 1)


def _progress_line(status: str, digest: str, total: int, completed: int) -> dict[str, Any]:
    line: dict[str, Any] = {"status": status, "digest": f"sha256:{digest}", "total": total}
    if completed:  # omitempty
        line["completed"] = completed
    return line
