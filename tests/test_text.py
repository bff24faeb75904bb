"""Text views of reply streams: tokens, thinking, sentences, timings and barge-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama

from .conftest import CHAT_REPLY

USER = [{"role": "user", "content": "Hi"}]
STORY = "Once upon a time, there was a fox. It was quick! Was it brown? Yes.\nThe end."


async def test_text_yields_reply_tokens_only(client: oa.AsyncClient) -> None:
    stream = await client.chat("qwen3", USER, stream=True)
    tokens = [token async for token in stream.text()]
    assert "".join(tokens) == "The answer is 4."
    assert all(tokens)
    assert stream.closed
    assert stream.complete
    assert (await stream.final()).message.thinking == "Two plus two is four."


async def test_thinking_yields_thinking_tokens(client: oa.AsyncClient) -> None:
    stream = await client.generate("qwen3", "2+2?", stream=True)
    assert "".join([token async for token in stream.thinking()]) == "Two plus two is four."
    assert (await stream.final()).response == "The answer is 4."


async def test_sentences_of_chat_and_generate(client: oa.AsyncClient) -> None:
    chat = await client.chat("llama3.2", USER, stream=True)
    assert [s async for s in chat.sentences()] == ["Hello there. ", "How are you today?"]
    assert chat.sentences_yielded == ["Hello there. ", "How are you today?"]
    generate = await client.generate("qwen3", "2+2?", stream=True)
    assert [s async for s in generate.sentences()] == ["The answer is 4."]  # thinking never spoken


async def test_inline_think_tags_are_not_spoken() -> None:
    model = FakeModel("r1", reply="<think>Plan: greet. Then stop.</think>Sure. Done!")
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("r1", USER, stream=True)
        assert [s async for s in stream.sentences()] == ["Sure. ", "Done!"]


async def test_first_sentence_arrives_before_the_reply_ends() -> None:
    model = FakeModel("story", reply=STORY, token_delay=0.005)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("story", USER, stream=True)
        sentences = stream.sentences()
        first = await sentences.__anext__()
        assert first == "Once upon a time, there was a fox. "
        assert not stream.complete  # the model is still writing
        rest = [s async for s in sentences]
        assert "".join([first, *rest]) == STORY
        ttft, ttfs = stream.time_to_first_token, stream.time_to_first_sentence
        assert ttft is not None
        assert ttfs is not None
        assert 0 < ttft <= ttfs
        assert stream.time_to_first_chunk is not None
        assert stream.time_to_first_chunk <= ttft


async def test_barge_in_keeps_what_was_heard() -> None:
    model = FakeModel("story", reply=STORY * 20, token_delay=0.005)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("story", USER, stream=True)
        heard = []
        async for sentence in stream.sentences():
            heard.append(sentence)
            if len(heard) == 2:
                break
        await stream.aclose()
        assert stream.sentences_yielded == heard
        partial = stream.partial()
        assert partial is not None
        assert partial.message.content.startswith("".join(heard))
        disconnect = await server.wait_for_disconnect(timeout=5)
        assert disconnect.path == "/api/chat"


async def test_sentence_options_pass_through(client: oa.AsyncClient) -> None:
    stream = await client.chat("llama3.2", USER, stream=True)
    assert [s async for s in stream.sentences(min_chars=40)] == [CHAT_REPLY]


async def test_standalone_sentences_over_any_token_source() -> None:
    async def tokens() -> AsyncIterator[str]:
        for token in ["<think>x</think>", "你好", "。我", "很好！", "Yes", ". Done"]:
            yield token

    assert [s async for s in oa.sentences(tokens())] == ["你好。", "我很好！", "Yes. ", "Done"]


async def test_standalone_sentences_with_prefilled_thinking() -> None:
    def tokens() -> AsyncIterator[str]:
        async def gen() -> AsyncIterator[str]:
            for token in ["Okay, so the user", " says hi.\n</th", "ink>\n\nHi! ", "Bye."]:
                yield token

        return gen()

    for prefill in (True, None):
        spoken = [s async for s in oa.sentences(tokens(), think_prefill=prefill)]
        assert spoken == ["\n\nHi! ", "Bye."]
    spoken = [s async for s in oa.sentences(tokens())]  # the default: nothing held
    assert "".join(spoken) == "Okay, so the user says hi.\n\n\nHi! Bye."
