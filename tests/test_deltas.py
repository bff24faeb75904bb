"""Typed deltas of reply streams: arrival order, tool calls, sentences, think-prefill."""

from __future__ import annotations

from typing import Any

import pytest

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama

USER = [{"role": "user", "content": "Hi"}]
WEATHER_TOOL: Any = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
}
REASONING = "Okay, the user says hi. I should greet them back.\n"
PREFILLED_REPLY = REASONING + "</think>\n\nHello! How can I help?"


async def test_deltas_come_in_arrival_order(client: oa.AsyncClient) -> None:
    stream = await client.chat("qwen3", USER, stream=True, think=True)
    deltas = [delta async for delta in stream.deltas()]
    kinds = [delta.type for delta in deltas]
    assert kinds == sorted(kinds, key=["thinking", "text", "done"].index)  # thinking first
    assert kinds[-1] == "done"
    thinking = "".join(d.text for d in deltas if isinstance(d, oa.ThinkingDelta))
    text = "".join(d.text for d in deltas if isinstance(d, oa.TextDelta))
    assert (thinking, text) == ("Two plus two is four.", "The answer is 4.")
    assert deltas[-1] == oa.DoneDelta("stop")
    assert stream.complete


async def test_generate_deltas(client: oa.AsyncClient) -> None:
    stream = await client.generate("llama3.2", "Hi", stream=True)
    deltas = [delta async for delta in stream.deltas()]
    assert "".join(d.text for d in deltas if isinstance(d, oa.TextDelta)) == (
        "Hello there. How are you today?"
    )
    assert isinstance(deltas[-1], oa.DoneDelta)


async def test_tool_calls_are_typed_deltas() -> None:
    calls = [{"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]
    model = FakeModel("tooly", reply="", tool_calls=calls, capabilities=("completion", "tools"))
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("tooly", USER, stream=True, tools=[WEATHER_TOOL])
        deltas = [delta async for delta in stream.deltas()]
    tool_deltas = [d for d in deltas if isinstance(d, oa.ToolCallsDelta)]
    assert len(tool_deltas) == 1
    (call,) = tool_deltas[0].tool_calls
    assert isinstance(call, oa.ToolCall)
    assert call.function.name == "get_weather"
    assert call.function.arguments == {"city": "Paris"}
    assert [d.type for d in deltas][-2:] == ["tool_calls", "done"]


async def test_one_read_shows_thinking_and_speaks_sentences(client: oa.AsyncClient) -> None:
    stream = await client.chat("qwen3", USER, stream=True, think=True)
    shown: list[str] = []
    spoken: list[str] = []
    order: list[str] = []
    async for delta in stream.deltas(sentences=True):
        order.append(delta.type)
        if isinstance(delta, oa.ThinkingDelta):
            shown.append(delta.text)
        elif isinstance(delta, oa.SentenceDelta):
            spoken.append(delta.text)
    assert "".join(shown) == "Two plus two is four."
    assert spoken == ["The answer is 4."]
    assert stream.sentences_yielded == spoken
    assert stream.time_to_first_sentence is not None
    # Each sentence comes right after the text delta that completed it.
    assert order.index("sentence") > order.index("text")


async def test_sentence_deltas_follow_their_text() -> None:
    model = FakeModel("story", reply="One. Two! Three?")
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("story", USER, stream=True)
        deltas = [delta async for delta in stream.deltas(sentences=True, min_chars=1)]
    texts = [d.text for d in deltas if isinstance(d, (oa.TextDelta, oa.SentenceDelta))]
    assert texts == ["One. ", "Two! ", "One. ", "Three?", "Two! ", "Three?"]
    assert deltas[-1].type == "done"  # the last sentence comes before it


async def test_text_thinking_and_sentences_are_filters_of_deltas(
    client: oa.AsyncClient,
) -> None:
    stream = await client.generate("qwen3", "2+2?", stream=True, think=True)
    deltas = [delta async for delta in stream.deltas(sentences=True)]
    stream = await client.generate("qwen3", "2+2?", stream=True, think=True)
    texts = [token async for token in stream.text()]
    assert texts == [d.text for d in deltas if isinstance(d, oa.TextDelta)]
    assert len(texts) > 1
    stream = await client.generate("qwen3", "2+2?", stream=True, think=True)
    thoughts = [token async for token in stream.thinking()]
    assert thoughts == [d.text for d in deltas if isinstance(d, oa.ThinkingDelta)]
    stream = await client.generate("qwen3", "2+2?", stream=True, think=True)
    spoken = [sentence async for sentence in stream.sentences()]
    assert spoken == [d.text for d in deltas if isinstance(d, oa.SentenceDelta)]


@pytest.mark.parametrize(
    "model_name", ["deepseek-r1:7b", "qwq", "hf.co/x/DeepSeek-R1-Distill-Qwen-7B"]
)
async def test_prefilled_thinking_is_never_spoken(model_name: str) -> None:
    model = FakeModel(model_name, reply=PREFILLED_REPLY)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat(model_name, USER, stream=True)
        assert [s async for s in stream.sentences()] == ["\n\nHello! ", "How can I help?"]


async def test_a_reply_that_begins_like_reasoning_is_held() -> None:
    model = FakeModel("mystery", reply=PREFILLED_REPLY)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("mystery", USER, stream=True)
        assert [s async for s in stream.sentences()] == ["\n\nHello! ", "How can I help?"]


async def test_think_prefill_can_be_forced_either_way() -> None:
    reasoning = "The model plans.\n</think>\n\nHello! How can I help?"  # no telling start
    models = [FakeModel("mystery", reply=reasoning), FakeModel("qwq", reply=PREFILLED_REPLY)]
    async with FakeOllama(models=models) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("mystery", USER, stream=True)
        assert [s async for s in stream.sentences(think_prefill=True)] == [
            "\n\nHello! ",
            "How can I help?",
        ]
        stream = await client.chat("qwq", USER, stream=True)
        spoken = [s async for s in stream.sentences(think_prefill=False)]
        assert "".join(spoken) == REASONING + "\n\nHello! How can I help?"  # the tag is not read


async def test_a_prefilling_family_without_the_tag_loses_nothing() -> None:
    model = FakeModel("qwq", reply="Hi there. Nothing to think about.")
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("qwq", USER, stream=True)
        assert [s async for s in stream.sentences()] == ["Hi there. ", "Nothing to think about."]


async def test_parsed_thinking_releases_the_reply_at_once() -> None:
    model = FakeModel(
        "qwq",
        reply="First. Second. Third.",
        thinking="Let me think.",
        capabilities=("completion", "thinking"),
        token_delay=0.005,
    )
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("qwq", USER, stream=True, think=True)
        sentences = stream.sentences()
        assert await sentences.__anext__() == "First. "
        assert not stream.complete  # not held to the end: Ollama parsed the thinking
        assert [s async for s in sentences] == ["Second. ", "Third."]


async def test_bad_delta_arguments(client: oa.AsyncClient) -> None:
    stream = await client.chat("llama3.2", USER, stream=True)
    with pytest.raises(oa.RequestError, match="sentences=True"):
        stream.deltas(min_chars=3)
    with pytest.raises(oa.RequestError, match="think_prefill"):
        stream.sentences(think_prefill="yes")  # type: ignore[arg-type]
    with pytest.raises(oa.RequestError, match="sentences must be"):
        stream.deltas(sentences=1)  # type: ignore[arg-type]
    await stream.aclose()


async def test_dropping_deltas_closes_the_stream() -> None:
    model = FakeModel("story", reply="word " * 500, token_delay=0.001)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("story", USER, stream=True)
        deltas = stream.deltas()
        async for _ in deltas:
            break
        await deltas.aclose()
        assert stream.closed
        disconnect = await server.wait_for_disconnect(timeout=5)
        assert disconnect.path == "/api/chat"
