"""`Client`: the blocking twin of `AsyncClient`, running it in the portal's loop.

Each method has the signature of its `AsyncClient` coroutine, written out
here (so mypy, editors and the API docs see real overloads) and held to it
by `tests/test_sync_lockstep.py`: a public method or argument that
`AsyncClient` gains and `Client` lacks fails that test. The bodies hand
their `locals()` to the coroutine of the same name, run in the portal;
nothing about a request is decided here, so every check, timeout, retry
and typed error is the async core's.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Coroutine, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Literal, Optional, TypeVar, Union, overload

from .._client import _UNSET, AsyncClient, _Unset
from .._constants import MAX_LINE_BYTES, MAX_RESPONSE_BYTES
from .._responses import (
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
from .._transport import Timeout
from .._types import Format, ImageInput, KeepAlive, MessageInput, OptionsInput, Think, ToolInput
from ._portal import portal
from ._streams import ChatStream, GenerateStream, ProgressStream, opened

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .._signatures import ChatArguments, GenerateArguments

__all__ = ["Client"]

C = TypeVar("C", bound="Client")


class Client:
    """Blocking client for one Ollama server, on the same core as [`AsyncClient`][ollama_async.AsyncClient].

    `with Client() as client:` or plain `client = Client()`; every
    argument means what it means for `AsyncClient`. There is no
    `session=`: an aiohttp session belongs to the event loop it was made
    in, and a sync client's requests run in a loop of the library's own
    (one daemon thread per process), which no caller's session lives in.
    Proxies: `trust_env` and `proxy` as for `AsyncClient`, read when the
    client is made (the module-level functions' client: at their first call).
    A client may be shared by many threads; its requests run concurrently.
    `close()` ends the streams still open (their readers get
    `ClientClosedError` with `.partial`); a client never closed is closed
    at interpreter exit.
    """

    def __init__(
        self,
        host: Optional[str] = None,
        *,
        headers: Optional[Mapping[str, str]] = None,
        timeout: Union[Timeout, float, None] = Timeout(),  # noqa: B008 - immutable
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
        arguments = dict(locals())
        del arguments["self"]
        self._async = AsyncClient(**arguments)

    def with_options(
        self: C,
        *,
        timeout: Union[Timeout, float, None, _Unset] = _UNSET,
        max_retries: Union[int, _Unset] = _UNSET,
    ) -> C:
        """A client with other limits for some calls, sharing this one's connections.

        `client.with_options(timeout=Timeout(read=5), max_retries=0).chat(...)`.
        Closing either closes both.
        """
        derived = copy.copy(self)
        derived._async = self._async.with_options(timeout=timeout, max_retries=max_retries)
        return derived

    @property
    def base_url(self) -> str:
        """The server's base URL, e.g. `http://127.0.0.1:11434`."""
        return self._async.base_url

    @property
    def closed(self) -> bool:
        """Whether [`close`][ollama_async.sync.Client.close] was called."""
        return self._async.closed

    def __repr__(self) -> str:
        return f"Client(base_url={self.base_url!r})"

    def __enter__(self: C) -> C:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections. Idempotent; later calls raise `ClientClosedError`."""
        portal.call(self._async.aclose)

    # -- generation ---------------------------------------------------------

    @overload
    def generate(
        self,
        model: str,
        prompt: Optional[str] = None,
        suffix: Optional[str] = None,
        *,
        stream: Literal[False] = False,
        **kwargs: Unpack[GenerateArguments],
    ) -> GenerateResponse: ...
    @overload
    def generate(
        self,
        model: str,
        prompt: Optional[str] = None,
        suffix: Optional[str] = None,
        *,
        stream: Literal[True],
        **kwargs: Unpack[GenerateArguments],
    ) -> GenerateStream: ...
    @overload
    def generate(
        self,
        model: str,
        prompt: Optional[str] = None,
        suffix: Optional[str] = None,
        *,
        stream: bool,
        **kwargs: Unpack[GenerateArguments],
    ) -> Union[GenerateResponse, GenerateStream]: ...
    def generate(
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
        """[`AsyncClient.generate`][ollama_async.AsyncClient.generate]; `stream=True` gives a [`GenerateStream`][ollama_async.sync.GenerateStream]."""
        return self._run(AsyncClient.generate, locals())  # type: ignore[no-any-return]

    @overload
    def chat(
        self,
        model: str,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        stream: Literal[False] = False,
        **kwargs: Unpack[ChatArguments],
    ) -> ChatResponse: ...
    @overload
    def chat(
        self,
        model: str,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        stream: Literal[True],
        **kwargs: Unpack[ChatArguments],
    ) -> ChatStream: ...
    @overload
    def chat(
        self,
        model: str,
        messages: Optional[Sequence[MessageInput]] = None,
        *,
        stream: bool,
        **kwargs: Unpack[ChatArguments],
    ) -> Union[ChatResponse, ChatStream]: ...
    def chat(
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
        """[`AsyncClient.chat`][ollama_async.AsyncClient.chat]; `stream=True` gives a [`ChatStream`][ollama_async.sync.ChatStream]."""
        return self._run(AsyncClient.chat, locals())  # type: ignore[no-any-return]

    # -- embeddings ---------------------------------------------------------

    def embed(
        self,
        model: str,
        input: Union[str, Sequence[str]] = "",
        truncate: Optional[bool] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
        dimensions: Optional[int] = None,
    ) -> EmbedResponse:
        """[`AsyncClient.embed`][ollama_async.AsyncClient.embed]: L2-normalised vectors."""
        return self._run(AsyncClient.embed, locals())  # type: ignore[no-any-return]

    def embeddings(
        self,
        model: str,
        prompt: Optional[str] = None,
        options: Optional[OptionsInput] = None,
        keep_alive: Optional[KeepAlive] = None,
    ) -> EmbeddingsResponse:
        """[`AsyncClient.embeddings`][ollama_async.AsyncClient.embeddings]: the legacy endpoint."""
        return self._run(AsyncClient.embeddings, locals())  # type: ignore[no-any-return]

    # -- model management ---------------------------------------------------

    @overload
    def pull(
        self, model: str, *, insecure: bool = False, stream: Literal[False] = False
    ) -> ProgressResponse: ...
    @overload
    def pull(
        self, model: str, *, insecure: bool = False, stream: Literal[True]
    ) -> ProgressStream: ...
    @overload
    def pull(
        self, model: str, *, insecure: bool = False, stream: bool
    ) -> Union[ProgressResponse, ProgressStream]: ...
    def pull(
        self, model: str, *, insecure: bool = False, stream: bool = False
    ) -> Union[ProgressResponse, ProgressStream]:
        """[`AsyncClient.pull`][ollama_async.AsyncClient.pull]; `stream=True` for progress."""
        return self._run(AsyncClient.pull, locals())  # type: ignore[no-any-return]

    @overload
    def push(
        self, model: str, *, insecure: bool = False, stream: Literal[False] = False
    ) -> ProgressResponse: ...
    @overload
    def push(
        self, model: str, *, insecure: bool = False, stream: Literal[True]
    ) -> ProgressStream: ...
    @overload
    def push(
        self, model: str, *, insecure: bool = False, stream: bool
    ) -> Union[ProgressResponse, ProgressStream]: ...
    def push(
        self, model: str, *, insecure: bool = False, stream: bool = False
    ) -> Union[ProgressResponse, ProgressStream]:
        """[`AsyncClient.push`][ollama_async.AsyncClient.push]; `stream=True` for progress."""
        return self._run(AsyncClient.push, locals())  # type: ignore[no-any-return]

    @overload
    def create(
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
    def create(
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
    def create(
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
    def create(
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
        """[`AsyncClient.create`][ollama_async.AsyncClient.create]: from `from_` or uploaded `files`."""
        return self._run(AsyncClient.create, locals())  # type: ignore[no-any-return]

    def create_blob(self, path: Union[str, os.PathLike[str], bytes]) -> str:
        """[`AsyncClient.create_blob`][ollama_async.AsyncClient.create_blob]: the `sha256:` digest."""
        return self._run(AsyncClient.create_blob, locals())  # type: ignore[no-any-return]

    def has_blob(self, digest: str) -> bool:
        """[`AsyncClient.has_blob`][ollama_async.AsyncClient.has_blob]."""
        return self._run(AsyncClient.has_blob, locals())  # type: ignore[no-any-return]

    def list(self) -> ListResponse:
        """The models installed on the server (`GET /api/tags`)."""
        return self._run(AsyncClient.list, locals())  # type: ignore[no-any-return]

    def show(self, model: str, *, verbose: Optional[bool] = None) -> ShowResponse:
        """[`AsyncClient.show`][ollama_async.AsyncClient.show]: template, parameters, capabilities…"""
        return self._run(AsyncClient.show, locals())  # type: ignore[no-any-return]

    def ps(self) -> ProcessResponse:
        """The models loaded in memory (`GET /api/ps`)."""
        return self._run(AsyncClient.ps, locals())  # type: ignore[no-any-return]

    def copy(self, source: str, destination: str) -> StatusResponse:
        """Copy model `source` to the name `destination` (`POST /api/copy`)."""
        return self._run(AsyncClient.copy, locals())  # type: ignore[no-any-return]

    def delete(self, model: str) -> StatusResponse:
        """Delete `model` from the server (`DELETE /api/delete`)."""
        return self._run(AsyncClient.delete, locals())  # type: ignore[no-any-return]

    def version(self) -> str:
        """The server's version string (`GET /api/version`), e.g. `"0.33.0"`."""
        return self._run(AsyncClient.version, locals())  # type: ignore[no-any-return]

    # -- ollama.com web API ---------------------------------------------------

    def web_search(self, query: str, max_results: int = 3) -> WebSearchResponse:
        """[`AsyncClient.web_search`][ollama_async.AsyncClient.web_search]: needs an ollama.com API key."""
        return self._run(AsyncClient.web_search, locals())  # type: ignore[no-any-return]

    def web_fetch(self, url: str) -> WebFetchResponse:
        """[`AsyncClient.web_fetch`][ollama_async.AsyncClient.web_fetch]: needs an ollama.com API key."""
        return self._run(AsyncClient.web_fetch, locals())  # type: ignore[no-any-return]

    # -- helpers --------------------------------------------------------------

    def exists(self, model: str) -> bool:
        """Whether `model` is installed on the server."""
        return self._run(AsyncClient.exists, locals())  # type: ignore[no-any-return]

    def load(self, model: str, *, keep_alive: Optional[KeepAlive] = None) -> None:
        """Load `model` into memory now, so the first real request does not wait for it."""
        self._run(AsyncClient.load, locals())

    def unload(self, model: str) -> None:
        """Unload `model` from memory now (`keep_alive=0` with an empty prompt)."""
        self._run(AsyncClient.unload, locals())

    # -- plumbing -------------------------------------------------------------

    def _run(
        self, method: Callable[..., Coroutine[Any, Any, Any]], arguments: dict[str, Any]
    ) -> Any:
        """Call the `AsyncClient` method with this method's arguments, in the portal."""
        del arguments["self"]
        return portal.call(opened, method, self._async, arguments, portal)
