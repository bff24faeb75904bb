"""The streamed chat reply every benchmark serves and checks, shared by server and clients.

A reply is a list of NDJSON lines as Ollama writes them for ``/api/chat``:
about 170 bytes each, thinking tokens first, then Chinese and English reply
tokens with sentence ends, one tool call, and a final ``done`` line with the
metrics. :class:`Reply` also holds what a correct client must read from it.
"""

from __future__ import annotations

import itertools
from typing import Any, Optional

import orjson

MODEL = "qwen2.5:14b-instruct-q4_K_M-benchmark-run-0001"
THINKING_TOKENS = ["嗯", "，", "用户", "想", "知道", "天气", "。", "I", " should", " answer", "."]
CONTENT_TOKENS = [
    "今天",
    "北京",
    "的",
    "天气",
    "很好",
    "，",
    "适合",
    "出去",
    "散步",
    "。",
    " The",
    " sky",
    " is",
    " clear",
    " today",
    ".",
    " 明天",
    "可能",
    "会",
    "下雨",
    "！",
    " Take",
    " an",
    " umbrella",
    ".",
]
TOOL_NAME = "get_weather"
METRICS = {
    "total_duration": 5_123_456_789,
    "load_duration": 12_345_678,
    "prompt_eval_count": 26,
    "prompt_eval_duration": 23_456_789,
    "eval_duration": 4_987_654_321,
}
_TIMESTAMP = "2026-02-03T01:28:37.{:09d}Z"


def _line(index: int, message: dict[str, Any], **extra: Any) -> bytes:
    obj: dict[str, Any] = {
        "model": MODEL,
        "created_at": _TIMESTAMP.format(518616017 + index * 7919),
        "message": {"role": "assistant", **message},
        "done": False,
    }
    obj.update(extra)
    return orjson.dumps(obj) + b"\n"


class Reply:
    """``count`` NDJSON lines (``count`` ≥ 3) and the text, thinking and metrics they carry."""

    def __init__(self, count: int) -> None:
        thinking_count = max(1, count // 10)
        content_count = count - thinking_count - 2  # the tool call and the done line
        thinking = list(itertools.islice(itertools.cycle(THINKING_TOKENS), thinking_count))
        content = list(itertools.islice(itertools.cycle(CONTENT_TOKENS), content_count))
        lines = [_line(i, {"content": "", "thinking": token}) for i, token in enumerate(thinking)]
        lines += [_line(len(lines) + i, {"content": token}) for i, token in enumerate(content)]
        call = {"function": {"name": TOOL_NAME, "arguments": {"city": "北京"}}}
        lines.append(_line(len(lines), {"content": "", "tool_calls": [call]}))
        lines.append(
            _line(
                len(lines),
                {"content": ""},
                done=True,
                done_reason="stop",
                eval_count=count - 1,
                **METRICS,
            )
        )
        self.lines = lines
        self.content = "".join(content)
        self.thinking = "".join(thinking)
        self.eval_count = count - 1

    def __len__(self) -> int:
        return len(self.lines)


def request_body(prompt: Optional[str] = None) -> dict[str, Any]:
    """The chat request every contender sends (``"warm"`` asks for the short warm-up reply)."""
    content = prompt or "北京今天天气怎么样？"
    return {"model": MODEL, "messages": [{"role": "user", "content": content}], "stream": True}
