"""The keyword arguments shared by an endpoint's `stream=` overloads.

`generate` and `chat` each have three overloads (`stream=False`, `True`,
a plain `bool`) that differ only in `stream` and the return type. Their
other keyword arguments are written once here and spread into each overload
with `**kwargs: Unpack[...]`; the implementation keeps the full signature,
so documentation and `inspect.signature` show every argument. The sync
client's overloads use the same shapes. A test holds each shape to the
implementation's keyword arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional, TypedDict, Union

from ._types import Format, ImageInput, KeepAlive, OptionsInput, Think, ToolInput

__all__ = ["ChatArguments", "GenerateArguments"]


class _ReplyArguments(TypedDict, total=False):
    think: Optional[Think]
    logprobs: Optional[bool]
    top_logprobs: Optional[int]
    format: Optional[Format]
    options: Optional[OptionsInput]
    keep_alive: Optional[KeepAlive]
    truncate: Optional[bool]
    shift: Optional[bool]


class GenerateArguments(_ReplyArguments, total=False):
    """`generate`'s keyword arguments besides `stream`."""

    system: Optional[str]
    template: Optional[str]
    context: Optional[Sequence[int]]
    raw: Optional[bool]
    images: Union[None, ImageInput, Sequence[ImageInput]]
    width: Optional[int]
    height: Optional[int]
    steps: Optional[int]


class ChatArguments(_ReplyArguments, total=False):
    """`chat`'s keyword arguments besides `stream`."""

    tools: Optional[Sequence[ToolInput]]
