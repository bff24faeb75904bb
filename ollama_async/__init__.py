"""Fast, typed asyncio client for Ollama.

```
async with AsyncClient() as client:
    reply = await client.chat("llama3.2", [{"role": "user", "content": "Hi"}])
    print(reply.message.content)
```
"""

from ._client import AsyncClient
from ._deltas import (
    Delta,
    DeltaIterator,
    DoneDelta,
    SentenceDelta,
    TextDelta,
    ThinkingDelta,
    ToolCallsDelta,
)
from ._exceptions import (
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
from ._ndjson import NDJSONDecoder
from ._responses import (
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
from ._sentences import SentenceSplitter, split_sentences
from ._streaming import ChatStream, GenerateStream, ProgressStream, ReplyStream, Stream
from ._text import SentenceIterator, TokenIterator, sentences
from ._transport import Timeout
from ._types import MessageDict, Options, Tool

__version__ = "0.1.0"

__all__ = [
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "ChatResponse",
    "ChatStream",
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
    "sentences",
    "split_sentences",
]
