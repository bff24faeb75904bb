"""FakeOllama's inference endpoints (§5.3–§5.6): generate, chat, embed, embeddings."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Callable

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
from ._images import image_lines
from ._models import FakeModel, count_prompt_tokens, embedding, tokenize
from ._script import ScriptedReply
from ._store import ModelStore
from ._stream import OnDisconnect, json_response, progress, stream

__all__ = ["InferenceRoutes"]


class InferenceRoutes:
    """Handlers that run a model, over the store and the queue of scripted replies."""

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

    async def generate(self, request: web.Request) -> web.StreamResponse:
        """`POST /api/generate` (§5.3), its checks in the notes' order."""
        body = decode_struct(await request.read(), "GenerateRequest", UNMARSHALERS)
        check_top_logprobs(body)
        name = body.get("model")
        key, model = self.store.get(name, "model '{name}' not found")
        keep = keep_alive(body.get("keep_alive"))
        if "image" in model.capabilities:
            lines = image_lines(str(name), body, model, self.version_text())
            return await progress(request, body, lines, self.on_disconnect)
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
        model, verbatim = await self._scripted(key, model)
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
        """`POST /api/chat` (§5.4)."""
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
        model, verbatim = await self._scripted(key, model)
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

    async def _scripted(self, key: str, model: FakeModel) -> tuple[FakeModel, bool]:
        """`model` as the first scripted reply for it changes it; whether its text is fixed.

        A scripted error is raised here, after the entry's delay.
        """
        entry = next((entry for entry in self.replies if entry.fits(key)), None)
        if entry is None:
            return model, False
        self.replies.remove(entry)
        failure = entry.failure()
        if failure is not None:
            await asyncio.sleep(entry.delay)
            raise failure
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
        """Stream the generation's chunks, or merge them into one answer for `stream: false`."""
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
        """`POST /api/embed` (§5.5)."""
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
                "prompt_eval_count": sum(len(tokenize(text)) + 2 for text in texts),
            },
        )

    async def embeddings(self, request: web.Request) -> web.StreamResponse:
        """`POST /api/embeddings`, the legacy single-vector route (§5.6)."""
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


def _load_answer(name: Any, reason: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": name,
        "created_at": created_at(),
        **fields,
        "done": True,
        "done_reason": reason,
    }
