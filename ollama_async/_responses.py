"""Typed response objects for every Ollama endpoint (protocol notes §4–§5).

Each is a `ollama_async._wire.WireObject`: read-only attributes for
every documented field, `obj["field"]` for code written against the
official package, and every field the server sent kept, known or not.
Absent fields (Ollama omits empty values) read as the declared default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any, Optional, Protocol, TypeVar, cast

from ._exceptions import StructuredOutputError
from ._wire import WireObject, field, parse_timestamp, wrap_list

__all__ = [
    "ChatResponse",
    "EmbedResponse",
    "EmbeddingsResponse",
    "GenerateResponse",
    "ListModel",
    "ListResponse",
    "Logprob",
    "Message",
    "ModelDetails",
    "ProcessResponse",
    "ProgressResponse",
    "RunningModel",
    "ShowResponse",
    "StatusResponse",
    "Tensor",
    "ToolCall",
    "ToolCallFunction",
    "WebFetchResponse",
    "WebSearchResponse",
    "WebSearchResult",
]


class SupportsModelValidateJson(Protocol):
    """A model class that validates JSON text, such as any pydantic `BaseModel`."""

    @classmethod
    def model_validate_json(cls, json_data: str, /) -> Any:
        """An instance built from `json_data`, or an error."""
        ...


M = TypeVar("M", bound=SupportsModelValidateJson)


def _validate(model: type[M], text: str, what: str, done_reason: Optional[str] = None) -> M:
    """`text` validated as `model`; a `StructuredOutputError` naming why not."""
    try:
        return cast(M, model.model_validate_json(text))
    except Exception as exc:  # pydantic's ValidationError, or whatever the class raises
        hint = (
            "; the reply was cut off at the token limit (done_reason 'length'): raise num_predict"
            if done_reason == "length"
            else "; pass the same class as format= so Ollama constrains the output to its schema"
        )
        preview = text if len(text) <= 200 else text[:200] + "…"
        raise StructuredOutputError(
            f"{what} is not a valid {getattr(model, '__name__', model)!s}{hint}: {preview!r}\n{exc}",
            content=text,
        ) from exc


class Logprob(WireObject):
    """The log probability of one generated token, with its alternatives."""

    __slots__ = ()
    token: str = field("token", "")
    logprob: float = field("logprob", 0.0)
    bytes: Optional[Sequence[int]] = field("bytes")
    top_logprobs: Optional[Sequence[Logprob]] = field(
        "top_logprobs", convert=lambda items: [Logprob(item) for item in items]
    )


class ToolCallFunction(WireObject):
    """The function a model wants called: `name` and `arguments` (a JSON object)."""

    __slots__ = ()
    name: str = field("name", "")
    arguments: Mapping[str, Any] = field("arguments", MappingProxyType({}))
    index: Optional[int] = field("index")


class ToolCall(WireObject):
    """One tool call requested by the model."""

    __slots__ = ()
    id: Optional[str] = field("id")
    function: ToolCallFunction = field("function", ToolCallFunction(), ToolCallFunction)


class Message(WireObject):
    """A chat message; an assistant message can be sent back in `messages` as is."""

    __slots__ = ()
    role: str = field("role", "assistant")
    content: str = field("content", "")
    thinking: Optional[str] = field("thinking")
    images: Optional[Sequence[str]] = field("images")
    tool_calls: Optional[Sequence[ToolCall]] = field("tool_calls", convert=wrap_list(ToolCall))
    tool_name: Optional[str] = field("tool_name")
    tool_call_id: Optional[str] = field("tool_call_id")

    def parsed(self, model: type[M]) -> M:
        """The content validated as `model`, e.g. the pydantic class passed as `format=`.

        Raises `StructuredOutputError` when it does not validate.
        """
        return _validate(model, self.content, "the message content")


class _Metrics(WireObject):
    """Timing and token counts on the final chunk (§4.10); durations in nanoseconds."""

    __slots__ = ()
    total_duration: Optional[int] = field("total_duration")
    load_duration: Optional[int] = field("load_duration")
    prompt_eval_count: Optional[int] = field("prompt_eval_count")
    prompt_eval_duration: Optional[int] = field("prompt_eval_duration")
    eval_count: Optional[int] = field("eval_count")
    eval_duration: Optional[int] = field("eval_duration")

    @property
    def tokens_per_second(self) -> Optional[float]:
        """Generation speed, `eval_count / eval_duration`; `None` without metrics."""
        count, duration = self.eval_count, self.eval_duration
        if not count or not duration:
            return None
        return count * 1e9 / duration


class GenerateResponse(_Metrics):
    """A `/api/generate` answer, or one chunk of its stream."""

    __slots__ = ()
    model: str = field("model", "")
    created_at: str = field("created_at", "")
    response: str = field("response", "")
    thinking: Optional[str] = field("thinking")
    done: bool = field("done", False)
    done_reason: Optional[str] = field("done_reason")
    context: Optional[Sequence[int]] = field("context")
    tool_calls: Optional[Sequence[ToolCall]] = field("tool_calls", convert=wrap_list(ToolCall))
    logprobs: Optional[Sequence[Logprob]] = field("logprobs", convert=wrap_list(Logprob))
    remote_model: Optional[str] = field("remote_model")
    remote_host: Optional[str] = field("remote_host")
    image: Optional[str] = field("image")
    """Experimental image models (Ollama v0.14.3–v0.32.5): the generated PNG, base64."""
    completed: Optional[int] = field("completed")
    """Experimental image models, streaming: diffusion steps done so far."""
    total: Optional[int] = field("total")
    """Experimental image models, streaming: diffusion steps in all."""

    def parsed(self, model: type[M]) -> M:
        """The response text validated as `model`, e.g. the pydantic class passed as `format=`.

        Raises `StructuredOutputError` when it does not validate.
        """
        return _validate(model, self.response, "the response", self.done_reason)


class ChatResponse(_Metrics):
    """A `/api/chat` answer, or one chunk of its stream."""

    __slots__ = ()
    model: str = field("model", "")
    created_at: str = field("created_at", "")
    message: Message = field("message", Message(), Message)
    done: bool = field("done", False)
    done_reason: Optional[str] = field("done_reason")
    logprobs: Optional[Sequence[Logprob]] = field("logprobs", convert=wrap_list(Logprob))
    remote_model: Optional[str] = field("remote_model")
    remote_host: Optional[str] = field("remote_host")

    def parsed(self, model: type[M]) -> M:
        """The message content validated as `model`, e.g. the pydantic class passed as `format=`.

        Raises `StructuredOutputError` when it does not validate.
        """
        return _validate(model, self.message.content, "the message content", self.done_reason)


class EmbedResponse(WireObject):
    """A `/api/embed` answer: one L2-normalised vector per input."""

    __slots__ = ()
    model: str = field("model", "")
    embeddings: Sequence[Sequence[float]] = field("embeddings", ())
    total_duration: Optional[int] = field("total_duration")
    load_duration: Optional[int] = field("load_duration")
    prompt_eval_count: Optional[int] = field("prompt_eval_count")


class EmbeddingsResponse(WireObject):
    """A legacy `/api/embeddings` answer: one vector, not normalised."""

    __slots__ = ()
    embedding: Sequence[float] = field("embedding", ())


class ModelDetails(WireObject):
    """A model's format, family, size and quantization (§4.11)."""

    __slots__ = ()
    parent_model: Optional[str] = field("parent_model")
    format: Optional[str] = field("format")
    family: Optional[str] = field("family")
    families: Optional[Sequence[str]] = field("families")
    parameter_size: Optional[str] = field("parameter_size")
    quantization_level: Optional[str] = field("quantization_level")
    context_length: Optional[int] = field("context_length")
    embedding_length: Optional[int] = field("embedding_length")


class ListModel(WireObject):
    """One installed model in `/api/tags`."""

    __slots__ = ()
    name: str = field("name", "")
    model: str = field("model", "")
    modified_at: Optional[datetime] = field("modified_at", convert=parse_timestamp)
    size: Optional[int] = field("size")
    digest: Optional[str] = field("digest")
    details: Optional[ModelDetails] = field("details", convert=ModelDetails)
    capabilities: Optional[Sequence[str]] = field("capabilities")
    remote_model: Optional[str] = field("remote_model")
    remote_host: Optional[str] = field("remote_host")


class ListResponse(WireObject):
    """A `/api/tags` answer: the installed models, most recently modified first."""

    __slots__ = ()
    models: Sequence[ListModel] = field("models", (), wrap_list(ListModel))


class Tensor(WireObject):
    """One tensor of a model in `/api/show`."""

    __slots__ = ()
    name: str = field("name", "")
    type: str = field("type", "")
    shape: Sequence[int] = field("shape", ())


class ShowResponse(WireObject):
    """A `/api/show` answer: template, parameters, capabilities and metadata of one model.

    `modelinfo` (the official client's name) is an alias of `model_info`,
    as an attribute, a key and a constructor argument.
    """

    __slots__ = ()

    license: Optional[str] = field("license")
    modelfile: Optional[str] = field("modelfile")
    parameters: Optional[str] = field("parameters")
    template: Optional[str] = field("template")
    system: Optional[str] = field("system")
    renderer: Optional[str] = field("renderer")
    parser: Optional[str] = field("parser")
    details: Optional[ModelDetails] = field("details", convert=ModelDetails)
    messages: Optional[Sequence[Message]] = field("messages", convert=wrap_list(Message))
    remote_model: Optional[str] = field("remote_model")
    remote_host: Optional[str] = field("remote_host")
    model_info: Optional[Mapping[str, Any]] = field("model_info")
    projector_info: Optional[Mapping[str, Any]] = field("projector_info")
    tensors: Optional[Sequence[Tensor]] = field("tensors", convert=wrap_list(Tensor))
    capabilities: Optional[Sequence[str]] = field("capabilities")
    modified_at: Optional[datetime] = field("modified_at", convert=parse_timestamp)
    requires: Optional[str] = field("requires")

    def __init__(self, data: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> None:
        super().__init__(data, **fields)
        if _MODELINFO in self._data:  # e.g. an official ShowResponse's model_dump()
            self._data = {_alias(key): value for key, value in self._data.items()}

    @property
    def modelinfo(self) -> Optional[Mapping[str, Any]]:
        """The official client's name of `model_info`."""
        return self.model_info

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(_alias(key))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(_alias(key))


_MODELINFO = "modelinfo"


def _alias(key: Any) -> Any:
    return "model_info" if key == _MODELINFO else key


class RunningModel(WireObject):
    """One model loaded in memory in `/api/ps`."""

    __slots__ = ()
    name: str = field("name", "")
    model: str = field("model", "")
    size: Optional[int] = field("size")
    digest: Optional[str] = field("digest")
    details: Optional[ModelDetails] = field("details", convert=ModelDetails)
    expires_at: Optional[datetime] = field("expires_at", convert=parse_timestamp)
    size_vram: Optional[int] = field("size_vram")
    context_length: Optional[int] = field("context_length")


class ProcessResponse(WireObject):
    """A `/api/ps` answer: the loaded models, longest remaining first."""

    __slots__ = ()
    models: Sequence[RunningModel] = field("models", (), wrap_list(RunningModel))


class WebSearchResult(WireObject):
    """One hit of `ollama_async.AsyncClient.web_search`."""

    __slots__ = ()
    title: str = field("title", "")
    url: str = field("url", "")
    content: str = field("content", "")


class WebSearchResponse(WireObject):
    """An `ollama.com/api/web_search` answer: the hits, best first."""

    __slots__ = ()
    results: Sequence[WebSearchResult] = field("results", (), wrap_list(WebSearchResult))


class WebFetchResponse(WireObject):
    """An `ollama.com/api/web_fetch` answer: the page's title, its text, and its links."""

    __slots__ = ()
    title: str = field("title", "")
    content: str = field("content", "")
    links: Optional[Sequence[str]] = field("links")


class ProgressResponse(WireObject):
    """One pull/push/create progress object; the last one has `status == "success"`."""

    __slots__ = ()
    status: str = field("status", "")
    digest: Optional[str] = field("digest")
    total: Optional[int] = field("total")
    completed: Optional[int] = field("completed")


class StatusResponse(WireObject):
    """The result of `copy` and `delete`, which Ollama answers with an empty body."""

    __slots__ = ()
    status: str = field("status", "")
