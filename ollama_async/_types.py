"""Request-side types: `Options`, messages, tools and the accepted input forms."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Literal, Optional, Protocol, TypedDict, Union

__all__ = [
    "Format",
    "ImageInput",
    "KeepAlive",
    "MessageDict",
    "MessageInput",
    "Options",
    "OptionsInput",
    "SupportsImageValue",
    "SupportsModelDump",
    "SupportsModelJsonSchema",
    "Think",
    "Tool",
    "ToolFunction",
    "ToolInput",
]


class SupportsModelDump(Protocol):
    """Anything pydantic-like, e.g. `ollama.Message`, `ollama.Options`, `ollama.Tool`.

    It is sent as `model_dump(by_alias=True, exclude_none=True)`, then
    checked like a dict.
    """

    def model_dump(self, *, by_alias: bool = ..., exclude_none: bool = ...) -> Mapping[str, Any]:
        """The object as a dict."""
        ...


class SupportsImageValue(Protocol):
    """An image object holding its data in `.value`, such as `ollama.Image`."""

    @property
    def value(self) -> Union[bytes, str, os.PathLike[str]]:
        """Raw bytes, a file path or a base64 string."""
        ...


ImageInput = Union[bytes, str, os.PathLike[str], SupportsImageValue]
"""An image: raw bytes, a file path, a base64 string (a data URI too) or an `ollama.Image`."""


class Options(TypedDict, total=False):
    """Every valid key of a request's `options` (protocol notes §4.1).

    Sampling options apply per request; the load-time ones (`num_ctx` and
    below) reload the model when they change.
    """

    num_keep: int
    seed: int
    num_predict: int
    top_k: int
    top_p: float
    min_p: float
    typical_p: float
    repeat_last_n: int
    temperature: float
    repeat_penalty: float
    presence_penalty: float
    frequency_penalty: float
    stop: Sequence[str]
    num_ctx: int
    num_batch: int
    num_gpu: int
    main_gpu: Optional[int]
    use_mmap: Optional[bool]
    num_thread: int
    draft_num_predict: int


class _ToolCallFunctionRequired(TypedDict):
    name: str
    arguments: Mapping[str, Any]


class ToolCallFunctionDict(_ToolCallFunctionRequired, total=False):
    """The function part of a tool call sent back in an assistant message."""

    index: int


class _ToolCallRequired(TypedDict):
    function: ToolCallFunctionDict


class ToolCallDict(_ToolCallRequired, total=False):
    """A tool call sent back in an assistant message."""

    id: str


class _MessageRequired(TypedDict):
    role: str


class MessageDict(_MessageRequired, total=False):
    """A chat message as a dict: `{"role": "user", "content": "Hi"}`.

    `role` is any non-empty string: Ollama hands it to the model's template
    (`system`, `user`, `assistant`, `tool`; some models know others,
    e.g. `developer`).
    """

    content: str
    thinking: str
    images: Sequence[ImageInput]
    tool_calls: Sequence[Union[ToolCallDict, Mapping[str, Any], SupportsModelDump]]
    tool_name: str
    tool_call_id: str


class _ToolFunctionRequired(TypedDict):
    name: str


class ToolFunction(_ToolFunctionRequired, total=False):
    """The `function` part of a tool definition (§4.8)."""

    description: str
    parameters: Mapping[str, Any]


class Tool(TypedDict):
    """A tool definition: `{"type": "function", "function": {...}}`."""

    type: Literal["function"]
    function: ToolFunction


Think = Union[bool, Literal["low", "medium", "high", "max"]]
"""`think=`: on/off, or a reasoning level for models that have levels."""


class SupportsModelJsonSchema(Protocol):
    """A model class that gives its JSON schema, such as any pydantic `BaseModel`."""

    @classmethod
    def model_json_schema(cls) -> Mapping[str, Any]:
        """The class's JSON schema."""
        ...


Format = Union[Literal["json"], Mapping[str, Any], type[SupportsModelJsonSchema]]
"""`format=`: `"json"`, a JSON-schema dict, or a pydantic model class (its schema is sent;
read the reply back with `reply.parsed(Model)`)."""

KeepAlive = Union[float, int, str, datetime.timedelta]
"""`keep_alive=`: seconds, a `timedelta` or a Go duration such as `"5m"`; negative keeps forever."""

MessageInput = Union[MessageDict, Mapping[str, Any], SupportsModelDump]
"""A chat message: a dict, a [`Message`][ollama_async.Message] from a response or an `ollama.Message`."""

ToolInput = Union[Tool, Mapping[str, Any], SupportsModelDump, Callable[..., Any]]
"""A tool: a tool dict, an `ollama.Tool`, or a plain Python function (its signature and
docstring become the schema)."""

OptionsInput = Union[Options, SupportsModelDump]
"""`options=`: a dict checked against `Options` by type checkers, or an `ollama.Options`.

Any other mapping works at run time and is checked then; to have a type
checker accept a dict built elsewhere, annotate it: `opts: Options = {...}`.
"""
