"""Content a request carries: messages, images and tools, in every form callers pass them.

Dicts, response objects and pydantic-like objects (the official package's
`Message`, `Tool`, `Image`) are accepted alike (`as_dict`); each is checked as if
it had been passed as a dict, and [`RequestError`][ollama_async.RequestError] names the item and the fix.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

from ._exceptions import RequestError
from ._tools import function_to_tool
from ._types import ImageInput, MessageInput, ToolInput
from ._wire import WireObject

__all__ = ["as_dict", "encode_images", "encode_messages", "encode_tools"]

_DATA_URI = re.compile(r"^data:[^,]*;base64,", re.IGNORECASE)
_BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")


def as_dict(value: object, where: str) -> Optional[dict[str, Any]]:
    """`value` as a dict without its `None` fields, or `None` when it is not dict-like.

    Dict-like: a mapping, a response object, or anything pydantic-like such
    as the official package's `Message`, `Tool` and `Options` (sent as
    `model_dump(by_alias=True, exclude_none=True)`). The caller checks the
    dict as if it had been passed as one.
    """
    if isinstance(value, WireObject):
        data: Any = value.to_dict()
    elif isinstance(value, Mapping):
        data = value
    else:
        dump = getattr(value, "model_dump", None)
        if not callable(dump) or isinstance(value, type):
            return None
        try:
            data = dump(by_alias=True, exclude_none=True)
        except Exception as exc:  # e.g. ollama.Image's serializer finding no such file
            raise RequestError(
                f"{where}: {type(value).__name__}.model_dump() failed: {exc}"
            ) from exc
        if not isinstance(data, Mapping):
            raise RequestError(
                f"{where}: {type(value).__name__}.model_dump() returned {type(data).__name__}, not a dict"
            )
    return {key: item for key, item in data.items() if item is not None}


def encode_images(
    images: Union[None, ImageInput, Sequence[ImageInput]], name: str = "images"
) -> Optional[list[str]]:
    """Base64 strings from bytes, file paths, base64 strings or objects with `.value`
    (`ollama.Image`); one value is one image."""
    if images is None:
        return None
    if isinstance(images, (bytes, bytearray, str, os.PathLike)) or _image_value(images):
        return [_encode_image(images, 0)]
    if not isinstance(images, Sequence):
        raise RequestError(
            f"{name} must be bytes, a path, a base64 string or a list of them, got {type(images).__name__}"
        )
    return [_encode_image(image, index) for index, image in enumerate(images)]


_MEDIA_SIGNATURES = (
    (0, b"\x89PNG\r\n\x1a\n"),
    (0, b"\xff\xd8\xff"),  # JPEG
    (0, b"GIF87a"),
    (0, b"GIF89a"),
    (8, b"WEBP"),
    (0, b"BM"),
    (0, b"II*\x00"),  # TIFF
    (0, b"MM\x00*"),
    (4, b"ftyp"),  # HEIC, AVIF
    (8, b"WAVE"),  # Ollama passes audio in `images` to audio models
    (0, b"ID3"),
    (0, b"\xff\xfb"),
    (0, b"\xff\xf3"),
    (0, b"fLaC"),
    (0, b"OggS"),
)


def _is_media(head: bytes) -> bool:
    return any(head[at : at + len(magic)] == magic for at, magic in _MEDIA_SIGNATURES)


def _base64_head(text: str) -> Optional[bytes]:
    """The first decoded bytes of `text` if it is standard padded base64, else `None`."""
    if not text or len(text) % 4 or not _BASE64.match(text):
        return None
    try:
        return base64.b64decode(text, validate=True)[:16]
    except binascii.Error:
        return None


def _check_media(head: bytes, index: int) -> None:
    """Reject data that is no image (or audio) Ollama could read, e.g. text or a path gone wrong."""
    if not _is_media(head):
        raise RequestError(
            f"images[{index}] is not an image: its bytes start {head[:8]!r}, not PNG, JPEG, GIF, "
            "WebP, BMP, TIFF, HEIC/AVIF (or WAV, MP3, FLAC, Ogg audio)"
        )


def _image_value(image: object) -> bool:
    """Whether `image` is an image object such as `ollama.Image`, its data in `.value`."""
    return isinstance(getattr(image, "value", None), (bytes, bytearray, str, os.PathLike))


def _encode_image(image: object, index: int) -> str:
    if not isinstance(image, (bytes, bytearray, str, os.PathLike)):
        image = getattr(image, "value", image)  # an ollama.Image holds its data in .value
    if isinstance(image, (bytes, bytearray)):
        if not image:
            raise RequestError(f"images[{index}] is empty")
        _check_media(bytes(image[:16]), index)
        return base64.b64encode(image).decode("ascii")
    if isinstance(image, os.PathLike):
        return _read_image(os.fspath(image), index)
    if not isinstance(image, str):
        raise RequestError(
            f"images[{index}] must be bytes, a path, a base64 string or an ollama.Image, got {type(image).__name__}"
        )
    text = _DATA_URI.sub("", image.strip(), count=1)
    head = _base64_head(text)
    if head is not None and _is_media(head):
        return text
    if len(image) < 4096 and os.path.isfile(image):  # a path such as /tmp/abcd is base64 too
        return _read_image(image, index)
    if head is not None:
        raise RequestError(
            f"images[{index}] is not an image: {image[:40]!r} is no existing file, and as "
            f"base64 it decodes to bytes starting {head[:8]!r}, not to an image"
        )
    raise RequestError(
        f"images[{index}] is neither valid base64 (standard alphabet, padded) nor an existing file: {image[:40]!r}"
    )


def _read_image(path: Union[str, bytes], index: int) -> str:
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:
        raise RequestError(f"images[{index}]: cannot read {path!r}: {exc.strerror}") from exc
    if not data:
        raise RequestError(f"images[{index}]: {path!r} is empty")
    _check_media(data[:16], index)
    return base64.b64encode(data).decode("ascii")


def encode_messages(
    messages: Optional[Sequence[MessageInput]], name: str = "messages"
) -> Optional[list[dict[str, Any]]]:
    """Message dicts or response [`Message`][ollama_async.Message] objects, checked and with images encoded."""
    if messages is None:
        return None
    if isinstance(messages, (str, bytes, Mapping)) or not isinstance(messages, Sequence):
        raise RequestError(
            f"{name} must be a list of messages such as [{{'role': 'user', 'content': 'Hi'}}], "
            f"got {type(messages).__name__}"
        )
    return [_encode_message(message, index) for index, message in enumerate(messages)]


def _encode_message(message: object, index: int) -> dict[str, Any]:
    encoded = as_dict(message, f"messages[{index}]")
    if encoded is None:
        raise RequestError(
            f"messages[{index}] must be a dict with 'role' and 'content' (or an ollama.Message), "
            f"got {type(message).__name__}"
        )
    encoded["role"] = _encode_role(encoded.get("role"), index)
    for key in ("content", "thinking", "tool_name", "tool_call_id"):
        value = encoded.get(key)
        if value is not None and not isinstance(value, str):
            raise RequestError(
                f"messages[{index}]['{key}'] must be a str, got {type(value).__name__}"
            )
    if encoded.get("images") is not None:
        encoded["images"] = encode_images(encoded["images"])
    tool_calls = encoded.get("tool_calls")
    if tool_calls is not None:
        encoded["tool_calls"] = [_encode_tool_call(call, index) for call in tool_calls]
    return encoded


def _encode_role(role: object, index: int) -> str:
    """Any non-empty role: Ollama lowercases it and hands it to the model's template."""
    if not isinstance(role, str) or not role.strip():
        raise RequestError(
            f"messages[{index}]['role'] must be a non-empty str such as 'system', 'user', "
            f"'assistant' or 'tool'; got {role!r}"
        )
    if role != role.strip():
        raise RequestError(
            f"messages[{index}]['role'] {role!r} has surrounding whitespace; "
            f"the model's template would not know it: use {role.strip()!r}"
        )
    return role.lower()


def _encode_tool_call(call: object, index: int) -> dict[str, Any]:
    where = f"messages[{index}] tool call"
    encoded = as_dict(call, where)
    function = as_dict(encoded.get("function"), where) if encoded is not None else None
    if encoded is None or function is None:
        raise RequestError(
            f"{where} must look like {{'function': {{'name': ..., 'arguments': {{...}}}}}}, got {call!r}"
        )
    arguments = function.get("arguments")
    if arguments is not None and not isinstance(arguments, Mapping):
        raise RequestError(
            f"{where} arguments must be a dict (Ollama does not take "
            f"OpenAI-style JSON strings), got {type(arguments).__name__}"
        )
    encoded["function"] = function
    return encoded


def encode_tools(tools: Optional[Sequence[ToolInput]], name: str = "tools") -> Optional[list[Any]]:
    """Tool dicts, or plain functions turned into tool dicts from signature and docstring."""
    if tools is None:
        return None
    if (
        isinstance(tools, (str, bytes, Mapping))
        or callable(tools)
        or not isinstance(tools, Sequence)
    ):
        raise RequestError(
            f"{name} must be a list of tool dicts or functions, got {type(tools).__name__}"
        )
    return [_encode_tool(tool, index) for index, tool in enumerate(tools)]


def _encode_tool(tool: object, index: int) -> Any:
    encoded = as_dict(tool, f"tools[{index}]")
    if encoded is not None:
        function = as_dict(encoded.get("function"), f"tools[{index}]")
        if function is None or not isinstance(function.get("name"), str):
            raise RequestError(
                f"tools[{index}] must look like {{'type': 'function', 'function': {{'name': ...}}}}"
            )
        return {"type": "function", **encoded, "function": function}
    if callable(tool):
        return function_to_tool(tool)
    raise RequestError(
        f"tools[{index}] must be a tool dict or a function, got {type(tool).__name__}"
    )
