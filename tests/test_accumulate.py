"""The I/O-free accumulators that build a final response from chunks."""

from __future__ import annotations

from ollama_async._accumulate import ChatAccumulator, GenerateAccumulator, ProgressAccumulator


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
