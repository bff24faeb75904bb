# ruff: noqa: F821 - reveal_type is a mypy builtin
"""Type-checking cases of `ollama_async.sync`: its overloads infer as the async ones do.

Run by ``test_typing.py``; excluded from the project's own mypy run.
"""

from __future__ import annotations

import ollama_async.sync as ollama
from ollama_async.sync import Client, chat, generate, pull

HI = [{"role": "user", "content": "Hi"}]


def cases(client: Client, flag: bool) -> None:
    reveal_type(client.chat("m", HI))  # R: ollama_async._responses.ChatResponse
    reveal_type(client.chat("m", HI, stream=True))  # R: ollama_async.sync._streams.ChatStream
    either = client.chat("m", HI, stream=flag)
    # fmt: off
    reveal_type(either)  # R: ollama_async._responses.ChatResponse | ollama_async.sync._streams.ChatStream
    # fmt: on
    gen = client.generate("m", "hi", stream=True)
    reveal_type(gen)  # R: ollama_async.sync._streams.GenerateStream
    reveal_type(client.pull("m", stream=True))  # R: ollama_async.sync._streams.ProgressStream
    made = client.create("m", from_="x", stream=False)
    reveal_type(made)  # R: ollama_async._responses.ProgressResponse
    reveal_type(client.embed("m", "hi"))  # R: ollama_async._responses.EmbedResponse
    reveal_type(client.with_options(timeout=5))  # R: ollama_async.sync._client.Client
    client.chat("m", HI, options={"max_tokens": 5})  # E: call-overload
    client.chat("m", HI, stream=True, tools=[], think="high", format="json")
    client.generate("m", "hi", images=[b"..."], think=True)

    # The module-level functions are the default client's methods, overloads and all.
    reveal_type(chat("m", HI))  # R: ollama_async._responses.ChatResponse
    reveal_type(chat("m", HI, stream=True))  # R: ollama_async.sync._streams.ChatStream
    reveal_type(generate("m", "hi", stream=True))  # R: ollama_async.sync._streams.GenerateStream
    reveal_type(pull("m"))  # R: ollama_async._responses.ProgressResponse
    reveal_type(ollama.ps())  # R: ollama_async._responses.ProcessResponse
    chat("m", HI, stream="yes")  # E: call-overload

    # Streams and their views are sync iterators.
    stream = client.chat("m", HI, stream=True)
    for part in stream:
        reveal_type(part)  # R: ollama_async._responses.ChatResponse
    for token in stream.text():
        reveal_type(token)  # R: str
    for sentence in stream.sentences(min_chars=10):
        reveal_type(sentence)  # R: str
    for delta in stream.deltas(sentences=True):
        if isinstance(delta, ollama.SentenceDelta):
            reveal_type(delta.text)  # R: str
    reveal_type(stream.final())  # R: ollama_async._responses.ChatResponse
    reveal_type(stream.partial())  # R: ollama_async._responses.ChatResponse | None
    with client.generate("m", "hi", stream=True) as generating:
        reveal_type(generating)  # R: ollama_async.sync._streams.GenerateStream
    for progress in client.pull("m", stream=True):
        reveal_type(progress.completed)  # R: int | None
    stream.aclose()  # E: attr-defined
