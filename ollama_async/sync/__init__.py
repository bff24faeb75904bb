"""Blocking API for Ollama on the same core as [`AsyncClient`][ollama_async.AsyncClient].

```
from ollama_async.sync import chat

reply = chat("llama3.2", [{"role": "user", "content": "Hi"}])
print(reply["message"]["content"])
for part in chat("llama3.2", [{"role": "user", "content": "Hi"}], stream=True):
    print(part.message.content, end="", flush=True)
```

Code written for the official package's sync API runs with its import
changed: `import ollama_async.sync as ollama`. The module-level functions
use a default [`Client`][ollama_async.sync.Client] made at the first call
from `OLLAMA_HOST` (importing reads no environment). Requests run in an
event loop of the library's own, in one daemon thread per process; streams
hop to it once per socket read, and parse in the caller's thread.

How the sync API is kept in step with the async one: `Client` and the
stream types are written out by hand (real signatures and overloads for
mypy and the docs, bodies that forward to the async core), and
`tests/test_sync_lockstep.py` compares them with `inspect.signature` and
`typing.get_overloads`, so a method or an argument added to `AsyncClient`
or to a stream fails the suite until the sync side has it. A generator
script would have kept them in step too; the test does it with less
machinery and keeps the docstrings hand-written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._client import AsyncClient
from .._deltas import (
    Delta,
    DoneDelta,
    SentenceDelta,
    TextDelta,
    ThinkingDelta,
    ToolCallsDelta,
)
from .._exceptions import (
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    EndpointNotFoundError,
    IncompleteStreamError,
    LineTooLongError,
    ModelNotFoundError,
    NotFoundError,
    OllamaConnectionError,
    OllamaError,
    OllamaTimeoutError,
    PermissionDeniedError,
    ProtocolError,
    RequestError,
    ResponseError,
    ServerBusyError,
    ServerError,
    StreamError,
    StructuredOutputError,
)
from .._ndjson import NDJSONDecoder
from .._responses import (
    ChatResponse,
    EmbeddingsResponse,
    EmbedResponse,
    GenerateResponse,
    ListModel,
    ListResponse,
    Logprob,
    Message,
    ModelDetails,
    ProcessResponse,
    ProgressResponse,
    RunningModel,
    ShowResponse,
    StatusResponse,
    Tensor,
    ToolCall,
    ToolCallFunction,
    WebFetchResponse,
    WebSearchResponse,
    WebSearchResult,
)
from .._sentences import SentenceSplitter, split_sentences
from .._transport import Timeout
from .._types import MessageDict, Options, Tool
from .._version import __version__
from ._client import Client
from ._default import default_client, function
from ._streams import (
    ChatStream,
    DeltaIterator,
    GenerateStream,
    ProgressStream,
    ReplyStream,
    SentenceIterator,
    Stream,
    TokenIterator,
)

if TYPE_CHECKING:
    # For mypy, each function is the default client's method, overloads and all.
    _default: Client
    chat = _default.chat
    copy = _default.copy
    create = _default.create
    create_blob = _default.create_blob
    delete = _default.delete
    embed = _default.embed
    embeddings = _default.embeddings
    exists = _default.exists
    generate = _default.generate
    has_blob = _default.has_blob
    list = _default.list
    load = _default.load
    ps = _default.ps
    pull = _default.pull
    push = _default.push
    show = _default.show
    unload = _default.unload
    version = _default.version
    web_fetch = _default.web_fetch
    web_search = _default.web_search
else:
    chat = function("chat")
    copy = function("copy")
    create = function("create")
    create_blob = function("create_blob")
    delete = function("delete")
    embed = function("embed")
    embeddings = function("embeddings")
    exists = function("exists")
    generate = function("generate")
    has_blob = function("has_blob")
    list = function("list")
    load = function("load")
    ps = function("ps")
    pull = function("pull")
    push = function("push")
    show = function("show")
    unload = function("unload")
    version = function("version")
    web_fetch = function("web_fetch")
    web_search = function("web_search")

__all__ = [
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "ChatResponse",
    "ChatStream",
    "Client",
    "ClientClosedError",
    "Delta",
    "DeltaIterator",
    "DoneDelta",
    "EmbedResponse",
    "EmbeddingsResponse",
    "EndpointNotFoundError",
    "GenerateResponse",
    "GenerateStream",
    "IncompleteStreamError",
    "LineTooLongError",
    "ListModel",
    "ListResponse",
    "Logprob",
    "Message",
    "MessageDict",
    "ModelDetails",
    "ModelNotFoundError",
    "NDJSONDecoder",
    "NotFoundError",
    "OllamaConnectionError",
    "OllamaError",
    "OllamaTimeoutError",
    "Options",
    "PermissionDeniedError",
    "ProcessResponse",
    "ProgressResponse",
    "ProgressStream",
    "ProtocolError",
    "ReplyStream",
    "RequestError",
    "ResponseError",
    "RunningModel",
    "SentenceDelta",
    "SentenceIterator",
    "SentenceSplitter",
    "ServerBusyError",
    "ServerError",
    "ShowResponse",
    "StatusResponse",
    "Stream",
    "StreamError",
    "StructuredOutputError",
    "Tensor",
    "TextDelta",
    "ThinkingDelta",
    "Timeout",
    "TokenIterator",
    "Tool",
    "ToolCall",
    "ToolCallFunction",
    "ToolCallsDelta",
    "WebFetchResponse",
    "WebSearchResponse",
    "WebSearchResult",
    "__version__",
    "chat",
    "copy",
    "create",
    "create_blob",
    "default_client",
    "delete",
    "embed",
    "embeddings",
    "exists",
    "generate",
    "has_blob",
    "list",
    "load",
    "ps",
    "pull",
    "push",
    "show",
    "split_sentences",
    "unload",
    "version",
    "web_fetch",
    "web_search",
]
