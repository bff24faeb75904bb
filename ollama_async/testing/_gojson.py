"""Go's `encoding/json` as Ollama's handlers meet it: decoding into a struct, encoding, time values.

Ollama binds request bodies with gin's `ShouldBindJSON`, so a malformed or
mistyped body is answered in Go's words (`invalid character 'm' looking for
beginning of object key string`, `json: cannot unmarshal number into Go
struct field GenerateRequest.prompt of type string`). This module says those
words; which struct has which fields is in `._protocol`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

import orjson

from ._errors import HTTPError
from ._protocol import REQUEST_FIELDS

__all__ = ["created_at", "decode_struct", "encode", "rfc3339"]

Unmarshaler = Callable[[Any], object]
"""A custom `UnmarshalJSON`: raises `HTTPError` for a value it refuses."""

# Go type → (Python type of the JSON value, Go type of its elements or values).
_SHAPES: dict[str, tuple[type, Optional[str]]] = {
    "string": (str, None),
    "bool": (bool, None),
    "int": (int, None),
    "[]int": (list, "int"),
    "api.Message": (dict, None),
    "[]api.Message": (list, "api.Message"),
    "api.Tool": (dict, None),
    "api.Tools": (list, "api.Tool"),
    "map[string]interface {}": (dict, None),
    "map[string]string": (dict, "string"),
}

# Python's JSON syntax errors, in the words of Go's encoding/json.
_GO_SYNTAX = {
    "Expecting value": "looking for beginning of value",
    "Expecting property name": "looking for beginning of object key string",
    "Expecting ':' delimiter": "after object key",
    "Invalid control character": "in string literal",
    "Invalid \\escape": "in string escape code",
}


# `json.Marshal` escapes HTML characters and the JavaScript line separators inside strings
# (`<think>` goes out as `\u003cthink\u003e`); outside strings JSON has none of them.
_GO_ESCAPED = re.compile(rb"[<>&]|\xe2\x80[\xa8\xa9]")  # U+2028 and U+2029 in UTF-8


def encode(value: Any) -> bytes:
    """`value` as Go's `json.Marshal` writes it: compact, HTML characters escaped."""
    data = orjson.dumps(value)
    if b"<" in data or b">" in data or b"&" in data or b"\xe2\x80" in data:
        return _GO_ESCAPED.sub(_escape, data)
    return data  # most lines: four quick scans, no regex


def _escape(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match.group().decode())


def decode_struct(
    raw: bytes, struct: str, unmarshalers: Mapping[str, Unmarshaler]
) -> dict[str, Any]:
    """Decode `raw` into the Go struct `api.<struct>` as gin would, or raise a 400.

    Fields whose Go type is in `unmarshalers` (`api.Duration`, ...) are
    checked by that function; the others by their JSON type.
    """
    if not raw.strip():
        raise HTTPError(400, "missing request body")
    body = _go_loads(raw)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise HTTPError(
            400, f"json: cannot unmarshal {_json_kind(body)} into Go value of type api.{struct}"
        )
    for key, go_type in REQUEST_FIELDS[struct].items():
        custom = unmarshalers.get(go_type)
        if custom is not None:
            custom(body.get(key))
            continue
        wrong = _mismatch(body.get(key), go_type)
        if wrong is not None:
            value, expected = wrong
            raise HTTPError(
                400,
                f"json: cannot unmarshal {_json_kind(value)} into Go struct field "
                f"{struct}.{key} of type {expected}",
            )
    return body


def _go_loads(raw: bytes) -> Any:
    """Decode like Go's `json.Decoder`: only the first value counts; errors in Go's words."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    text = raw.decode("utf-8", "replace").lstrip()
    try:
        return json.JSONDecoder().raw_decode(text)[0]
    except json.JSONDecodeError as exc:
        raise HTTPError(400, _go_syntax_error(exc)) from None


def _go_syntax_error(exc: json.JSONDecodeError) -> str:
    doc, pos, msg = exc.doc, exc.pos, exc.msg
    if msg.startswith("Illegal trailing comma"):  # Python 3.13+; Go blames what follows
        pos = len(doc) - len(doc[pos + 1 :].lstrip())
        msg = "Expecting property name" if msg.endswith("object") else "Expecting value"
    if pos >= len(doc) or msg.startswith("Unterminated string"):
        return "unexpected EOF"
    if msg.startswith("Expecting ',' delimiter"):
        inside_array = _innermost_container(doc, pos) == "["
        context = "after array element" if inside_array else "after object key:value pair"
    else:
        prefix = next((p for p in _GO_SYNTAX if msg.startswith(p)), "Expecting value")
        context = _GO_SYNTAX[prefix]
    char = doc[pos + 1] if msg.startswith("Invalid \\escape") else doc[pos]
    quoted = {"'": "'\\''", '"': "'\"'"}.get(char) or "'" + json.dumps(char)[1:-1] + "'"
    return f"invalid character {quoted} {context}"


def _innermost_container(doc: str, end: int) -> str:
    """`[` or `{`: the innermost array or object still open at `doc[end]`."""
    stack: list[str] = []
    in_string = escaped = False
    for char in doc[:end]:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            stack.append(char)
        elif char in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def _json_kind(value: Any) -> str:
    """How Go's encoding/json names the JSON type of `value`."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, float) and not value.is_integer():
        return f"number {value}"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _mismatch(value: Any, go_type: str) -> Optional[tuple[Any, str]]:
    """The value (`value` or an element of it) that does not fit `go_type`, and its type."""
    if value is None:
        return None  # Go leaves the zero value
    kind, element = _SHAPES[go_type]
    if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
        return value, go_type
    items: Any = (value.values() if isinstance(value, dict) else value) if element else ()
    for item in items:
        wrong = _mismatch(item, str(element))
        if wrong is not None:
            return wrong
    return None


def rfc3339(ns: int, *, local: bool) -> str:
    """Go's `time.Time` in JSON: RFC 3339, fraction trimmed of zeros, `Z` for UTC."""
    seconds, fraction = divmod(ns, 1_000_000_000)
    moment = datetime.fromtimestamp(seconds, timezone.utc)
    if local:
        moment = moment.astimezone()
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    digits = f"{fraction:09d}".rstrip("0")
    if digits:
        text += "." + digits
    minutes = int((moment.utcoffset() or timedelta(0)).total_seconds()) // 60
    if not minutes:
        return text + "Z"
    sign = "+" if minutes > 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def created_at() -> str:
    """The `created_at` of a chunk: now, in UTC."""
    return rfc3339(time.time_ns(), local=False)
