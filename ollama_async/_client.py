"""`AsyncClient`: the session manager with one typed coroutine per Ollama endpoint."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import os
import re
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, Optional, TypeVar, Union, overload

import aiohttp

from ._accumulate import ChatAccumulator, GenerateAccumulator
from ._constants import MAX_LINE_BYTES, MAX_RESPONSE_BYTES
from ._exceptions import (
    AuthenticationError,
    BadRequestError,
    IncompleteStreamError,
    ModelNotFoundError,
    NotFoundError,
    ProtocolError,
    RequestError,
)
from ._host import parse_host
from ._proxy import client_rules
from ._request import (
    compact,
    encode_format,
    encode_images,
    encode_keep_alive,
    encode_messages,
    encode_options,
    encode_think,
    encode_tools,
    require_model,
)
from ._responses import (
    ChatResponse,
    EmbeddingsResponse,
    EmbedResponse,
    GenerateResponse,
    ListResponse,
    ProcessResponse,
    ProgressResponse,
    ShowResponse,
    StatusResponse,
    WebFetchResponse,
    WebSearchResponse,
)
from ._retry import RetryPolicy
from ._streaming import ChatStream, GenerateStream, ProgressStream, Stream
from ._transport import Timeout, Transport
from ._types import Format, ImageInput, KeepAlive, MessageInput, OptionsInput, Think, ToolInput

__all__ = ["AsyncClient"]

C = TypeVar("C", bound="AsyncClient")
_S = TypeVar("_S", bound=Stream[Any])
_R = TypeVar("_R", GenerateResponse, ChatResponse)

_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
_IMAGE_GENERATION_REMOVED = "image generation models are not currently supported"
_BLOB_CHUNK = 1 << 20


class _Unset:
    """The type of "argument not given" where `None` has a meaning."""


_UNSET = _Unset()


def _is_ollama_com(base_url: str) -> bool:
    host = base_url.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[0]
    return host == "ollama.com" or host.endswith(".ollama.com")


class AsyncClient:
    """Asyncio client for one Ollama server.

    `async with AsyncClient() as client:` owns one `aiohttp.ClientSession`,
    created on first use inside the running event loop and closed on exit
    (or by `await client.aclose()`); without `async with` it works the
    same and is closed by `aclose()`. Pass `session=` to use your own
    session, which is then never closed or reconfigured.

    `host` defaults to `OLLAMA_HOST`, parsed like the Ollama CLI does,
    else `http://127.0.0.1:11434`. `OLLAMA_API_KEY` is sent as a Bearer
    token only to ollama.com; pass `api_key=` to send a key elsewhere.
    [`web_search`][ollama_async.AsyncClient.web_search] and [`web_fetch`][ollama_async.AsyncClient.web_fetch] call `web_host` (ollama.com)
    with `web_api_key` (default `OLLAMA_API_KEY`, sent only to ollama.com
    unless passed explicitly) and nothing else of this client's headers.
    Requests that fail before any answer arrived (connection refused or
    reset, 429, 502, 503, 504; other 5xx only where no model runs) are
    retried up to `max_retries` times with exponential backoff and jitter;
    a started stream is never retried.
    `max_line_bytes` bounds one streamed line, `max_response_bytes` a whole
    non-streamed or error body (after decompression). `aclose()` also ends
    the streams still open: their readers get `ClientClosedError` with `.partial`.
    The client works from any event loop (one connection pool per loop).
    Requests go through the proxy of `HTTP_PROXY`/`HTTPS_PROXY`/`ALL_PROXY`
    unless `NO_PROXY` names the host, as Ollama's Go client reads them;
    `localhost` and loopback addresses never do. `trust_env=False` ignores
    those variables, `proxy=` sends every request through one proxy; neither
    applies to a `session=` of yours, whose own settings stay.
    """

    def __init__(
        self,
        host: Optional[str] = None,
        *,
        headers: Optional[Mapping[str, str]] = None,
        timeout: Union[Timeout, float, None] = Timeout(),  # noqa: B008 - immutable
        session: Optional[aiohttp.ClientSession] = None,
        api_key: Optional[str] = None,
        max_connections: int = 100,
        max_line_bytes: int = MAX_LINE_BYTES,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        strict_options: bool = True,
        max_retries: int = 2,
        web_host: str = "https://ollama.com",
        web_api_key: Optional[str] = None,
        trust_env: bool = True,
        proxy: Optional[str] = None,
    ) -> None:
        if host is not None:
            parsed = parse_host(host, "host")
        else:
            parsed = parse_host(os.environ.get("OLLAMA_HOST"), "OLLAMA_HOST")
        all_headers = dict(headers or {})
        if api_key is None and _is_ollama_com(parsed.base_url):
            api_key = os.environ.get("OLLAMA_API_KEY") or None
        if api_key and not any(key.lower() == "authorization" for key in all_headers):
            all_headers["Authorization"] = f"Bearer {api_key}"
        auth = (parsed.username, parsed.password or "") if parsed.username is not None else None
        for name, limit in (
            ("max_line_bytes", max_line_bytes),
            ("max_response_bytes", max_response_bytes),
        ):
            if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
                raise RequestError(f"{name} must be a positive int (bytes), got {limit!r}")
        self._transport = Transport(
            parsed.base_url,
            headers=all_headers,
            timeout=Timeout.coerce(timeout),
            retry=_retry_policy(max_retries),
            session=session,
            auth=auth,
            max_connections=max_connections,
            max_response_bytes=max_response_bytes,
            proxies=client_rules(
                own_session=session is None, trust_env=trust_env, proxy=proxy, environ=os.environ
            ),
        )
        self._max_line_bytes = max_line_bytes
        self._strict_options = strict_options
        self._web_host = parse_host(web_host, "web_host").base_url
        if web_api_key is None and _is_ollama_com(self._web_host):
            same_host = _is_ollama_com(parsed.base_url)
            web_api_key = (api_key if same_host else None) or os.environ.get("OLLAMA_API_KEY")
        self._web_api_key = web_api_key or None

    def with_options(
        self: C,
        *,
        timeout: Union[Timeout, float, None, _Unset] = _UNSET,
        max_retries: Union[int, _Unset] = _UNSET,
    ) -> C:
        """A client with other limits for some calls, sharing this one's session.

        `await client.with_options(timeout=Timeout(read=5), max_retries=0).chat(...)`.
        Closing either closes the session of both.
        """
        derived = copy.copy(self)
        derived._transport = self._transport.derive(
            timeout=self._transport.timeout
            if isinstance(timeout, _Unset)
            else Timeout.coerce(timeout),
            retry=self._transport.retry
            if isinstance(max_retries, _Unset)
            else _retry_policy(max_retries),
        )
        return derived

    @property
    def base_url(self) -> str:
        """The server's base URL, e.g. `http://127.0.0.1:11434`."""
        return self._transport.base_url

    @property
    def closed(self) -> bool:
        """Whether [`aclose`][ollama_async.AsyncClient.aclose] was called."""
        return self._transport.closed

    def __repr__(self) -> str:
        return f"AsyncClient(base_url={self.base_url!r})"

    async def __aenter__(self: C) -> C:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the owned HTTP session. Idempotent; later calls raise `ClientClosedError`."""
        await self._transport.aclose()

    close = aclose
    """The official `ollama.AsyncClient` name of [`aclose`][ollama_async.AsyncClient.aclose]."""

    # -- generation ---------------------------------------------------------

    @overload
    async def generate(
        self,
        model: str,
        prompt: Optional[str] = None,
        suffix: Optional[str] = None,
        *,
        system: Optional[str] = None,
        template: Optional[str] = None,
        context: Optional[Sequence[int]] = None,
        stream: Literal[False] = False,
        think: Optional[Think] = None,
        logprobs: Optional[bool] = None,
        top_logprobs: Optional[int] = None,
        raw: Optional[bool] = None,
        format: Optional[Format] = None,
        images: Union[None, ImageInput, Sequence[ImageInput]] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        truncate: Optional[bool] = None,
        shift: Optional[bool] = None,
        width: Optional[int] = None,
        height: Optional[int] = None,
        steps: Optional[int] = None,
    ) -> GenerateResponse: ...
    @overload
    async def generate(
        self,
        model: str,
        prompt: Optional[str] = None,
        suffix: Optional[str] = None,
        *,
        system: Optional[str] = None,
        template: Optional[str] = None,
        context: Optional[Sequence[int]] = None,
        stream: Literal[True],
        think: Optional[Think] = None,
        logprobs: Optional[bool] = None,
        top_logprobs: Optional[int] = None,
        raw: Optional[bool] = None,
        format: Optional[Format] = None,
        images: Union[None, ImageInput, Sequence[ImageInput]] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        truncate: Optional[bool] = None,
        shift: Optional[bool] = None,
        width: Optional[int] = None,
        height: Optional[int] = None,
        steps: Optional[int] = None,
    ) -> GenerateStream: ...
    @overload
    async def generate(
        self,
        model: str,
        prompt: Optional[str] = None,
        suffix: Optional[str] = None,
        *,
        system: Optional[str] = None,
        template: Optional[str] = None,
        context: Optional[Sequence[int]] = None,
        stream: bool,
        think: Optional[Think] = None,
        logprobs: Optional[bool] = None,
        top_logprobs: Optional[int] = None,
        raw: Optional[bool] = None,
        format: Optional[Format] = None,
        images: Union[None, ImageInput, Sequence[ImageInput]] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        truncate: Optional[bool] = None,
        shift: Optional[bool] = None,
        width: Optional[int] = None,
        height: Optional[int] = None,
        steps: Optional[int] = None,
    ) -> Union[GenerateResponse, GenerateStream]: ...
    async def generate(
        self,
        model: str,
        prompt: Optional[str] = None,
        suffix: Optional[str] = None,
        *,
        system: Optional[str] = None,
        template: Optional[str] = None,
        context: Optional[Sequence[int]] = None,
        stream: bool = False,
        think: Optional[Think] = None,
        logprobs: Optional[bool] = None,
        top_logprobs: Optional[int] = None,
        raw: Optional[bool] = None,
        format: Optional[Format] = None,
        images: Union[None, ImageInput, Sequence[ImageInput]] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        truncate: Optional[bool] = None,
        shift: Optional[bool] = None,
        width: Optional[int] = None,
        height: Optional[int] = None,
        steps: Optional[int] = None,
    ) -> Union[GenerateResponse, GenerateStream]:
        """Complete `prompt` with `model` (`POST /api/generate`).

        Returns a [`GenerateResponse`][ollama_async.GenerateResponse], or with `stream=True` a
        [`GenerateStream`][ollama_async.GenerateStream] of chunks. An empty prompt only loads the model.
        `width`, `height` and `steps` are for the experimental image
        models of Ollama v0.14.3 to v0.32.5 (the reply's `image`; stream
        chunks count `completed` of `total` steps); newer servers answer
        them with [`BadRequestError`][ollama_async.BadRequestError].
        """
        body = compact(
            model=require_model(model, endpoint="generate"),
            prompt=_optional_str(prompt, "prompt"),
            suffix=_optional_str(suffix, "suffix"),
            system=_optional_str(system, "system"),
            template=_optional_str(template, "template"),
            context=_int_list(context, "context"),
            stream=stream,
            think=encode_think(think),
            logprobs=_optional_bool(logprobs, "logprobs"),
            top_logprobs=_top_logprobs(top_logprobs),
            raw=_optional_bool(raw, "raw"),
            format=encode_format(format),
            images=encode_images(images),
            options=encode_options(options, strict=self._strict_options),
            keep_alive=encode_keep_alive(keep_alive),
            truncate=_optional_bool(truncate, "truncate"),
            shift=_optional_bool(shift, "shift"),
            width=_image_size(width, "width"),
            height=_image_size(height, "height"),
            steps=_image_size(steps, "steps"),
        )
        try:
            if stream:
                return await self._open_stream(GenerateStream, "/api/generate", body)
            return _finished(GenerateResponse(await self._post("/api/generate", body)))
        except BadRequestError as exc:
            if _IMAGE_GENERATION_REMOVED not in exc.error:
                raise
            raise BadRequestError(
                exc.error,
                exc.status_code,
                body=exc.body,
                hint="Ollama v0.32.6 removed image generation; only servers v0.14.3 to "
                "v0.32.5 run image models",
            ) from exc

    @overload
    async def chat(
        self,
        model: str,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        tools: Optional[Sequence[ToolInput]] = None,
        stream: Literal[False] = False,
        think: Optional[Think] = None,
        logprobs: Optional[bool] = None,
        top_logprobs: Optional[int] = None,
        format: Optional[Format] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        truncate: Optional[bool] = None,
        shift: Optional[bool] = None,
    ) -> ChatResponse: ...
    @overload
    async def chat(
        self,
        model: str,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        tools: Optional[Sequence[ToolInput]] = None,
        stream: Literal[True],
        think: Optional[Think] = None,
        logprobs: Optional[bool] = None,
        top_logprobs: Optional[int] = None,
        format: Optional[Format] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        truncate: Optional[bool] = None,
        shift: Optional[bool] = None,
    ) -> ChatStream: ...
    @overload
    async def chat(
        self,
        model: str,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        tools: Optional[Sequence[ToolInput]] = None,
        stream: bool,
        think: Optional[Think] = None,
        logprobs: Optional[bool] = None,
        top_logprobs: Optional[int] = None,
        format: Optional[Format] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        truncate: Optional[bool] = None,
        shift: Optional[bool] = None,
    ) -> Union[ChatResponse, ChatStream]: ...
    async def chat(
        self,
        model: str,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        tools: Optional[Sequence[ToolInput]] = None,
        stream: bool = False,
        think: Optional[Think] = None,
        logprobs: Optional[bool] = None,
        top_logprobs: Optional[int] = None,
        format: Optional[Format] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        truncate: Optional[bool] = None,
        shift: Optional[bool] = None,
    ) -> Union[ChatResponse, ChatStream]:
        """Continue the conversation `messages` with `model` (`POST /api/chat`).

        Returns a [`ChatResponse`][ollama_async.ChatResponse], or with `stream=True` a
        [`ChatStream`][ollama_async.ChatStream] of chunks. `tools` takes tool dicts or plain
        Python functions (their signature and docstring become the schema).
        """
        body = compact(
            model=require_model(model, endpoint="chat"),
            messages=encode_messages(messages),
            tools=encode_tools(tools),
            stream=stream,
            think=encode_think(think),
            logprobs=_optional_bool(logprobs, "logprobs"),
            top_logprobs=_top_logprobs(top_logprobs),
            format=encode_format(format),
            options=encode_options(options, strict=self._strict_options),
            keep_alive=encode_keep_alive(keep_alive),
            truncate=_optional_bool(truncate, "truncate"),
            shift=_optional_bool(shift, "shift"),
        )
        if stream:
            return await self._open_stream(ChatStream, "/api/chat", body)
        return _finished(ChatResponse(await self._post("/api/chat", body)))

    # -- embeddings ---------------------------------------------------------

    async def embed(
        self,
        model: str,
        input: Union[str, Sequence[str]] = "",
        truncate: Optional[bool] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        dimensions: Optional[int] = None,
    ) -> EmbedResponse:
        """Embed one text or a list of texts (`POST /api/embed`); vectors are L2-normalised."""
        if isinstance(input, str):
            texts: Union[str, list[str]] = input
        elif isinstance(input, Sequence) and all(isinstance(text, str) for text in input):
            texts = list(input)
        else:
            raise RequestError(f"input must be a str or a list of str, got {type(input).__name__}")
        if dimensions is not None and (
            isinstance(dimensions, bool) or not isinstance(dimensions, int) or dimensions < 1
        ):
            raise RequestError(f"dimensions must be a positive int, got {dimensions!r}")
        body = compact(
            model=require_model(model, endpoint="embed"),
            input=texts,
            truncate=_optional_bool(truncate, "truncate"),
            options=encode_options(options, strict=self._strict_options),
            keep_alive=encode_keep_alive(keep_alive),
            dimensions=dimensions,
        )
        return EmbedResponse(await self._post("/api/embed", body))

    async def embeddings(
        self,
        model: str,
        prompt: Optional[str] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
    ) -> EmbeddingsResponse:
        """Embed one text with the legacy `POST /api/embeddings` (not normalised); prefer [`embed`][ollama_async.AsyncClient.embed]."""
        body = compact(
            model=require_model(model, endpoint="embeddings"),
            prompt=_optional_str(prompt, "prompt"),
            options=encode_options(options, strict=self._strict_options),
            keep_alive=encode_keep_alive(keep_alive),
        )
        return EmbeddingsResponse(await self._post("/api/embeddings", body))

    # -- model management ---------------------------------------------------

    @overload
    async def pull(
        self, model: str, *, insecure: bool = False, stream: Literal[False] = False
    ) -> ProgressResponse: ...
    @overload
    async def pull(
        self, model: str, *, insecure: bool = False, stream: Literal[True]
    ) -> ProgressStream: ...
    @overload
    async def pull(
        self, model: str, *, insecure: bool = False, stream: bool
    ) -> Union[ProgressResponse, ProgressStream]: ...
    async def pull(
        self, model: str, *, insecure: bool = False, stream: bool = False
    ) -> Union[ProgressResponse, ProgressStream]:
        """Download `model` from its registry (`POST /api/pull`); `stream=True` for progress."""
        body = compact(
            model=require_model(model, endpoint="pull"), insecure=insecure or None, stream=stream
        )
        return await self._progress("/api/pull", body, stream)

    @overload
    async def push(
        self, model: str, *, insecure: bool = False, stream: Literal[False] = False
    ) -> ProgressResponse: ...
    @overload
    async def push(
        self, model: str, *, insecure: bool = False, stream: Literal[True]
    ) -> ProgressStream: ...
    @overload
    async def push(
        self, model: str, *, insecure: bool = False, stream: bool
    ) -> Union[ProgressResponse, ProgressStream]: ...
    async def push(
        self, model: str, *, insecure: bool = False, stream: bool = False
    ) -> Union[ProgressResponse, ProgressStream]:
        """Upload `namespace/model:tag` to its registry (`POST /api/push`)."""
        body = compact(
            model=require_model(model, endpoint="push"), insecure=insecure or None, stream=stream
        )
        return await self._progress("/api/push", body, stream)

    @overload
    async def create(
        self,
        model: str,
        quantize: Optional[str] = None,
        from_: Optional[str] = None,
        files: Optional[Mapping[str, str]] = None,
        adapters: Optional[Mapping[str, str]] = None,
        template: Optional[str] = None,
        license: Union[str, Sequence[str], None] = None,
        system: Optional[str] = None,
        parameters: Union[OptionsInput, Mapping[str, Any], None] = None,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        stream: Literal[False] = False,
    ) -> ProgressResponse: ...
    @overload
    async def create(
        self,
        model: str,
        quantize: Optional[str] = None,
        from_: Optional[str] = None,
        files: Optional[Mapping[str, str]] = None,
        adapters: Optional[Mapping[str, str]] = None,
        template: Optional[str] = None,
        license: Union[str, Sequence[str], None] = None,
        system: Optional[str] = None,
        parameters: Union[OptionsInput, Mapping[str, Any], None] = None,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        stream: Literal[True],
    ) -> ProgressStream: ...
    @overload
    async def create(
        self,
        model: str,
        quantize: Optional[str] = None,
        from_: Optional[str] = None,
        files: Optional[Mapping[str, str]] = None,
        adapters: Optional[Mapping[str, str]] = None,
        template: Optional[str] = None,
        license: Union[str, Sequence[str], None] = None,
        system: Optional[str] = None,
        parameters: Union[OptionsInput, Mapping[str, Any], None] = None,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        stream: bool,
    ) -> Union[ProgressResponse, ProgressStream]: ...
    async def create(
        self,
        model: str,
        quantize: Optional[str] = None,
        from_: Optional[str] = None,
        files: Optional[Mapping[str, str]] = None,
        adapters: Optional[Mapping[str, str]] = None,
        template: Optional[str] = None,
        license: Union[str, Sequence[str], None] = None,
        system: Optional[str] = None,
        parameters: Union[OptionsInput, Mapping[str, Any], None] = None,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        stream: bool = False,
    ) -> Union[ProgressResponse, ProgressStream]:
        """Create `model` from an existing model (`from_`) or uploaded blobs (`files`)."""
        if from_ is None and not files:
            raise RequestError(
                "create needs from_= (an existing model) or files= (uploaded blob digests)"
            )
        body = compact(
            model=require_model(model, endpoint="create"),
            quantize=_optional_str(quantize, "quantize"),
            **{"from": _optional_str(from_, "from_")},
            files=_digest_map(files, "files"),
            adapters=_digest_map(adapters, "adapters"),
            template=_optional_str(template, "template"),
            license=[license]
            if isinstance(license, str)
            else (list(license) if license is not None else None),
            system=_optional_str(system, "system"),
            parameters=encode_options(parameters, strict=False),
            messages=encode_messages(messages) if messages is not None else None,
            stream=stream,
        )
        return await self._progress("/api/create", body, stream)

    async def create_blob(self, path: Union[str, os.PathLike[str], bytes]) -> str:
        """Upload a file (or bytes) as a blob unless the server has it; return its `sha256:` digest."""
        if isinstance(path, bytes):
            digest = "sha256:" + hashlib.sha256(path).hexdigest()
        else:
            file = os.fspath(path)
            digest = "sha256:" + await asyncio.to_thread(_sha256_file, file)
        if not await self.has_blob(digest):
            data = path if isinstance(path, bytes) else _read_file_chunks(file)
            await self._transport.request("POST", f"/api/blobs/{digest}", data=data)
        return digest

    async def has_blob(self, digest: str) -> bool:
        """Whether the server stores the blob `sha256:<64 hex>` (`HEAD /api/blobs/:digest`)."""
        if not isinstance(digest, str) or not _DIGEST.match(digest):
            raise RequestError(f"digest must look like 'sha256:<64 lowercase hex>', got {digest!r}")
        try:
            await self._transport.request("HEAD", f"/api/blobs/{digest}")
        except NotFoundError:
            return False
        return True

    async def list(self) -> ListResponse:
        """The models installed on the server (`GET /api/tags`)."""
        return ListResponse(await self._get("/api/tags"))

    async def show(self, model: str, *, verbose: Optional[bool] = None) -> ShowResponse:
        """Details of one model: template, parameters, capabilities… (`POST /api/show`)."""
        body = compact(
            model=require_model(model, endpoint="show"), verbose=_optional_bool(verbose, "verbose")
        )
        return ShowResponse(await self._post("/api/show", body))

    async def ps(self) -> ProcessResponse:
        """The models loaded in memory (`GET /api/ps`)."""
        return ProcessResponse(await self._get("/api/ps"))

    async def copy(self, source: str, destination: str) -> StatusResponse:
        """Copy model `source` to the name `destination` (`POST /api/copy`)."""
        body = {
            "source": require_model(source, endpoint="copy"),
            "destination": require_model(destination, endpoint="copy"),
        }
        await self._transport.request("POST", "/api/copy", body)
        return StatusResponse(status="success")

    async def delete(self, model: str) -> StatusResponse:
        """Delete `model` from the server (`DELETE /api/delete`)."""
        await self._transport.request(
            "DELETE", "/api/delete", {"model": require_model(model, endpoint="delete")}
        )
        return StatusResponse(status="success")

    async def version(self) -> str:
        """The server's version string (`GET /api/version`), e.g. `"0.33.0"`."""
        data = await self._get("/api/version")
        version = data.get("version")
        if not isinstance(version, str):
            raise ProtocolError(f"/api/version answered without a version: {data!r}")
        return version

    # -- ollama.com web API ---------------------------------------------------

    async def web_search(self, query: str, max_results: int = 3) -> WebSearchResponse:
        """Search the web with Ollama's hosted API (`POST https://ollama.com/api/web_search`).

        `max_results` is 1 to 10. Needs an ollama.com API key: set
        `OLLAMA_API_KEY` or pass `AsyncClient(web_api_key=...)`.
        """
        if not isinstance(query, str) or not query.strip():
            raise RequestError(f"web_search: query must be a non-empty str, got {query!r}")
        if isinstance(max_results, bool) or not isinstance(max_results, int):
            raise RequestError(f"web_search: max_results must be an int, got {max_results!r}")
        if not 1 <= max_results <= 10:
            raise RequestError(f"web_search: max_results must be from 1 to 10, got {max_results}")
        body = {"query": query, "max_results": max_results}
        return WebSearchResponse(await self._web("/api/web_search", body))

    async def web_fetch(self, url: str) -> WebFetchResponse:
        """Fetch one web page as text with Ollama's hosted API (`POST https://ollama.com/api/web_fetch`).

        Needs an ollama.com API key, like [`web_search`][ollama_async.AsyncClient.web_search].
        """
        if not isinstance(url, str) or not url.strip():
            raise RequestError(f"web_fetch: url must be a non-empty str, got {url!r}")
        return WebFetchResponse(await self._web("/api/web_fetch", {"url": url}))

    async def _web(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        key = self._web_api_key
        if key is None:
            raise RequestError(
                f"{path.rsplit('/', 1)[1]} needs an ollama.com API key: create one at "
                "https://ollama.com/settings/keys and set OLLAMA_API_KEY, "
                "or pass AsyncClient(web_api_key=...)"
            )
        web = self._transport.rebased(self._web_host, {"Authorization": f"Bearer {key}"})
        try:
            _, data = await web.request("POST", path, body)
        except AuthenticationError as exc:
            raise AuthenticationError(
                exc.error,
                exc.status_code,
                body=exc.body,
                hint=f"{self._web_host} refused the API key; check OLLAMA_API_KEY or web_api_key=",
            ) from exc
        return _object(data, path)

    # -- helpers --------------------------------------------------------------

    async def exists(self, model: str) -> bool:
        """Whether `model` is installed on the server."""
        try:
            await self.show(model)
        except ModelNotFoundError:
            return False
        return True

    async def load(self, model: str, *, keep_alive: Optional[KeepAlive] = None) -> None:
        """Load `model` into memory now, so the first real request does not wait for it."""
        try:
            await self.generate(model, keep_alive=keep_alive)
        except BadRequestError as exc:
            if "does not support generate" not in exc.error:
                raise
            await self.embed(model, keep_alive=keep_alive)  # embedding-only models load this way

    async def unload(self, model: str) -> None:
        """Unload `model` from memory now (`keep_alive=0` with an empty prompt)."""
        await self.generate(model, keep_alive=0)

    # -- plumbing -------------------------------------------------------------

    async def _get(self, path: str) -> dict[str, Any]:
        _, data = await self._transport.request("GET", path)
        return _object(data, path)

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        _, data = await self._transport.request("POST", path, body)
        return _object(data, path)

    async def _open_stream(self, stream_type: type[_S], path: str, body: dict[str, Any]) -> _S:
        started = time.perf_counter()
        response = await self._transport.open("POST", path, body)
        return stream_type(response, max_line_bytes=self._max_line_bytes, started=started)

    async def _progress(
        self, path: str, body: dict[str, Any], stream: bool
    ) -> Union[ProgressResponse, ProgressStream]:
        if stream:
            return await self._open_stream(ProgressStream, path, body)
        result = ProgressResponse(await self._post(path, body))
        if result.status != "success":
            raise IncompleteStreamError(
                f"{path} finished with status {result.status!r}, not 'success'"
            )
        return result


def _retry_policy(max_retries: int) -> RetryPolicy:
    try:
        return RetryPolicy(max_retries=max_retries)
    except ValueError as exc:
        raise RequestError(str(exc)) from None


def _object(data: Any, path: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ProtocolError(f"{path} answered {data!r}, not a JSON object")
    return data


def _finished(response: _R) -> _R:
    """A non-streamed generate/chat answer with `done: false` was cut short by the server."""
    accumulator = ChatAccumulator if isinstance(response, ChatResponse) else GenerateAccumulator
    accumulator().check(response.raw)  # wrong-typed known fields: ProtocolError
    if not response.done:
        error = IncompleteStreamError(
            "Ollama returned an unfinished answer (done: false), e.g. after its token-repeat "
            "limit; the text so far is in .partial"
        )
        error.partial = response
        raise error
    return response


def _optional_str(value: object, name: str) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    raise RequestError(f"{name} must be a str, got {type(value).__name__}")


def _optional_bool(value: object, name: str) -> Optional[bool]:
    if value is None or isinstance(value, bool):
        return value
    raise RequestError(f"{name} must be True or False, got {value!r}")


def _top_logprobs(value: object) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 20:
        raise RequestError(f"top_logprobs must be an int from 0 to 20, got {value!r}")
    return value


def _image_size(value: object, name: str) -> Optional[int]:
    """Image `width`/`height` in pixels (Ollama's limit: 4096) or diffusion `steps`."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RequestError(f"{name} must be a positive int, got {value!r}")
    if name != "steps" and value > 4096:
        raise RequestError(f"{name} must be at most 4096 pixels, got {value}")
    return value


def _int_list(value: Optional[Sequence[int]], name: str) -> Optional[list[int]]:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not all(isinstance(item, int) for item in value):
        raise RequestError(
            f"{name} must be a list of token ids (ints), as returned in a previous response"
        )
    return list(value)


def _digest_map(value: Optional[Mapping[str, str]], name: str) -> Optional[dict[str, str]]:
    if value is None:
        return None
    for filename, digest in value.items():
        if not isinstance(digest, str) or not _DIGEST.match(digest):
            raise RequestError(
                f"{name}[{filename!r}] must be a blob digest 'sha256:<64 lowercase hex>' "
                f"as returned by create_blob(), got {digest!r}"
            )
    return dict(value)


def _sha256_file(path: str) -> str:
    if not os.path.isfile(path):
        raise RequestError(f"create_blob: {path!r} is not a file")
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(_BLOB_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


async def _read_file_chunks(path: str) -> AsyncIterator[bytes]:
    with open(path, "rb") as file:  # noqa: ASYNC230 - reads go through a thread below
        while chunk := await asyncio.to_thread(file.read, _BLOB_CHUNK):
            yield chunk
