"""`AsyncClient`: the session manager with one typed coroutine per Ollama endpoint."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import os
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Optional, TypeVar, Union, overload

from . import _request as request
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
from ._transport import Session, Timeout, Transport
from ._types import Format, ImageInput, KeepAlive, MessageInput, OptionsInput, Think, ToolInput

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._signatures import ChatArguments, GenerateArguments

__all__ = ["AsyncClient"]

C = TypeVar("C", bound="AsyncClient")
_S = TypeVar("_S", bound=Stream[Any])
_R = TypeVar("_R", GenerateResponse, ChatResponse)

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
    `max_connections` caps the open connections of each event loop's pool
    (0: no cap). `max_line_bytes` bounds one streamed line, `max_response_bytes` a whole
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
        session: Optional[Session] = None,
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
        max_connections = request.connection_limit(max_connections, "max_connections")
        max_line_bytes = request.byte_limit(max_line_bytes, "max_line_bytes")
        max_response_bytes = request.byte_limit(max_response_bytes, "max_response_bytes")
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
                own_session=session is None,
                trust_env=request.boolean(trust_env, "trust_env"),
                proxy=request.optional_str(proxy, "proxy"),
                environ=os.environ,
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
        stream: Literal[False] = False,
        **kwargs: Unpack[GenerateArguments],
    ) -> GenerateResponse: ...
    @overload
    async def generate(
        self,
        model: str,
        prompt: Optional[str] = None,
        suffix: Optional[str] = None,
        *,
        stream: Literal[True],
        **kwargs: Unpack[GenerateArguments],
    ) -> GenerateStream: ...
    @overload
    async def generate(
        self,
        model: str,
        prompt: Optional[str] = None,
        suffix: Optional[str] = None,
        *,
        stream: bool,
        **kwargs: Unpack[GenerateArguments],
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
        body = self._body(request.GENERATE, locals())
        try:
            if stream:
                return await self._open_stream(GenerateStream, request.GENERATE, body)
            return _finished(GenerateResponse(await self._call(request.GENERATE, body)))
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
        stream: Literal[False] = False,
        **kwargs: Unpack[ChatArguments],
    ) -> ChatResponse: ...
    @overload
    async def chat(
        self,
        model: str,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        stream: Literal[True],
        **kwargs: Unpack[ChatArguments],
    ) -> ChatStream: ...
    @overload
    async def chat(
        self,
        model: str,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        stream: bool,
        **kwargs: Unpack[ChatArguments],
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
        body = self._body(request.CHAT, locals())
        if stream:
            return await self._open_stream(ChatStream, request.CHAT, body)
        return _finished(ChatResponse(await self._call(request.CHAT, body)))

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
        body = self._body(request.EMBED, locals())
        return EmbedResponse(await self._call(request.EMBED, body))

    async def embeddings(
        self,
        model: str,
        prompt: Optional[str] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
    ) -> EmbeddingsResponse:
        """Embed one text with the legacy `POST /api/embeddings` (not normalised); prefer [`embed`][ollama_async.AsyncClient.embed]."""
        body = self._body(request.EMBEDDINGS, locals())
        return EmbeddingsResponse(await self._call(request.EMBEDDINGS, body))

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
        return await self._progress(request.PULL, locals())

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
        return await self._progress(request.PUSH, locals())

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
        return await self._progress(request.CREATE, locals())

    async def create_blob(self, path: Union[str, os.PathLike[str], bytes]) -> str:
        """Upload a file (or bytes) as a blob unless the server has it; return its `sha256:` digest."""
        source = request.blob_source(path, "create_blob: path")
        if isinstance(source, bytes):
            digest = "sha256:" + hashlib.sha256(source).hexdigest()
        else:
            digest = "sha256:" + await asyncio.to_thread(_sha256_file, source)
        if not await self.has_blob(digest):
            data = source if isinstance(source, bytes) else _read_file_chunks(source)
            await self._transport.request("POST", f"/api/blobs/{digest}", data=data)
        return digest

    async def has_blob(self, digest: str) -> bool:
        """Whether the server stores the blob `sha256:<64 hex>` (`HEAD /api/blobs/:digest`)."""
        digest = request.digest(digest, "has_blob: digest")
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
        body = self._body(request.SHOW, locals())
        return ShowResponse(await self._call(request.SHOW, body))

    async def ps(self) -> ProcessResponse:
        """The models loaded in memory (`GET /api/ps`)."""
        return ProcessResponse(await self._get("/api/ps"))

    async def copy(self, source: str, destination: str) -> StatusResponse:
        """Copy model `source` to the name `destination` (`POST /api/copy`)."""
        body = self._body(request.COPY, locals())
        await self._transport.request(request.COPY.method, request.COPY.path, body)
        return StatusResponse(status="success")

    async def delete(self, model: str) -> StatusResponse:
        """Delete `model` from the server (`DELETE /api/delete`)."""
        body = self._body(request.DELETE, locals())
        await self._transport.request(request.DELETE.method, request.DELETE.path, body)
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
        return WebSearchResponse(await self._web(request.WEB_SEARCH, locals()))

    async def web_fetch(self, url: str) -> WebFetchResponse:
        """Fetch one web page as text with Ollama's hosted API (`POST https://ollama.com/api/web_fetch`).

        Needs an ollama.com API key, like [`web_search`][ollama_async.AsyncClient.web_search].
        """
        return WebFetchResponse(await self._web(request.WEB_FETCH, locals()))

    async def _web(
        self, endpoint: request.Endpoint, arguments: Mapping[str, Any]
    ) -> dict[str, Any]:
        body = self._body(endpoint, arguments)
        key = self._web_api_key
        if key is None:
            raise RequestError(
                f"{endpoint.name} needs an ollama.com API key: create one at "
                "https://ollama.com/settings/keys and set OLLAMA_API_KEY, "
                "or pass AsyncClient(web_api_key=...)"
            )
        web = self._transport.rebased(self._web_host, {"Authorization": f"Bearer {key}"})
        try:
            _, data = await web.request(endpoint.method, endpoint.path, body)
        except AuthenticationError as exc:
            raise AuthenticationError(
                exc.error,
                exc.status_code,
                body=exc.body,
                hint=f"{self._web_host} refused the API key; check OLLAMA_API_KEY or web_api_key=",
            ) from exc
        return _object(data, endpoint.path)

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

    def _body(self, endpoint: request.Endpoint, arguments: Mapping[str, Any]) -> bytes:
        return endpoint.body(arguments, strict_options=self._strict_options)

    async def _get(self, path: str) -> dict[str, Any]:
        _, data = await self._transport.request("GET", path)
        return _object(data, path)

    async def _call(self, endpoint: request.Endpoint, body: bytes) -> dict[str, Any]:
        _, data = await self._transport.request(endpoint.method, endpoint.path, body)
        return _object(data, endpoint.path)

    async def _open_stream(
        self, stream_type: type[_S], endpoint: request.Endpoint, body: bytes
    ) -> _S:
        started = time.perf_counter()
        response = await self._transport.open(endpoint.method, endpoint.path, body)
        return stream_type(response, max_line_bytes=self._max_line_bytes, started=started)

    async def _progress(
        self, endpoint: request.Endpoint, arguments: Mapping[str, Any]
    ) -> Union[ProgressResponse, ProgressStream]:
        body = self._body(endpoint, arguments)
        if arguments["stream"]:
            return await self._open_stream(ProgressStream, endpoint, body)
        result = ProgressResponse(await self._call(endpoint, body))
        if result.status != "success":
            raise IncompleteStreamError(
                f"{endpoint.path} finished with status {result.status!r}, not 'success'"
            )
        return result


def _retry_policy(max_retries: int) -> RetryPolicy:
    return RetryPolicy(max_retries=request.retry_count(max_retries, "max_retries"))


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


def _sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(_BLOB_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


async def _read_file_chunks(path: str) -> AsyncIterator[bytes]:
    with open(path, "rb") as file:  # noqa: ASYNC230 - reads go through a thread below
        while chunk := await asyncio.to_thread(file.read, _BLOB_CHUNK):
            yield chunk
