"""FakeOllama behaves as a real model would: format, logprobs, tool calls, scripted replies."""

from __future__ import annotations

import asyncio
import enum
from typing import Any, Literal, Optional

import aiohttp
import orjson
import pydantic
import pytest

from ollama_async.testing import FakeModel, FakeOllama, ScriptedReply, default_models
from ollama_async.testing._schema import instance

from .test_testing_server import call, post, stream

USER = [{"role": "user", "content": "What is the weather in Tokyo today?"}]
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "the city"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
            },
            "required": ["city", "unit"],
        },
    },
}
TIME = {
    "type": "function",
    "function": {
        "name": "get_time",
        "description": "Current time in a timezone",
        "parameters": {"type": "object", "properties": {"zone": {"type": "string"}}},
    },
}


class Colour(str, enum.Enum):
    red = "red"
    green = "green"


class Address(pydantic.BaseModel):
    street: str
    postcode: str = pydantic.Field(min_length=5, max_length=5)


class Person(pydantic.BaseModel):
    name: str
    age: int = pydantic.Field(ge=18, le=130)
    height: float = pydantic.Field(gt=1.5)
    member: bool
    colour: Colour
    mood: Literal["calm", "busy"]
    address: Address
    previous: list[Address] = pydantic.Field(min_length=2)
    tags: list[str]
    nickname: Optional[str] = None


def chat_text(lines: list[dict[str, Any]]) -> str:
    return "".join(line["message"]["content"] for line in lines)


# -- format ------------------------------------------------------------------------


@pytest.mark.parametrize("streamed", [True, False])
async def test_format_schema_gives_an_instance_pydantic_accepts(streamed: bool) -> None:
    body = {
        "model": "llama3.2",
        "messages": USER,
        "format": Person.model_json_schema(),
        "stream": streamed,
    }
    async with FakeOllama() as server:
        if streamed:
            lines = await stream(server, "/api/chat", body)
            assert len(lines) > 3  # streamed in pieces, as a model writes JSON
            text = chat_text(lines)
        else:
            text = (await post(server, "/api/chat", body))["message"]["content"]
    person = Person.model_validate_json(text)
    assert person.address.postcode == person.previous[1].postcode
    assert len(person.previous) == 2 and person.age >= 18 and person.height > 1.5


@pytest.mark.parametrize("streamed", [True, False])
async def test_generate_format_json_gives_a_json_object(streamed: bool) -> None:
    body = {"model": "llama3.2", "prompt": "Hi", "format": "json", "stream": streamed}
    async with FakeOllama() as server:
        if streamed:
            text = "".join(line["response"] for line in await stream(server, "/api/generate", body))
        else:
            text = (await post(server, "/api/generate", body))["response"]
    assert orjson.loads(text) == {"answer": "Hello! How can I help you today?"}


async def test_thinking_model_thinks_then_writes_constrained_json() -> None:
    body = {"model": "qwen3", "messages": USER, "format": Address.model_json_schema()}
    async with FakeOllama() as server:
        lines = await stream(server, "/api/chat", body)
    thinking = "".join(line["message"].get("thinking", "") for line in lines)
    assert thinking == "Two plus two is four."
    Address.model_validate_json(chat_text(lines))


async def test_a_reply_that_is_already_json_is_sent_as_is() -> None:
    model = FakeModel("m", reply='{"feet": 6076}')
    async with FakeOllama(models=[model]) as server:
        answer = await post(
            server,
            "/api/generate",
            {"model": "m", "prompt": "x", "format": {"type": "object"}, "stream": False},
        )
    assert answer["response"] == '{"feet": 6076}'


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string", "enum": ["b", "a"]}, "b"),
        ({"const": 3}, 3),
        ({"type": ["null", "integer"], "minimum": 5}, 5),
        ({"type": "integer", "exclusiveMinimum": 5, "multipleOf": 4}, 8),
        ({"type": "number", "maximum": -2}, -2),
        ({"type": "string", "maxLength": 3}, "tex"),
        ({"type": "string", "format": "date"}, "2026-01-01"),
        ({"type": "array", "items": {"type": "boolean"}, "minItems": 3}, [True] * 3),
        ({"type": "array", "maxItems": 0}, []),
        ({"anyOf": [{"type": "null"}, {"type": "integer"}]}, 1),
        (
            {"allOf": [{"properties": {"a": {"type": "integer"}}}, {"required": ["a"]}]},
            {"a": 1},
        ),
        (
            {"$defs": {"P": {"type": "object", "properties": {"x": {"type": "string"}}}},
             "type": "object", "properties": {"p": {"$ref": "#/$defs/P"}}},
            {"p": {"x": "text"}},
        ),
    ],
)  # fmt: skip
def test_schema_instances(schema: dict[str, Any], expected: Any) -> None:
    assert instance(schema, "text") == expected


def test_a_recursive_schema_ends() -> None:
    tree = {
        "$ref": "#/$defs/Node",
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
            }
        },
    }
    value = instance(tree)
    depth = 0
    while value.get("children"):
        value, depth = value["children"][0], depth + 1
    assert 1 < depth < 10


# -- logprobs (§4.9, §8.4) --------------------------------------------------------


async def test_logprobs_in_ollamas_shape_on_each_chat_chunk() -> None:
    model = FakeModel("m", reply="Hi 你好")
    body = {"model": "m", "messages": USER, "logprobs": True, "top_logprobs": 3}
    async with FakeOllama(models=[model]) as server:
        lines = await stream(server, "/api/chat", body)
    *chunks, last = lines
    assert "logprobs" not in last
    for line in chunks:
        [entry] = line["logprobs"]  # beside `message`, one entry per token
        assert list(line) == ["model", "created_at", "message", "done", "logprobs"]
        assert entry["token"] == line["message"]["content"]
        assert entry["bytes"] == list(entry["token"].encode())
        assert -2 <= entry["logprob"] < 0
        top = entry["top_logprobs"]
        assert len(top) == 3 and top[0] == {k: entry[k] for k in ("token", "logprob", "bytes")}
        assert [t["logprob"] for t in top] == sorted((t["logprob"] for t in top), reverse=True)


@pytest.mark.parametrize("top", [1, 20])
async def test_top_logprobs_lists_as_many_as_asked(top: int) -> None:
    body = {"model": "llama3.2", "prompt": "x", "logprobs": True, "top_logprobs": top}
    async with FakeOllama() as server:
        answer = await post(server, "/api/generate", {**body, "stream": False})
    for entry in answer["logprobs"]:
        tokens = [alternative["token"] for alternative in entry["top_logprobs"]]
        assert len(set(tokens)) == len(tokens) == top and tokens[0] == entry["token"]


async def test_logprobs_need_logprobs_true_and_top_needs_top_logprobs() -> None:
    async with FakeOllama() as server:
        plain = await stream(server, "/api/generate", {"model": "llama3.2", "prompt": "x"})
        only_top = await stream(
            server, "/api/generate", {"model": "llama3.2", "prompt": "x", "top_logprobs": 5}
        )
        no_top = await stream(
            server, "/api/generate", {"model": "llama3.2", "prompt": "x", "logprobs": True}
        )
    assert not any("logprobs" in line for line in plain + only_top)
    entries = [entry for line in no_top for entry in line.get("logprobs", [])]
    assert [entry["token"] for entry in entries] == [line["response"] for line in no_top[:-1]]
    assert not any("top_logprobs" in entry for entry in entries)


async def test_non_streamed_answer_concatenates_logprobs_thinking_included() -> None:
    body = {"model": "qwen3", "prompt": "2+2?", "logprobs": True, "stream": False}
    async with FakeOllama() as server:
        answer = await post(server, "/api/generate", body)
    tokens = "".join(entry["token"] for entry in answer["logprobs"])
    assert tokens == answer["thinking"] + answer["response"]
    assert len(answer["logprobs"]) == answer["eval_count"]
    assert list(answer).index("logprobs") < list(answer).index("total_duration")


# -- the default tool model ---------------------------------------------------------


@pytest.mark.parametrize("streamed", [True, False])
async def test_default_tool_model_calls_the_matching_tool(streamed: bool) -> None:
    body = {"model": "llama3.2", "messages": USER, "tools": [TIME, WEATHER], "stream": streamed}
    async with FakeOllama() as server:
        if streamed:
            lines = await stream(server, "/api/chat", body)
            message = lines[-1]["message"]
            assert chat_text(lines) == ""
        else:
            message = (await post(server, "/api/chat", body))["message"]
    [called] = message["tool_calls"]
    assert called["function"] == {
        "index": 0,
        "name": "get_weather",
        "arguments": {"city": "Tokyo", "unit": "celsius", "days": 1},
    }
    assert called["id"].startswith("call_")


async def test_a_tool_without_parameters_is_called_with_an_empty_object() -> None:
    bare = {"type": "function", "function": {"name": "now"}}
    body = {"model": "llama3.2", "messages": USER, "tools": [bare], "stream": False}
    async with FakeOllama() as server:
        message = (await post(server, "/api/chat", body))["message"]
    assert message["tool_calls"][0]["function"] == {"index": 0, "name": "now", "arguments": {}}


async def test_default_tool_model_answers_the_tool_result_in_prose() -> None:
    result = {"role": "tool", "tool_name": "get_weather", "content": "18 degrees and sunny"}
    call_message = {
        "role": "assistant",
        "content": "",
        "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Tokyo"}}}],
    }
    body = {
        "model": "llama3.2",
        "messages": [*USER, call_message, result],
        "tools": [WEATHER],
        "stream": False,
    }
    async with FakeOllama() as server:
        message = (await post(server, "/api/chat", body))["message"]
    assert message == {
        "role": "assistant",
        "content": "The get_weather tool says: 18 degrees and sunny.",
    }


async def test_default_tool_model_without_tools_just_answers() -> None:
    async with FakeOllama() as server:
        message = (
            await post(
                server, "/api/chat", {"model": "llama3.2", "messages": USER, "stream": False}
            )
        )["message"]
    assert message == {"role": "assistant", "content": "Hello! How can I help you today?"}


def test_default_models_name_the_tool_model() -> None:
    assert [model.tool_calls for model in default_models()] == ["auto", None, None]
    with pytest.raises(ValueError, match='a list of calls or "auto"'):
        FakeModel("m", tool_calls="sometimes")


# -- scripted replies -----------------------------------------------------------------


async def test_scripted_replies_are_taken_in_order_then_the_model_answers() -> None:
    async with FakeOllama(replies=["One.", {"reply": "Two.", "thinking": "Hmm."}]) as server:
        body = {"model": "qwen3", "messages": USER, "stream": False}
        first = await post(server, "/api/chat", body)
        second = await post(server, "/api/chat", body)
        third = await post(server, "/api/chat", body)
    assert first["message"]["content"] == "One."
    assert first["message"]["thinking"] == "Two plus two is four."  # the model's own
    assert (second["message"]["content"], second["message"]["thinking"]) == ("Two.", "Hmm.")
    assert third["message"]["content"] == "The answer is 4."


async def test_a_scripted_reply_for_one_model_waits_for_it() -> None:
    async with FakeOllama(replies=[{"reply": "From qwen.", "model": "qwen3"}]) as server:
        llama = await post(
            server, "/api/generate", {"model": "llama3.2", "prompt": "x", "stream": False}
        )
        qwen = await post(
            server, "/api/generate", {"model": "QWEN3:latest", "prompt": "x", "stream": False}
        )
    assert (llama["response"], qwen["response"]) == (
        "Hello! How can I help you today?",
        "From qwen.",
    )


async def test_scripted_errors_before_and_inside_the_stream() -> None:
    async with FakeOllama() as server:
        server.queue_replies(
            {"error": "server busy", "status": 503},
            ScriptedReply(reply="one two three", error="runner crashed", error_after=2),
        )
        body = {"model": "llama3.2", "prompt": "x"}
        status, _, raw = await call(server, "POST", "/api/generate", body)
        lines = await stream(server, "/api/generate", body)
    assert (status, orjson.loads(raw)) == (503, {"error": "server busy"})
    assert [line.get("response") for line in lines] == ["one ", "two ", None]
    assert lines[-1] == {"error": "runner crashed"}


async def test_a_scripted_error_comes_after_its_delay() -> None:
    async with FakeOllama(replies=[{"error": "late", "delay": 30}]) as server:
        body = {"model": "llama3.2", "prompt": "x", "stream": False}
        timeout = aiohttp.ClientTimeout(total=0.2)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            with pytest.raises(asyncio.TimeoutError):
                await session.post(server.url + "/api/generate", json=body)
        assert not server.replies  # taken, and still waiting out its delay


async def test_scripted_tool_calls_and_delay() -> None:
    tool_call = {"function": {"name": "get_time", "arguments": {"zone": "UTC"}}}
    async with FakeOllama(replies=[{"tool_calls": [tool_call], "delay": 0.01}]) as server:
        body = {"model": "llama3.2", "messages": USER, "tools": [TIME, WEATHER], "stream": False}
        message = (await post(server, "/api/chat", body))["message"]
    assert [c["function"]["arguments"] for c in message["tool_calls"]] == [{"zone": "UTC"}]


async def test_a_scripted_text_reply_calls_no_tool() -> None:
    async with FakeOllama(replies=["I will not call anything."]) as server:
        body = {"model": "llama3.2", "messages": USER, "tools": [WEATHER], "stream": False}
        scripted = (await post(server, "/api/chat", body))["message"]
        auto = (await post(server, "/api/chat", body))["message"]
    assert scripted == {"role": "assistant", "content": "I will not call anything."}
    assert auto["tool_calls"][0]["function"]["name"] == "get_weather"


async def test_a_scripted_text_reply_is_verbatim_even_with_format() -> None:
    async with FakeOllama(replies=["not json"]) as server:
        body = {"model": "llama3.2", "prompt": "x", "format": "json", "stream": False}
        assert (await post(server, "/api/generate", body))["response"] == "not json"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"text": "x"}, "unknown key 'text' in scripted reply; valid keys: reply, thinking"),
        ({"delay": "1s"}, "'delay' in a scripted reply must be int or number"),
        ({"status": 200, "error": "x"}, "'status' must be an HTTP error status"),
        ({"tool_calls": [{"name": "f"}]}, 'each of "tool_calls" must look like'),
        (42, "a scripted reply is a string or an object"),
    ],
)
def test_bad_scripted_replies_are_named(entry: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        FakeOllama(replies=[entry])


# -- tokens ----------------------------------------------------------------------


async def test_a_model_streams_the_pieces_of_its_own_tokenizer() -> None:
    def pairs(text: str) -> list[str]:
        return [text[i : i + 2] for i in range(0, len(text), 2)]

    model = FakeModel("bpe", reply="Hello, 世界!", tokenizer=pairs)
    async with FakeOllama(models=[model]) as server:
        lines = await stream(server, "/api/generate", {"model": "bpe", "prompt": "Hi"})
    assert [line["response"] for line in lines[:-1]] == ["He", "ll", "o,", " 世", "界!"]
    assert lines[-1]["eval_count"] == 5


async def test_a_tokenizer_that_loses_text_is_an_error_not_a_short_reply() -> None:
    model = FakeModel("lossy", reply="Hello there.", tokenizer=lambda text: text.split())
    async with FakeOllama(models=[model]) as server:
        status, _, body = await call(
            server, "POST", "/api/generate", {"model": "lossy", "prompt": "Hi"}
        )
    assert status == 500
    assert b"lost or changed text" in body


@pytest.mark.parametrize("stream_it", [True, False])
async def test_html_characters_are_escaped_as_go_writes_them(stream_it: bool) -> None:
    """`json.Marshal`'s HTML escaping: `<b>&` is `\\u003cb\\u003e\\u0026`, as Ollama sends it."""
    reply = "<b>Tom & Jerry</b>\u2028é"
    async with FakeOllama(models=[FakeModel("m", reply=reply)]) as server:
        body = {"model": "m", "prompt": "Hi", "stream": stream_it}
        _, _, raw = await call(server, "POST", "/api/generate", body)
    assert b"<" not in raw and b">" not in raw and b"&" not in raw and "\u2028".encode() not in raw
    assert b"\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e" in raw or stream_it
    assert "é".encode() in raw  # other characters stay raw UTF-8
    text = "".join(orjson.loads(line)["response"] for line in raw.splitlines())
    assert text == reply
