"""Scripted replies: what the next generate or chat requests answer, in order.

A script is a JSON array, or NDJSON (one entry a line), of entries like:

```
"Plain text: the whole reply."
{"reply": "Paris.", "thinking": "The capital of France..."}
{"tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]}
{"error": "model is overloaded", "status": 503}
{"reply": "Half an answer", "error": "runner crashed", "error_after": 2}
{"reply": "Slow.", "delay": 1.5, "token_delay": 0.2, "model": "qwen3"}
```

Each generate or chat request that generates takes the first entry left for
its model (an entry without `model` fits any model); with none left, the
model answers as configured.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Optional, Union

import orjson

from ._errors import HTTPError
from ._models import FakeModel, full_name

__all__ = ["ScriptedReply", "load_script", "scripted_reply"]


@dataclasses.dataclass(frozen=True)
class ScriptedReply:
    """One scripted answer; fields left `None` keep the model's own.

    A `reply` without `tool_calls` calls no tool, even when the request offers some.

    `error` without `error_after` answers HTTP `status` with
    `{"error": error}`; with `error_after=N` the stream fails after N
    reply tokens. `delay` is seconds before the answer starts,
    `token_delay` seconds between its chunks. `model` limits the entry to
    requests for that model.
    """

    reply: Optional[str] = None
    thinking: Optional[str] = None
    tool_calls: Optional[Sequence[Mapping[str, Any]]] = None
    error: Optional[str] = None
    status: int = 500
    error_after: Optional[int] = None
    delay: float = 0.0
    token_delay: Optional[float] = None
    model: Optional[str] = None

    def fits(self, key: str) -> bool:
        """Whether this entry answers a request for the model installed as `key`."""
        return self.model is None or full_name(self.model).lower() == key.lower()

    def failure(self) -> Optional[HTTPError]:
        """The error answered instead of a reply (after `delay`), if the entry has one."""
        if self.error is None or self.error_after is not None:
            return None
        return HTTPError(self.status, self.error)

    def apply(self, model: FakeModel) -> FakeModel:
        """`model` answering this entry."""
        changes: dict[str, Any] = {"load_delay": model.load_delay + self.delay}
        for field in ("reply", "thinking", "tool_calls", "token_delay", "error_after"):
            value = getattr(self, field)
            if value is not None:
                changes[field] = list(value) if field == "tool_calls" else value
        if self.reply is not None and self.tool_calls is None:
            changes["tool_calls"] = None  # the scripted text is the whole answer
        if self.error is not None:
            changes["error_message"] = self.error
        return dataclasses.replace(model, **changes)


_TYPES: dict[str, tuple[type, ...]] = {
    "reply": (str,),
    "thinking": (str,),
    "tool_calls": (list,),
    "error": (str,),
    "status": (int,),
    "error_after": (int,),
    "delay": (int, float),
    "token_delay": (int, float),
    "model": (str,),
}


def scripted_reply(entry: Union[ScriptedReply, str, Mapping[str, Any]]) -> ScriptedReply:
    """An entry as given in Python or a script file: a reply, its text, or its fields."""
    if isinstance(entry, ScriptedReply):
        return entry
    if isinstance(entry, str):
        return ScriptedReply(reply=entry)
    if not isinstance(entry, Mapping):
        raise ValueError(f"a scripted reply is a string or an object; got {entry!r}")
    for key, value in entry.items():
        kinds = _TYPES.get(key)
        if kinds is None:
            raise ValueError(
                f"unknown key {key!r} in scripted reply; valid keys: {', '.join(_TYPES)}"
            )
        if isinstance(value, bool) or not isinstance(value, kinds):
            names = " or ".join("number" if k is float else k.__name__ for k in kinds)
            raise ValueError(f"{key!r} in a scripted reply must be {names}; got {value!r}")
    if not 400 <= entry.get("status", 500) <= 599:
        raise ValueError(
            f"'status' must be an HTTP error status, 400 to 599; got {entry['status']!r}"
        )
    calls = entry.get("tool_calls") or ()
    if not all(isinstance(call, Mapping) and "function" in call for call in calls):
        raise ValueError(
            'each of "tool_calls" must look like {"function": {"name": ..., "arguments": {...}}}'
        )
    return ScriptedReply(**entry)


def load_script(path: Union[str, Path]) -> list[ScriptedReply]:
    """The entries of a JSON array or NDJSON script file; errors name the file and line."""
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        try:
            entries: Iterable[Any] = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON: {exc}") from None
        return [_entry(path, index + 1, entry, "entry") for index, entry in enumerate(entries)]
    replies = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            raise ValueError(
                f'{path}:{number}: not JSON; write each reply as a JSON string ("Hi.") or object'
            ) from None
        replies.append(_entry(path, number, value, "line"))
    return replies


def _entry(path: Union[str, Path], number: int, value: Any, where: str) -> ScriptedReply:
    try:
        return scripted_reply(value)
    except ValueError as exc:
        raise ValueError(f"{path}: {where} {number}: {exc}") from None
