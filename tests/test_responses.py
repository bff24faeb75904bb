"""Response objects: typed access, dict access, unknown fields kept, every capture parsed."""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path
from typing import Any

import orjson
import pytest

import ollama_async as oa
from ollama_async._wire import WireObject, parse_timestamp

CAPTURES = Path(__file__).resolve().parents[1].parent / "shared" / "ollama-wire"

RESPONSE_TYPES: dict[str, type[WireObject]] = {
    "/api/generate": oa.GenerateResponse,
    "/api/chat": oa.ChatResponse,
    "/api/embed": oa.EmbedResponse,
    "/api/embeddings": oa.EmbeddingsResponse,
    "/api/show": oa.ShowResponse,
    "/api/tags": oa.ListResponse,
    "/api/ps": oa.ProcessResponse,
    "/api/pull": oa.ProgressResponse,
    "/api/push": oa.ProgressResponse,
    "/api/create": oa.ProgressResponse,
}


def test_attribute_and_item_access() -> None:
    chunk = oa.ChatResponse(
        {
            "model": "qwen3",
            "created_at": "2025-10-26T17:21:21.196249Z",
            "message": {"role": "assistant", "content": "Hi", "thinking": "hm"},
            "done": True,
            "eval_count": 10,
            "eval_duration": 500_000_000,
        }
    )
    assert chunk.message.content == "Hi"
    assert chunk["message"]["thinking"] == "hm"
    assert chunk.message["role"] == "assistant"
    assert chunk.tokens_per_second == 20.0
    assert chunk.done_reason is None
    assert oa.ChatResponse({"model": "m"}).tokens_per_second is None


def test_defaults_for_fields_ollama_omits() -> None:
    chunk = oa.GenerateResponse({})
    assert chunk.response == ""
    assert chunk.done is False
    assert chunk.thinking is None
    assert chunk.tool_calls is None
    assert oa.ChatResponse({}).message.content == ""
    assert oa.EmbedResponse({}).embeddings == ()
    assert oa.ToolCallFunction({}).arguments == {}


def test_unknown_fields_are_kept() -> None:
    chunk = oa.GenerateResponse({"response": "x", "new_field": [1, 2]})
    assert chunk["new_field"] == [1, 2]
    assert chunk.raw["new_field"] == [1, 2]
    assert chunk.to_dict() == {"response": "x", "new_field": [1, 2]}
    assert "new_field" in chunk
    assert "new_field" in repr(chunk) or "response='x'" in repr(chunk)
    with pytest.raises(KeyError):
        chunk["missing"]


def test_read_only_equality_and_pickle() -> None:
    chunk = oa.GenerateResponse({"response": "x"})
    with pytest.raises(AttributeError):
        chunk.response = "y"
    with pytest.raises(AttributeError):
        chunk.other = 1  # type: ignore[attr-defined]
    assert chunk == oa.GenerateResponse({"response": "x"})
    assert chunk != oa.GenerateResponse({"response": "y"})
    assert pickle.loads(pickle.dumps(chunk)) == chunk


def test_keyword_construction_nests_objects() -> None:
    message = oa.Message(role="user", content="Hi")
    response = oa.ChatResponse(message=message, done=True)
    assert response.to_dict() == {"message": {"role": "user", "content": "Hi"}, "done": True}


def test_tool_calls_and_logprobs_are_typed() -> None:
    response = oa.ChatResponse(
        {
            "message": {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                    {"id": "call_1", "function": {"index": 0, "name": "f", "arguments": {"a": 1}}}
                ],
            },
            "logprobs": [
                {"token": "a", "logprob": -0.1, "bytes": [97], "top_logprobs": [{"token": "b"}]}
            ],
        }
    )
    calls = response.message.tool_calls
    assert calls is not None
    assert calls[0].id == "call_1"
    assert calls[0].function.name == "f"
    assert calls[0].function.arguments == {"a": 1}
    assert calls[0].function.index == 0
    logprobs = response.logprobs
    assert logprobs is not None
    assert logprobs[0].bytes == [97]
    assert logprobs[0].top_logprobs is not None
    assert logprobs[0].top_logprobs[0].token == "b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-10-26T17:21:21.196249Z", datetime.datetime(2025, 10, 26, 17, 21, 21, 196249)),
        ("2025-05-10T08:06:48.639712648-07:00", datetime.datetime(2025, 5, 10, 15, 6, 48, 639712)),
        ("2024-09-18T06:40:52.6537542Z", datetime.datetime(2024, 9, 18, 6, 40, 52, 653754)),
        ("2024-09-18T06:40:52Z", datetime.datetime(2024, 9, 18, 6, 40, 52)),
        ("2024-09-18T06:40:52.5+02:00", datetime.datetime(2024, 9, 18, 4, 40, 52, 500000)),
        ("0001-01-01T00:00:00Z", datetime.datetime(1, 1, 1)),
    ],
)
def test_go_timestamps(text: str, expected: datetime.datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed.tzinfo is not None
    assert parsed == expected.replace(tzinfo=datetime.timezone.utc)


def _capture_objects() -> list[tuple[str, type[WireObject], dict[str, Any]]]:
    found = []
    for path in sorted(CAPTURES.glob("[0-9]*.json")) if CAPTURES.is_dir() else []:
        capture = orjson.loads(path.read_bytes())
        response_type = RESPONSE_TYPES.get(capture.get("endpoint") or "")
        if response_type is None or (capture.get("status") or 200) >= 400:
            continue
        lines = capture.get("body_lines") or [capture.get("body") or ""]
        for number, line in enumerate(lines):
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(data, dict) and "error" not in data:
                found.append((f"{path.name}:{number}", response_type, data))
    return found


CAPTURED = _capture_objects()


def _read_every_field(obj: WireObject) -> set[str]:
    """Read every declared attribute (conversions included); return keys with no attribute."""
    for name in obj._fields:
        value = getattr(obj, name)
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, WireObject):
                assert not _read_every_field(item), item
    return set(obj.raw) - set(obj._fields)


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/ollama-wire is not present")
@pytest.mark.parametrize(("where", "response_type", "data"), CAPTURED, ids=[c[0] for c in CAPTURED])
def test_every_captured_field_is_typed(
    where: str, response_type: type[WireObject], data: dict[str, Any]
) -> None:
    obj = response_type(data)
    assert _read_every_field(obj) == set(), f"{where}: fields without a typed attribute"
    assert obj.to_dict() == data


def test_model_dump_is_everything_the_server_sent() -> None:
    wire = {
        "model": "qwen3",
        "message": {"role": "assistant", "content": "Hi", "tool_calls": [{"function": {}}]},
        "done": True,
        "brand_new_field": {"nested": [1, None]},
    }
    chunk = oa.ChatResponse(wire)
    dumped = chunk.model_dump()
    assert dumped == wire
    dumped["message"]["content"] = "changed"  # a copy: the response is untouched
    assert chunk.message.content == "Hi"
    assert type(dumped["message"]) is dict
    assert chunk.model_dump(mode="json") == wire == chunk.model_dump(by_alias=True)
    assert chunk.model_dump(exclude_none=True)["brand_new_field"] == {"nested": [1, None]}
    assert oa.GenerateResponse({"a": None, "b": {"c": None}}).model_dump(exclude_none=True) == {
        "b": {}
    }
    assert orjson.loads(chunk.model_dump_json()) == wire
    assert chunk.model_dump_json(indent=2).startswith('{\n  "model": "qwen3"')
    assert chunk.model_dump_json(indent=4).startswith('{\n    "model"')
    assert oa.ChatResponse(chunk.model_dump()) == chunk
    assert dict(chunk)["message"] == chunk.message
    with pytest.raises(ValueError, match="mode"):
        chunk.model_dump(mode="yaml")  # type: ignore[arg-type]


def test_model_dump_keeps_non_ascii_text() -> None:
    reply = oa.GenerateResponse({"response": "你好"})
    assert "你好" in reply.model_dump_json()
    assert "你好" in reply.model_dump_json(indent=4)


def test_modelinfo_alias() -> None:
    info = {"general.architecture": "llama"}
    shown = oa.ShowResponse({"model_info": info, "template": "t"})
    assert shown.modelinfo == shown["modelinfo"] == info
    assert "modelinfo" in shown and "model_info" in shown
    assert list(shown) == ["model_info", "template"]
    from_official = oa.ShowResponse({"modelinfo": info, "template": "t"})
    assert from_official == shown
    assert from_official.model_dump() == {"model_info": info, "template": "t"}
    assert oa.ShowResponse(modelinfo=info) == oa.ShowResponse(model_info=info)
    assert "modelinfo" not in oa.ShowResponse({})
    assert pickle.loads(pickle.dumps(shown)) == shown


def test_image_generation_fields() -> None:
    step = oa.GenerateResponse({"model": "x/z-image-turbo", "completed": 3, "total": 9})
    assert (step.completed, step.total, step.image) == (3, 9, None)
    final = oa.GenerateResponse({"image": "iVBORw0KGgo=", "done": True, "response": ""})
    assert final.image == "iVBORw0KGgo="
    assert final.completed is None


class Answer:
    """A stand-in for a pydantic model class: validates JSON text."""

    def __init__(self, answer: str) -> None:
        self.answer = answer

    @classmethod
    def model_validate_json(cls, json_data: str, /) -> Answer:
        data = orjson.loads(json_data)
        if not isinstance(data, dict) or not isinstance(data.get("answer"), str):
            raise ValueError("answer: field required")
        return cls(data["answer"])


def test_parsed_structured_output() -> None:
    reply = oa.ChatResponse({"message": {"content": '{"answer": "4"}'}, "done": True})
    assert reply.parsed(Answer).answer == "4"
    assert reply.message.parsed(Answer).answer == "4"
    assert oa.GenerateResponse({"response": '{"answer": "5"}'}).parsed(Answer).answer == "5"


def test_parsed_explains_a_reply_that_does_not_validate() -> None:
    bad = oa.ChatResponse({"message": {"content": '{"answer": 4}'}, "done": True})
    with pytest.raises(oa.StructuredOutputError, match=r"not a valid Answer.*format=") as info:
        bad.parsed(Answer)
    assert info.value.content == '{"answer": 4}'
    assert isinstance(info.value.__cause__, ValueError)
    assert isinstance(info.value, ValueError)
    cut = oa.GenerateResponse({"response": '{"answer": "fo', "done_reason": "length"})
    with pytest.raises(oa.StructuredOutputError, match="num_predict"):
        cut.parsed(Answer)


def test_web_responses() -> None:
    found = oa.WebSearchResponse({"results": [{"title": "T", "url": "https://u", "content": "c"}]})
    assert found.results[0].url == "https://u"
    assert found["results"][0]["title"] == "T"
    page = oa.WebFetchResponse({"title": "T", "content": "text"})
    assert (page.title, page.content, page.links) == ("T", "text", None)
