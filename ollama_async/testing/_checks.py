"""Ollama's own checks on a request, past JSON decoding: values, options, capabilities.

Each raises `HTTPError` with the status and words of real Ollama.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Optional

import orjson

from ._errors import HTTPError
from ._gojson import Unmarshaler
from ._models import FakeModel
from ._protocol import OPTION_KINDS, THINK_LEVELS, TOP_LOGPROBS_MAX

__all__ = [
    "UNMARSHALERS",
    "check_format",
    "check_options",
    "check_top_logprobs",
    "keep_alive",
    "qualified",
    "thinking_on",
]

_GO_DURATION_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)")
_UNIT_SECONDS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1,
    "m": 60,
    "h": 3600,
}
_FOREVER = timedelta(days=365 * 292)  # Go's math.MaxInt64 nanoseconds


def keep_alive(value: Any) -> Optional[timedelta]:
    """Parse `keep_alive` like `api.Duration` (§4.3): None if unset, negative = forever."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise HTTPError(400, "Unsupported type: 'bool'")
    if isinstance(value, (int, float)):
        return _FOREVER if value < 0 else timedelta(seconds=value)
    if not isinstance(value, str):
        go_type = "[]interface {}" if isinstance(value, list) else "map[string]interface {}"
        raise HTTPError(400, f"Unsupported type: '{go_type}'")
    text = value.lstrip("+-")
    if text == "0":
        return timedelta(0)
    parts = _GO_DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        if text.replace(".", "", 1).isdigit():
            raise HTTPError(400, f'time: missing unit in duration "{value}"')
        raise HTTPError(400, f'time: invalid duration "{value}"')
    if value.startswith("-"):
        return _FOREVER
    return timedelta(seconds=sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts))


def _check_think(think: Any) -> None:
    """`api.ThinkValue`: a bool or one of the levels (§4.4)."""
    if think is not None and not isinstance(think, bool) and think not in THINK_LEVELS:
        shown = think if isinstance(think, str) else orjson.dumps(think).decode()
        raise HTTPError(
            400,
            f'invalid think value: "{shown}" (must be "high", "medium", "low", "max", true, or false)',
        )


UNMARSHALERS: Mapping[str, Unmarshaler] = {
    "api.Duration": keep_alive,
    "api.ThinkValue": _check_think,
}
"""Ollama's custom `UnmarshalJSON` methods, by Go type, for `decode_struct`."""


def thinking_on(model: FakeModel, think: Any, name: Any) -> bool:
    """Whether to think; thinking models think unless told not to (§4.4)."""
    capable = "thinking" in model.capabilities
    if think not in (None, False) and not capable:
        raise HTTPError(400, f'"{name}" does not support thinking')
    return capable and think is not False


def check_top_logprobs(body: Mapping[str, Any]) -> None:
    """`top_logprobs` outside 0..20 is a 400 (§8.4)."""
    value = body.get("top_logprobs")
    if value is not None and not 0 <= value <= TOP_LOGPROBS_MAX:
        raise HTTPError(400, f"top_logprobs must be between 0 and {TOP_LOGPROBS_MAX}")


def check_options(options: Mapping[str, Any]) -> None:
    """Ollama's `FromMap`: unknown keys ignored, wrong types answered with a 500 (§4.2)."""
    for key, value in options.items():
        kind = OPTION_KINDS.get(key)
        if kind is None or value is None:
            continue
        if kind == "array":
            ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        elif kind == "boolean":
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok:
            raise HTTPError(500, f'option "{key}" must be of type {kind}')


def check_format(value: Any) -> None:
    """`format`: absent, `""`, `"json"` or a JSON Schema object; else a 500 (§4.5)."""
    if value in (None, "", "json") or isinstance(value, dict):
        return
    raise HTTPError(
        500,
        f"invalid format: {json.dumps(orjson.dumps(value).decode())}; "
        'expected "json" or a valid JSON Schema object',
    )


def qualified(key: str) -> str:
    """`llama3.2:latest` → `registry.ollama.ai/library/llama3.2:latest`, as in errors."""
    parts = key.split("/")
    if len(parts) == 1:
        return f"registry.ollama.ai/library/{key}"
    return key if len(parts) > 2 else f"registry.ollama.ai/{key}"
