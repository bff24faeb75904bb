"""Validate and encode request fields before anything is sent (protocol notes §4).

Each `encode_*` function takes what a caller may pass, returns the JSON
value Ollama expects (`None` for "leave it out") and raises
[`RequestError`][ollama_async.RequestError] naming the problem and the fix for anything Ollama
would reject — or, worse, silently ignore.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import math
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

import orjson

from ._exceptions import RequestError
from ._tools import function_to_tool
from ._types import Format, ImageInput, KeepAlive, MessageInput, OptionsInput, Think, ToolInput
from ._wire import WireObject

__all__ = [
    "OPTION_TYPES",
    "as_dict",
    "compact",
    "encode_body",
    "encode_format",
    "encode_images",
    "encode_keep_alive",
    "encode_messages",
    "encode_options",
    "encode_think",
    "encode_tools",
    "require_model",
]

_INT, _FLOAT, _STRINGS, _OPT_INT, _OPT_BOOL = (
    "int",
    "float",
    "list of str",
    "int or None",
    "bool or None",
)

OPTION_TYPES: dict[str, str] = {
    "num_keep": _INT,
    "seed": _INT,
    "num_predict": _INT,
    "top_k": _INT,
    "top_p": _FLOAT,
    "min_p": _FLOAT,
    "typical_p": _FLOAT,
    "repeat_last_n": _INT,
    "temperature": _FLOAT,
    "repeat_penalty": _FLOAT,
    "presence_penalty": _FLOAT,
    "frequency_penalty": _FLOAT,
    "stop": _STRINGS,
    "num_ctx": _INT,
    "num_batch": _INT,
    "num_gpu": _INT,
    "main_gpu": _OPT_INT,
    "use_mmap": _OPT_BOOL,
    "num_thread": _INT,
    "draft_num_predict": _INT,
}
"""Every valid `options` key and the type Ollama requires (§4.1)."""

# Names from other APIs that Ollama silently ignores, and the key that does the job.
_OPTION_ALIASES = {
    "max_tokens": "num_predict",
    "max_new_tokens": "num_predict",
    "max_completion_tokens": "num_predict",
    "n_predict": "num_predict",
    "num_tokens": "num_predict",
    "context_length": "num_ctx",
    "context_window": "num_ctx",
    "n_ctx": "num_ctx",
    "num_context": "num_ctx",
    "stop_sequences": "stop",
    "stop_words": "stop",
    "repetition_penalty": "repeat_penalty",
    "n_gpu_layers": "num_gpu",
    "gpu_layers": "num_gpu",
    "n_threads": "num_thread",
    "threads": "num_thread",
    "n_batch": "num_batch",
    "n_keep": "num_keep",
    "random_seed": "seed",
}
_REMOVED_OPTIONS = frozenset(
    {"penalize_newline", "numa", "mirostat", "mirostat_eta", "mirostat_tau", "tfs_z", "low_vram",
     "f16_kv", "vocab_only", "use_mlock", "logits_all", "rope_frequency_base", "rope_frequency_scale"}
)  # fmt: skip

# (minimum, maximum) for values the server would turn into nonsense or an error.
_OPTION_RANGES: dict[str, tuple[float, float]] = {
    "num_predict": (-2, math.inf),
    "num_ctx": (4, math.inf),  # Ollama raises smaller values to 4 (protocol notes §4.1)
    "num_batch": (1, math.inf),
    "num_thread": (0, math.inf),
    "num_keep": (-1, math.inf),
    "top_k": (0, math.inf),
    "top_p": (0, 1),
    "min_p": (0, 1),
    "typical_p": (0, 1),
    "temperature": (0, math.inf),
    "repeat_last_n": (-1, math.inf),
}

_GO_DURATION = re.compile(r"^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$")
_THINK_LEVELS = ("low", "medium", "high", "max")
_DATA_URI = re.compile(r"^data:[^,]*;base64,", re.IGNORECASE)
_BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")


def compact(**fields: Any) -> dict[str, Any]:
    """The request body: `fields` without the ones left unset (`None`)."""
    return {key: value for key, value in fields.items() if value is not None}


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


def require_model(model: object, *, endpoint: str) -> str:
    """A model name is required by every endpoint that takes one."""
    if not isinstance(model, str) or not model.strip():
        raise RequestError(
            f"{endpoint}: model must be a model name such as 'llama3.2', got {model!r}"
        )
    if model != model.strip() or any(char.isspace() for char in model):
        raise RequestError(f"{endpoint}: model name {model!r} contains whitespace; remove it")
    if not _MODEL_NAME.match(model):
        raise RequestError(
            f"{endpoint}: {model!r} is not a model name: names look like 'llama3.2', "
            "'namespace/model:tag' or 'host/namespace/model:tag', each part starting with a "
            "letter, digit or _ and made of letters, digits, _ . - (no '..', '/' at the ends, "
            "or control characters)"
        )
    return model


# [host[:port]/][namespace/]model[:tag][@sha256:digest] (protocol notes §1.6).
_NAME_PART = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_MODEL_NAME = re.compile(
    rf"(?:{_NAME_PART}(?::\d+)?/)?(?:{_NAME_PART}/)?{_NAME_PART}"
    rf"(?::{_NAME_PART})?(?:@sha256:[0-9a-f]{{64}})?\Z"
)


def encode_options(
    options: Union[OptionsInput, Mapping[str, Any], None], *, strict: bool = True
) -> Optional[dict[str, Any]]:
    """Check option keys and value types; unknown keys are errors unless `strict` is off.

    Ollama ignores unknown keys silently (`max_tokens` does nothing) and
    answers a wrong-typed value with HTTP 500, so both are caught here.
    Options left `None` are not sent.
    """
    if options is None:
        return None
    given = as_dict(options, "options")
    if given is None:
        raise RequestError(
            "options must be a dict such as {'temperature': 0} or an ollama.Options, "
            f"got {type(options).__name__}"
        )
    encoded: dict[str, Any] = {}
    for key, value in given.items():
        kind = OPTION_TYPES.get(key)
        if kind is None:
            if strict:
                raise RequestError(_unknown_option_message(key))
        else:
            _check_option(key, kind, value)
        encoded[key] = list(value) if kind == _STRINGS else value
    return encoded


def _unknown_option_message(key: str) -> str:
    message = f"unknown option {key!r}: Ollama would ignore it without a word"
    if key in _OPTION_ALIASES:
        return f"{message}; use {_OPTION_ALIASES[key]!r} instead"
    if key in _REMOVED_OPTIONS:
        return f"{message}; Ollama no longer supports it, remove it"
    import difflib  # only for the message of a mistake

    close = difflib.get_close_matches(str(key), OPTION_TYPES, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(OPTION_TYPES)}"
    return f"{message}{hint} (AsyncClient(strict_options=False) sends unknown keys as they are)"


def _check_option(key: str, kind: str, value: Any) -> None:
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if kind == _STRINGS:
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise RequestError(
                f"option {key!r} must be a list of strings, e.g. {{'stop': [{value!r}]}}"
            )
        if not all(isinstance(item, str) for item in value):
            raise RequestError(f"option {key!r} must be a list of strings, got {value!r}")
        return
    if kind in (_INT, _OPT_INT):
        ok = is_int or (isinstance(value, float) and value.is_integer())
    elif kind == _FLOAT:
        ok = is_int or (isinstance(value, float) and math.isfinite(value))
    else:
        ok = isinstance(value, bool)
    if not ok:
        raise RequestError(
            f"option {key!r} must be {'a finite number' if kind == _FLOAT else kind}, got {value!r}"
        )
    low, high = _OPTION_RANGES.get(key, (-math.inf, math.inf))
    if not low <= value <= high:
        if key == "num_predict":
            raise RequestError(
                f"option 'num_predict' must be a token count >= 0, or -1 for no limit (Ollama stops at 10 × num_ctx; -2 is read the same), got {value}"
            )
        bounds = f"at least {low}" if high == math.inf else f"from {low} to {high}"
        raise RequestError(f"option {key!r} must be {bounds}, got {value!r}")


def encode_keep_alive(keep_alive: Optional[KeepAlive]) -> Union[int, float, str, None]:
    """Seconds, a `timedelta` or a Go duration string (`"5m"`); negative keeps forever."""
    if keep_alive is None:
        return None
    if isinstance(keep_alive, bool):
        raise RequestError(
            f"keep_alive must be seconds, a timedelta or a duration like '5m', got {keep_alive!r}"
        )
    if isinstance(keep_alive, datetime.timedelta):
        seconds = keep_alive.total_seconds()
        return int(seconds) if seconds.is_integer() else seconds
    if isinstance(keep_alive, (int, float)):
        if not math.isfinite(keep_alive):
            raise RequestError(
                f"keep_alive must be finite (use -1 to keep the model loaded), got {keep_alive!r}"
            )
        return keep_alive
    if isinstance(keep_alive, str):
        if keep_alive in ("0", "-1") or _GO_DURATION.match(keep_alive):
            return keep_alive
        if re.fullmatch(r"-?\d+(\.\d+)?", keep_alive):
            raise RequestError(
                f"keep_alive {keep_alive!r} has no unit: pass {keep_alive}s or the number {keep_alive}"
            )
        raise RequestError(
            f"keep_alive {keep_alive!r} is not a duration; use e.g. '5m', '1h30m' or 300"
        )
    raise RequestError(
        f"keep_alive must be seconds, a timedelta or a duration like '5m', got {type(keep_alive).__name__}"
    )


def encode_think(think: Optional[Think]) -> Union[bool, str, None]:
    """`True`/`False` or a level: `"low"`, `"medium"`, `"high"`, `"max"`."""
    if think is None or isinstance(think, bool) or think in _THINK_LEVELS:
        return think
    raise RequestError(
        f"think must be True, False or one of {', '.join(map(repr, _THINK_LEVELS))}; got {think!r}"
    )


def encode_format(format: Optional[Format]) -> Union[str, dict[str, Any], None]:
    """`"json"` or a JSON-schema dict (e.g. `MyModel.model_json_schema()`)."""
    if format is None or format == "":  # type: ignore[comparison-overlap]
        return None
    if format == "json":
        return "json"
    if isinstance(format, Mapping):
        return dict(format)
    schema = getattr(format, "model_json_schema", None)  # a pydantic model class
    if callable(schema):
        return encode_format(schema())
    raise RequestError(f"format must be 'json' (lowercase) or a JSON-schema dict, got {format!r}")


def encode_images(images: Union[None, ImageInput, Sequence[ImageInput]]) -> Optional[list[str]]:
    """Base64 strings from bytes, file paths, base64 strings or objects with `.value`
    (`ollama.Image`); one value is one image."""
    if images is None:
        return None
    if isinstance(images, (bytes, bytearray, str, os.PathLike)) or _image_value(images):
        return [_encode_image(images, 0)]
    if not isinstance(images, Sequence):
        raise RequestError(
            f"images must be bytes, a path, a base64 string or a list of them, got {type(images).__name__}"
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


def encode_messages(messages: Optional[Sequence[MessageInput]]) -> Optional[list[dict[str, Any]]]:
    """Message dicts or response [`Message`][ollama_async.Message] objects, checked and with images encoded."""
    if messages is None:
        return None
    if isinstance(messages, (str, bytes, Mapping)) or not isinstance(messages, Sequence):
        raise RequestError(
            "messages must be a list of messages such as [{'role': 'user', 'content': 'Hi'}], "
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


def encode_tools(tools: Optional[Sequence[ToolInput]]) -> Optional[list[Any]]:
    """Tool dicts, or plain functions turned into tool dicts from signature and docstring."""
    if tools is None:
        return None
    if (
        isinstance(tools, (str, bytes, Mapping))
        or callable(tools)
        or not isinstance(tools, Sequence)
    ):
        raise RequestError(
            f"tools must be a list of tool dicts or functions, got {type(tools).__name__}"
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


# -- the last step: the body as JSON bytes -------------------------------------

_INT_RANGE = (-(2**63), 2**64 - 1)  # what orjson (and Go's int64/uint64) can take
_MAX_DEPTH = 250  # orjson refuses deeper nesting (its limit is 254)


def encode_body(body: Mapping[str, Any]) -> bytes:
    """The request body as JSON bytes, or [`RequestError`][ollama_async.RequestError] saying where it cannot be.

    The final step of every request, after the `encode_*` checks: what
    orjson cannot encode (lone surrogates, integers beyond 64 bits, non-str
    keys, nesting too deep, other types) and what it would encode wrongly
    (`NaN` and infinities become `null`) fail here, before anything is sent.
    """
    try:
        encoded = orjson.dumps(body)
    except orjson.JSONEncodeError as exc:
        raise RequestError(_unencodable(body, str(exc))) from None
    if b"null" in encoded:  # NaN and inf come out as null: look for them only then
        problem = _find_unencodable(body, "body", 0, orjson_failed=False)
        if problem:
            raise RequestError(problem)
    return encoded


def _unencodable(body: Mapping[str, Any], reason: str) -> str:
    problem = _find_unencodable(body, "body", 0, orjson_failed=True)
    return problem or f"the request cannot be sent as JSON: {reason}"


def _child(path: str, key: object) -> str:
    # Deep paths are cut: the message names where the problem starts.
    return path if path.endswith("...") else f"{path}..." if len(path) > 80 else f"{path}[{key!r}]"


def _find_unencodable(value: Any, path: str, depth: int, *, orjson_failed: bool) -> str:
    """Where `value` holds something JSON cannot carry, as a message; `""` if nowhere.

    `orjson_failed`: orjson refused the body, so a type it does not know is
    the problem (otherwise it encoded that type itself, e.g. a datetime).
    """
    kind = type(value)
    if kind is str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (
                f"{path} contains a lone surrogate {value[exc.start]!r} at index {exc.start}, "
                "which is not valid UTF-8; fix the text (e.g. decode its bytes with "
                "errors='replace')"
            )
        return ""
    if kind is bool or value is None:
        return ""
    if isinstance(value, int):
        if not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
            return f"{path} is {value}, beyond the 64-bit integers JSON numbers can carry here"
        return ""
    if isinstance(value, float):
        if value != value or value in (math.inf, -math.inf):
            return f"{path} is {value!r}, which JSON cannot carry (it would be sent as null)"
        return ""
    if depth > _MAX_DEPTH:
        return f"{path} is nested more than {_MAX_DEPTH} levels deep; flatten it"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path} has the key {key!r} ({type(key).__name__}); JSON keys must be str"
            problem = _find_unencodable(key, f"a key of {path}", depth, orjson_failed=orjson_failed)
            problem = problem or _find_unencodable(
                item, _child(path, key[:40]), depth + 1, orjson_failed=orjson_failed
            )
            if problem:
                return problem
        return ""
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            problem = _find_unencodable(
                item, _child(path, index), depth + 1, orjson_failed=orjson_failed
            )
            if problem:
                return problem
        return ""
    if orjson_failed:
        return f"{path} is of type {type(value).__name__}, which cannot be sent as JSON"
    return ""
