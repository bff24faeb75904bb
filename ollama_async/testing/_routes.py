"""FakeOllama's endpoints (§5): each decodes, checks in Ollama's order, then answers."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
from collections import deque
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Callable, Optional

from aiohttp import web

from ._checks import (
    UNMARSHALERS,
    check_format,
    check_options,
    check_top_logprobs,
    keep_alive,
    qualified,
    thinking_on,
)
from ._errors import HTTPError
from ._generation import Generation, compose
from ._gojson import created_at, decode_struct
from ._models import FakeModel, count_prompt_tokens, details, embedding, layers, parameter_count
from ._models import tokenize as tokenize_text
from ._script import ScriptedReply
from ._store import ModelStore, lookup
from ._stream import Lines, OnDisconnect, json_response, stream, until_last

__all__ = ["Routes"]

_DIGEST = re.compile(r"^sha256[:-][0-9a-fA-F]{64}$")


class Routes:
    """The request handlers, over one ``ModelStore`` and a queue of scripted replies."""

    def __init__(
        self,
        store: ModelStore,
        replies: deque[ScriptedReply],
        version: Callable[[], str],
        on_disconnect: OnDisconnect,
    ) -> None:
        self.store = store
        self.replies = replies
        self.version_text = version
        self.on_disconnect = on_disconnect

    async def root(self, request: web.Request) -> web.StreamResponse:
        """``GET /``: Ollama's banner (§5.1)."""
        return web.Response(text="Ollama is running")

    async def version(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/version`` (§5.2)."""
        return json_response(200, {"version": self.version_text()})

    # -- inference --------------------------------------------------------------

    async def generate(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/generate`` (§5.3), its checks in the notes' order."""
        body = decode_struct(await request.read(), "GenerateRequest", UNMARSHALERS)
        check_top_logprobs(body)
        name = body.get("model")
        key, model = self.store.get(name, "model '{name}' not found")
        keep = keep_alive(body.get("keep_alive"))
        prompt = body.get("prompt") or ""
        if not prompt and keep == timedelta(0):
            self.store.unload(key)
            return json_response(200, _load_answer(name, "unload", {"response": ""}))
        if body.get("raw") and any(body.get(k) for k in ("template", "system", "context")):
            raise HTTPError(400, "raw mode does not support template, system, or context")
        thinking = thinking_on(model, body.get("think"), name)
        if "completion" not in model.capabilities:
            raise HTTPError(400, f'"{name}" does not support generate')
        if body.get("suffix") and "insert" not in model.capabilities:
            raise HTTPError(400, f"{qualified(key)} does not support insert")
        check_options(body.get("options") or {})
        self.store.load(key, keep)
        if not prompt:
            return json_response(200, _load_answer(name, "load", {"response": ""}))
        check_format(body.get("format"))
        model, verbatim = self._scripted(key, model)
        tokens = count_prompt_tokens([body.get("system") or model.system, prompt])
        generation = self._generation(model, body, thinking, tokens, chat=False, verbatim=verbatim)

        def chunk(text: str, think: str) -> dict[str, Any]:
            line: dict[str, Any] = {"model": name, "created_at": created_at(), "response": text}
            if think:
                line["thinking"] = think
            line["done"] = False
            return line

        def final(line: dict[str, Any]) -> dict[str, Any]:
            if body.get("raw"):
                return generation.finish(line)  # raw mode returns no context (§5.3)
            return generation.finish(line, context=generation.context())

        return await self._answer(request, body, generation, chunk, final)

    async def chat(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/chat`` (§5.4)."""
        body = decode_struct(await request.read(), "ChatRequest", UNMARSHALERS)
        check_top_logprobs(body)
        name = body.get("model")
        if not name:
            raise HTTPError(400, "model is required")
        key, model = self.store.get(name, "model '{name}' not found")
        empty = {"message": {"role": "assistant", "content": ""}}
        messages: list[Any] = body.get("messages") or []
        keep = keep_alive(body.get("keep_alive"))
        if not messages and keep == timedelta(0):
            self.store.unload(key)
            return json_response(200, _load_answer(name, "unload", empty))
        if body.get("tools") and "tools" not in model.capabilities:
            raise HTTPError(400, f"{qualified(key)} does not support tools")
        thinking = thinking_on(model, body.get("think"), name)
        if "completion" not in model.capabilities:
            raise HTTPError(400, f'"{name}" does not support chat')
        check_options(body.get("options") or {})
        self.store.load(key, keep)
        if not messages:
            return json_response(200, _load_answer(name, "load", empty))
        check_format(body.get("format"))
        model, verbatim = self._scripted(key, model)
        tokens = count_prompt_tokens([(m or {}).get("content") for m in messages])
        generation = self._generation(model, body, thinking, tokens, chat=True, verbatim=verbatim)

        def chunk(text: str, think: str) -> dict[str, Any]:
            message: dict[str, Any] = {"role": "assistant", "content": text}
            if think:
                message["thinking"] = think
            return {"model": name, "created_at": created_at(), "message": message, "done": False}

        def final(line: dict[str, Any]) -> dict[str, Any]:
            if generation.tool_calls:  # the native path sends them on the final chunk (§5.4)
                line["message"]["tool_calls"] = generation.tool_calls
            return generation.finish(line)

        return await self._answer(request, body, generation, chunk, final)

    def _scripted(self, key: str, model: FakeModel) -> tuple[FakeModel, bool]:
        """``model`` as the first scripted reply for it changes it; whether its text is fixed."""
        entry = next((entry for entry in self.replies if entry.fits(key)), None)
        if entry is None:
            return model, False
        self.replies.remove(entry)
        return entry.apply(model), entry.reply is not None

    @staticmethod
    def _generation(
        model: FakeModel,
        body: Mapping[str, Any],
        thinking: bool,
        prompt_tokens: int,
        *,
        chat: bool,
        verbatim: bool,
    ) -> Generation:
        return Generation(
            model,
            compose(model, body, chat=chat, verbatim=verbatim),
            body.get("options") or {},
            thinking=thinking,
            prompt_tokens=prompt_tokens,
            logprobs=int(body.get("top_logprobs") or 0) if body.get("logprobs") else None,
        )

    async def _answer(
        self,
        request: web.Request,
        body: Mapping[str, Any],
        generation: Generation,
        chunk: Callable[[str, str], dict[str, Any]],
        final: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> web.StreamResponse:
        """Stream the generation's chunks, or merge them into one answer for ``stream: false``."""
        model = generation.model
        if body.get("stream", True) is not False:
            return await stream(request, generation.lines(chunk, final), self.on_disconnect, model)
        try:  # the whole generation takes its time before the one answer
            await asyncio.sleep(model.load_delay + model.token_delay * generation.count)
        except asyncio.CancelledError:
            self.on_disconnect(request.path, 0)
            raise
        if model.error_after is not None:
            raise HTTPError(500, model.error_message)
        answer = generation.whole(chunk)
        return json_response(200, answer if model.end_without_done else final(answer))

    async def embed(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/embed`` (§5.5)."""
        body = decode_struct(await request.read(), "EmbedRequest", UNMARSHALERS)
        name = body.get("model")
        if not name:
            raise HTTPError(404, "model '' not found")
        key, model = self.store.get(name, 'model "{name}" not found, try pulling it first')
        keep = keep_alive(body.get("keep_alive"))
        texts = body.get("input")
        if texts is None or texts == "" or texts == []:
            self.store.load(key, keep)
            return json_response(200, {"model": name, "embeddings": []})
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
            raise HTTPError(400, "invalid input type")
        check_options(body.get("options") or {})
        self.store.load(key, keep)
        size = model.embedding_dim or 8
        dimensions = body.get("dimensions")
        if isinstance(dimensions, int) and 0 < dimensions < size:
            size = dimensions  # the prefix of the full vector, normalised again
        return json_response(
            200,
            {
                "model": name,
                "embeddings": [embedding(text, size, normalize=True) for text in texts],
                "total_duration": 14_143_917 + 2_000_000 * len(texts),
                "load_duration": 1_019_500,
                "prompt_eval_count": sum(len(tokenize_text(text)) + 2 for text in texts),
            },
        )

    async def embeddings(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/embeddings``, the legacy single-vector route (§5.6)."""
        body = decode_struct(await request.read(), "EmbeddingRequest", UNMARSHALERS)
        name = body.get("model")
        if not name:
            raise HTTPError(400, "model is required")
        key, model = self.store.get(name, 'model "{name}" not found, try pulling it first')
        keep = keep_alive(body.get("keep_alive"))
        check_options(body.get("options") or {})
        self.store.load(key, keep)
        prompt = body.get("prompt") or ""
        vector = embedding(prompt, model.embedding_dim or 8, normalize=False) if prompt else []
        return json_response(200, {"embedding": vector})

    # -- models -----------------------------------------------------------------

    async def tags(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/tags`` (§5.7)."""
        return json_response(200, {"models": self.store.listing()})

    async def show(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/show`` (§5.8)."""
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
        """``GET /api/ps`` (§5.9)."""
        return json_response(200, {"models": self.store.running()})

    async def pull(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/pull`` (§5.10)."""
        body = decode_struct(await request.read(), "PullRequest", UNMARSHALERS)
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
        key = lookup(self.store.registry, name)
        if key is None:
            raise HTTPError(500, "pull model manifest: file does not exist")
        source = self.store.registry[key]
        for digest, total in layers(source):
            for completed in (0, total // 4, total // 2, 3 * total // 4, total):
                if source.token_delay:
                    await asyncio.sleep(source.token_delay)  # a download takes time
                yield _progress_line(f"pulling {digest[:12]}", digest, total, completed)
        yield {"status": "verifying sha256 digest"}
        yield {"status": "writing manifest"}
        self.store.install(name, dataclasses.replace(source, name=name))

    async def push(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/push`` (§5.11)."""
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

        return await self._progress(request, body, lines())

    async def create(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/create`` (§5.12): from a model (pulled if missing) or uploaded blobs."""
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

        return await self._progress(request, body, lines())

    async def _progress(
        self, request: web.Request, body: Mapping[str, Any], lines: Lines
    ) -> web.StreamResponse:
        """Stream progress lines, or answer only the last one for ``stream: false``."""
        if body.get("stream", True) is not False:
            return await stream(request, lines, self.on_disconnect)
        return json_response(200, await until_last(lines))  # an error answers its status

    async def copy(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/copy`` (§5.13)."""
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
        """``DELETE /api/delete`` (§5.14)."""
        body = decode_struct(await request.read(), "DeleteRequest", UNMARSHALERS)
        name = body.get("model") or body.get("name") or ""
        if not name:
            raise HTTPError(400, 'name "" is invalid')
        key, _ = self.store.get(name, "model '{name}' not found")
        self.store.delete(key)
        return web.Response(status=200)

    async def has_blob(self, request: web.Request) -> web.StreamResponse:
        """``HEAD /api/blobs/:digest`` (§5.15)."""
        digest = request.match_info["digest"]
        if not _DIGEST.match(digest):
            return web.Response(status=400)
        return web.Response(status=200 if _blob_key(digest) in self.store.blobs else 404)

    async def upload_blob(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/blobs/:digest`` (§5.16)."""
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
    """The Modelfile ``ollama show`` prints (§5.8): FROM the weights blob, then the layers."""
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


def _load_answer(name: Any, reason: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": name,
        "created_at": created_at(),
        **fields,
        "done": True,
        "done_reason": reason,
    }


def _progress_line(status: str, digest: str, total: int, completed: int) -> dict[str, Any]:
    line: dict[str, Any] = {"status": status, "digest": f"sha256:{digest}", "total": total}
    if completed:  # omitempty
        line["completed"] = completed
    return line
