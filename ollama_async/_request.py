"""Every check on what a caller passes, and the request body built from it (protocol notes §4).

The request path goes one way. An [`AsyncClient`][ollama_async.AsyncClient] coroutine hands its
arguments to its `Endpoint` here, which checks each one with a check from the
small vocabulary below, leaves out what was not given, and returns the body
as JSON bytes; the transport sends those bytes and knows nothing of arguments.

A check takes `(value, name)` — `name` says where the value came from, such
as `"chat: think"` — and returns the JSON value to send, `None` to leave the
field out, or raises [`RequestError`][ollama_async.RequestError] naming the problem and the fix for
anything Ollama would reject or, worse, silently ignore. Messages, images and
tools are checked in `_content.py`, options in `_options.py`, with the same
contract.
"""

from __future__ import annotations

import datetime
import math
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional, Union

import orjson

from ._content import encode_images, encode_messages, encode_tools
from ._exceptions import RequestError
from ._options import encode_options
from ._types import Format, KeepAlive, Think

__all__ = [
    "BLOB_DIGEST",
    "CHAT",
    "COPY",
    "CREATE",
    "DELETE",
    "EMBED",
    "EMBEDDINGS",
    "GENERATE",
    "PULL",
    "PUSH",
    "SHOW",
    "THINK_LEVELS",
    "WEB_FETCH",
    "WEB_SEARCH",
    "Check",
    "Endpoint",
    "blob_source",
    "boolean",
    "byte_limit",
    "connection_limit",
    "digest",
    "digest_map",
    "duration",
    "encode_body",
    "flag",
    "int_range",
    "model_name",
    "non_empty_str",
    "optional_bool",
    "optional_str",
    "positive_int",
    "response_format",
    "retry_count",
    "text_list",
    "texts",
    "think_level",
    "token_ids",
]

Check = Callable[[Any, str], Any]
"""`(value, name) -> JSON value`, `None` to leave the field out; raises `RequestError`."""

# -- the vocabulary -------------------------------------------------------------


def optional_str(value: object, name: str) -> Optional[str]:
    """A str, or `None`."""
    if value is None or isinstance(value, str):
        return value
    raise RequestError(f"{name} must be a str, got {type(value).__name__}")


def non_empty_str(value: object, name: str) -> str:
    """A str with something in it besides whitespace."""
    if isinstance(value, str) and value.strip():
        return value
    raise RequestError(f"{name} must be a non-empty str, got {value!r}")


def optional_bool(value: object, name: str) -> Optional[bool]:
    """`True`, `False`, or `None` (left out: the server's default)."""
    if value is None or isinstance(value, bool):
        return value
    raise RequestError(f"{name} must be True or False, got {value!r}")


def boolean(value: object, name: str) -> bool:
    """`True` or `False`, always sent."""
    if isinstance(value, bool):
        return value
    raise RequestError(f"{name} must be True or False, got {value!r}")


def flag(value: object, name: str) -> Optional[bool]:
    """`True` is sent; `False` is Ollama's default and left out."""
    return optional_bool(value, name) or None


def int_range(low: int, high: Optional[int] = None, *, unit: str = "") -> Check:
    """A check for an int from `low` to `high` (no upper bound when `None`), or `None`."""
    if high is not None:
        wanted = f"an int from {low} to {high}{unit}"
    elif low == 1:
        wanted = f"a positive int{unit}"
    else:
        wanted = f"an int >= {low}{unit}"

    def check(value: object, name: str) -> Optional[int]:
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < low
            or (high is not None and value > high)
        ):
            raise RequestError(f"{name} must be {wanted}, got {value!r}")
        return value

    return check


positive_int = int_range(1)


def _required(check: Check) -> Check:
    def required(value: object, name: str) -> Any:
        if value is None:
            raise RequestError(f"{name} must be given, got None")
        return check(value, name)

    return required


byte_limit = _required(int_range(1, unit=" (bytes)"))
connection_limit = _required(int_range(0, unit=" (0: no limit)"))
retry_count = _required(int_range(0))


def token_ids(value: object, name: str) -> Optional[list[int]]:
    """The `context` token ids a previous generate answer returned."""
    if value is None:
        return None
    if (
        isinstance(value, (str, bytes))
        or not isinstance(value, Sequence)
        or not all(isinstance(item, int) and not isinstance(item, bool) for item in value)
    ):
        raise RequestError(
            f"{name} must be a list of token ids (ints), as returned in a previous response"
        )
    return list(value)


def texts(value: object, name: str) -> Union[str, list[str]]:
    """One text or a list of texts."""
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence) and all(isinstance(text, str) for text in value):
        return list(value)
    raise RequestError(f"{name} must be a str or a list of str, got {type(value).__name__}")


def text_list(value: object, name: str) -> Optional[list[str]]:
    """One text or a list of texts, sent as a list."""
    if value is None:
        return None
    encoded = texts(value, name)
    return [encoded] if isinstance(encoded, str) else encoded


def blob_source(value: object, name: str) -> Union[str, bytes]:
    """Bytes, or the path of an existing file (as a str)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if isinstance(path, str) and os.path.isfile(path):
            return path
        raise RequestError(f"{name}: {path!r} is not a file")
    raise RequestError(f"{name} must be bytes or a file path, got {type(value).__name__}")


BLOB_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


def digest(value: object, name: str) -> str:
    """A blob digest, `sha256:<64 lowercase hex>`."""
    if isinstance(value, str) and BLOB_DIGEST.match(value):
        return value
    raise RequestError(
        f"{name} must be a blob digest 'sha256:<64 lowercase hex>' as returned by "
        f"create_blob(), got {value!r}"
    )


def digest_map(value: object, name: str) -> Optional[dict[str, str]]:
    """File names mapped to blob digests."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise RequestError(f"{name} must be a dict of file names to blob digests")
    return {filename: digest(blob, f"{name}[{filename!r}]") for filename, blob in value.items()}


# [host[:port]/][namespace/]model[:tag][@sha256:digest] (protocol notes §1.6).
_NAME_PART = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_MODEL_NAME = re.compile(
    rf"(?:{_NAME_PART}(?::\d+)?/)?(?:{_NAME_PART}/)?{_NAME_PART}"
    rf"(?::{_NAME_PART})?(?:@sha256:[0-9a-f]{{64}})?\Z"
)


def model_name(value: object, name: str) -> str:
    """A model name in Ollama's grammar; every endpoint that takes one requires it."""
    if not isinstance(value, str) or not value.strip():
        raise RequestError(f"{name} must be a model name such as 'llama3.2', got {value!r}")
    if value != value.strip() or any(char.isspace() for char in value):
        raise RequestError(f"{name} {value!r} contains whitespace; remove it")
    if not _MODEL_NAME.match(value):
        raise RequestError(
            f"{name} {value!r} is not a model name: names look like 'llama3.2', "
            "'namespace/model:tag' or 'host/namespace/model:tag', each part starting with a "
            "letter, digit or _ and made of letters, digits, _ . - (no '..', '/' at the ends, "
            "or control characters)"
        )
    return value


_GO_DURATION = re.compile(r"^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$")


def duration(value: Optional[KeepAlive], name: str) -> Union[int, float, str, None]:
    """Seconds, a `timedelta` or a Go duration string (`"5m"`); negative keeps forever."""
    if value is None:
        return None
    wanted = "seconds, a timedelta or a duration like '5m'"
    if isinstance(value, bool):
        raise RequestError(f"{name} must be {wanted}, got {value!r}")
    if isinstance(value, datetime.timedelta):
        seconds = value.total_seconds()
        return int(seconds) if seconds.is_integer() else seconds
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise RequestError(
                f"{name} must be finite (use -1 to keep the model loaded), got {value!r}"
            )
        return value
    if isinstance(value, str):
        if value in ("0", "-1") or _GO_DURATION.match(value):
            return value
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            raise RequestError(f"{name} {value!r} has no unit: pass {value}s or the number {value}")
        raise RequestError(f"{name} {value!r} is not a duration; use e.g. '5m', '1h30m' or 300")
    raise RequestError(f"{name} must be {wanted}, got {type(value).__name__}")


THINK_LEVELS = ("low", "medium", "high", "max")


def think_level(value: Optional[Think], name: str) -> Union[bool, str, None]:
    """`True`/`False` or a level: `"low"`, `"medium"`, `"high"`, `"max"`."""
    if value is None or isinstance(value, bool) or value in THINK_LEVELS:
        return value
    raise RequestError(
        f"{name} must be True, False or one of {', '.join(map(repr, THINK_LEVELS))}; got {value!r}"
    )


def response_format(value: Optional[Format], name: str) -> Union[str, dict[str, Any], None]:
    """`"json"` or a JSON-schema dict (e.g. `MyModel.model_json_schema()`)."""
    if value is None or value == "":  # type: ignore[comparison-overlap]
        return None
    if value == "json":
        return "json"
    if isinstance(value, Mapping):
        return dict(value)
    schema = getattr(value, "model_json_schema", None)  # a pydantic model class
    if callable(schema):
        return response_format(schema(), name)
    raise RequestError(f"{name} must be 'json' (lowercase) or a JSON-schema dict, got {value!r}")


def _loose_options(value: Any, name: str) -> Optional[dict[str, Any]]:
    """Options with unknown keys sent as they are: `AsyncClient(strict_options=False)`."""
    return encode_options(value, name, strict=False)


# -- the endpoints --------------------------------------------------------------


class Endpoint:
    """One Ollama endpoint: its method, path, and the check of each argument.

    `fields` maps each argument of the client's coroutine to its check, in
    the order the body is written; `wire` renames arguments whose Python
    name is not the JSON key (`from_` is sent as `from`); `validate` checks
    what needs several arguments at once. A test holds each endpoint's
    fields to its coroutine's parameters.
    """

    __slots__ = ("fields", "method", "name", "path", "validate", "wire")

    def __init__(
        self,
        name: str,
        method: str,
        path: str,
        fields: Mapping[str, Check],
        wire: Optional[Mapping[str, str]] = None,
        validate: Optional[Callable[[Mapping[str, Any]], None]] = None,
    ) -> None:
        self.name = name
        self.method = method
        self.path = path
        self.fields = dict(fields)
        self.wire = dict(wire or {})
        self.validate = validate

    def __repr__(self) -> str:
        return f"Endpoint({self.method} {self.path})"

    def fields_of(
        self, arguments: Mapping[str, Any], *, strict_options: bool = True
    ) -> dict[str, Any]:
        """The body as a dict: each argument checked, the ones left unset (`None`) left out.

        `strict_options=False` sends unknown `options` keys as they are.
        """
        if self.validate is not None:
            self.validate(arguments)
        body: dict[str, Any] = {}
        for argument, check in self.fields.items():
            if check is encode_options and not strict_options:
                check = _loose_options
            value = check(arguments[argument], f"{self.name}: {argument}")
            if value is not None:
                body[self.wire.get(argument, argument)] = value
        return body

    def body(self, arguments: Mapping[str, Any], *, strict_options: bool = True) -> bytes:
        """The request body as JSON bytes, from the coroutine's arguments (e.g. its `locals()`)."""
        return encode_body(self.fields_of(arguments, strict_options=strict_options))


_image_size = int_range(1, 4096, unit=" (pixels)")
_SHARED_GENERATION: dict[str, Check] = {
    "stream": boolean,
    "think": think_level,
    "logprobs": optional_bool,
    "top_logprobs": int_range(0, 20),
}
_SHARED_LOADING: dict[str, Check] = {
    "format": response_format,
    "options": encode_options,
    "keep_alive": duration,
    "truncate": optional_bool,
    "shift": optional_bool,
}

GENERATE = Endpoint(
    "generate",
    "POST",
    "/api/generate",
    {
        "model": model_name,
        "prompt": optional_str,
        "suffix": optional_str,
        "system": optional_str,
        "template": optional_str,
        "context": token_ids,
        **_SHARED_GENERATION,
        "raw": optional_bool,
        "images": encode_images,
        **_SHARED_LOADING,
        "width": _image_size,
        "height": _image_size,
        "steps": positive_int,
    },
)
CHAT = Endpoint(
    "chat",
    "POST",
    "/api/chat",
    {
        "model": model_name,
        "messages": encode_messages,
        "tools": encode_tools,
        **_SHARED_GENERATION,
        **_SHARED_LOADING,
    },
)
EMBED = Endpoint(
    "embed",
    "POST",
    "/api/embed",
    {
        "model": model_name,
        "input": texts,
        "truncate": optional_bool,
        "options": encode_options,
        "keep_alive": duration,
        "dimensions": positive_int,
    },
)
EMBEDDINGS = Endpoint(
    "embeddings",
    "POST",
    "/api/embeddings",
    {
        "model": model_name,
        "prompt": optional_str,
        "options": encode_options,
        "keep_alive": duration,
    },
)
PULL = Endpoint(
    "pull", "POST", "/api/pull", {"model": model_name, "insecure": flag, "stream": boolean}
)
PUSH = Endpoint(
    "push", "POST", "/api/push", {"model": model_name, "insecure": flag, "stream": boolean}
)


def _create_source(arguments: Mapping[str, Any]) -> None:
    if arguments["from_"] is None and not arguments["files"]:
        raise RequestError(
            "create needs from_= (an existing model) or files= (uploaded blob digests)"
        )


CREATE = Endpoint(
    "create",
    "POST",
    "/api/create",
    {
        "model": model_name,
        "quantize": optional_str,
        "from_": optional_str,
        "files": digest_map,
        "adapters": digest_map,
        "template": optional_str,
        "license": text_list,
        "system": optional_str,
        "parameters": _loose_options,  # a Modelfile's PARAMETERs: Ollama checks them itself
        "messages": encode_messages,
        "stream": boolean,
    },
    wire={"from_": "from"},
    validate=_create_source,
)
SHOW = Endpoint("show", "POST", "/api/show", {"model": model_name, "verbose": optional_bool})
COPY = Endpoint("copy", "POST", "/api/copy", {"source": model_name, "destination": model_name})
DELETE = Endpoint("delete", "DELETE", "/api/delete", {"model": model_name})
WEB_SEARCH = Endpoint(
    "web_search",
    "POST",
    "/api/web_search",
    {"query": non_empty_str, "max_results": int_range(1, 10)},
)
WEB_FETCH = Endpoint("web_fetch", "POST", "/api/web_fetch", {"url": non_empty_str})


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
