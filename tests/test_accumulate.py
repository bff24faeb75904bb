"""The I/O-free accumulators that build a final response from chunks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ollama_async._accumulate import (
    Accumulator,
    ChatAccumulator,
    GenerateAccumulator,
    ProgressAccumulator,
)
from ollama_async._exceptions import ProtocolError


def test_generate_concatenates_text_thinking_tool_calls_and_logprobs() -> None:
    acc = GenerateAccumulator()
    assert acc.result() is None
    acc.handle_chunk({"response": "", "thinking": "Hm", "done": False})
    acc.handle_chunk(
        {"response": "Hel", "thinking": "m.", "logprobs": [{"token": "Hel"}], "done": False}
    )
    assert not acc.complete
    acc.handle_chunk(
        {
            "response": "lo",
            "done": True,
            "done_reason": "stop",
            "eval_count": 3,
            "tool_calls": [{"function": {"name": "f", "arguments": {}}}],
            "logprobs": [{"token": "lo"}],
        }
    )
    assert acc.complete
    assert acc.chunks == 3
    assert acc.result() == {
        "response": "Hello",
        "thinking": "Hmm.",
        "done": True,
        "done_reason": "stop",
        "eval_count": 3,
        "tool_calls": [{"function": {"name": "f", "arguments": {}}}],
        "logprobs": [{"token": "Hel"}, {"token": "lo"}],
    }


def test_chat_merges_message_fields_across_chunks() -> None:
    acc = ChatAccumulator()
    call = {"id": "call_1", "function": {"index": 0, "name": "f", "arguments": {"a": 1}}}
    acc.handle_chunk(
        {"message": {"role": "assistant", "content": "", "thinking": "x"}, "done": False}
    )
    acc.handle_chunk(
        {"message": {"role": "assistant", "content": "A", "tool_calls": [call]}, "done": False}
    )
    acc.handle_chunk(
        {"message": {"role": "assistant", "content": "B"}, "done": True, "done_reason": "stop"}
    )
    result = acc.result()
    assert result == {
        "message": {"role": "assistant", "content": "AB", "thinking": "x", "tool_calls": [call]},
        "done": True,
        "done_reason": "stop",
    }


def test_partial_result_before_done() -> None:
    acc = ChatAccumulator()
    acc.handle_chunk({"message": {"role": "assistant", "content": "par"}, "done": False})
    acc.handle_chunk({"message": {"role": "assistant", "content": "tial"}, "done": False})
    assert not acc.complete
    result = acc.result()
    assert result is not None
    assert result["message"]["content"] == "partial"
    assert result["done"] is False


def test_chunks_are_not_modified() -> None:
    chunk = {"message": {"role": "assistant", "content": "a", "thinking": ""}, "done": True}
    acc = ChatAccumulator()
    acc.handle_chunk(chunk)
    acc.result()
    assert chunk == {"message": {"role": "assistant", "content": "a", "thinking": ""}, "done": True}


def test_progress_completes_on_success() -> None:
    acc = ProgressAccumulator()
    acc.handle_chunk({"status": "pulling manifest"})
    assert not acc.complete
    acc.handle_chunk({"status": "success"})
    assert acc.complete
    assert acc.result() == {"status": "success"}


@pytest.mark.parametrize(
    ("accumulator", "chunk", "field"),
    [
        (ChatAccumulator, {"message": "oops", "done": False}, "'message' as a string"),
        (ChatAccumulator, {"message": {"content": 123}, "done": True}, "'message.content'"),
        (ChatAccumulator, {"message": {"content": 0}}, "'message.content' as a number"),
        (GenerateAccumulator, {"response": False}, "'response' as a boolean"),
        (ChatAccumulator, {"message": {"thinking": 1.5}}, "'message.thinking' as a number"),
        (ChatAccumulator, {"message": {"tool_calls": {}}}, "'message.tool_calls' as an object"),
        (ChatAccumulator, {"message": {}, "logprobs": "x"}, "'logprobs' as a string"),
        (GenerateAccumulator, {"response": ["a"], "done": False}, "'response' as an array"),
        (GenerateAccumulator, {"response": "a", "done": 1}, "'done' as a number"),
        (GenerateAccumulator, {"response": "a", "thinking": True}, "'thinking' as a boolean"),
        (ProgressAccumulator, {"status": 200}, "'status' as a number"),
    ],
)
def test_a_known_field_with_the_wrong_type_is_a_protocol_error(
    accumulator: type[Accumulator], chunk: dict[str, Any], field: str
) -> None:
    acc = accumulator()
    acc.handle_chunk({"message": {"content": "ok"}, "response": "ok", "status": "pulling"})
    before = acc.result()
    with pytest.raises(ProtocolError, match=re.escape(field)) as info:
        acc.handle_chunk(chunk)
    assert "line 2 of the response" in str(info.value)
    assert acc.result() == before  # nothing of the bad chunk was taken
    assert acc.chunks == 1


def test_check_validates_a_whole_reply() -> None:
    ChatAccumulator().check({"message": {"role": "assistant", "content": "hi"}, "done": True})
    with pytest.raises(ProtocolError, match="line 1"):
        GenerateAccumulator().check({"response": 5, "done": True})
