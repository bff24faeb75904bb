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

import typing

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
from ._default import default_client
from ._default import function as _function
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

if typing.TYPE_CHECKING:
    # For mypy, each function is the default client's method, overloads and all.
    _typed = Client()  # never run: only its methods' types are wanted
    chat = _typed.chat
    copy = _typed.copy
    create = _typed.create
    create_blob = _typed.create_blob
    delete = _typed.delete
    embed = _typed.embed
    embeddings = _typed.embeddings
    exists = _typed.exists
    generate = _typed.generate
    has_blob = _typed.has_blob
    list = _typed.list
    load = _typed.load
    ps = _typed.ps
    pull = _typed.pull
    push = _typed.push
    show = _typed.show
    unload = _typed.unload
    version = _typed.version
    web_fetch = _typed.web_fetch
    web_search = _typed.web_search
else:
    chat = _function("chat")
    copy = _function("copy")
    create = _function("create")
    create_blob = _function("create_blob")
    delete = _function("delete")
    embed = _function("embed")
    embeddings = _function("embeddings")
    exists = _function("exists")
    generate = _function("generate")
    has_blob = _function("has_blob")
    list = _function("list")
    load = _function("load")
    ps = _function("ps")
    pull = _function("pull")
    push = _function("push")
    show = _function("show")
    unload = _function("unload")
    version = _function("version")
    web_fetch = _function("web_fetch")
    web_search = _function("web_search")

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
