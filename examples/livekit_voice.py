"""LiveKit Agents' `tts.StreamAdapter` speaking an Ollama reply sentence by sentence, split by ollama_async.

A LiveKit agent turns a TTS that cannot stream text into one that can with
`tts.StreamAdapter(tts=…, sentence_tokenizer=…)`: the LLM's tokens go in, the
tokenizer cuts them into sentences, and each sentence is synthesised as soon as
it is complete. Here the tokens come from an ollama_async stream and the TTS
prints what it is asked to say, with the time, so you can see each sentence go
out while the model is still writing. Talks to a real Ollama when one answers,
otherwise to the built-in test server.

    pip install 'ollama-async[livekit]'
    python examples/livekit_voice.py ["your question"]
"""

from __future__ import annotations

import asyncio
import sys
import time
from contextlib import AsyncExitStack
from typing import Any

from _backend import ollama_or_fake
from livekit.agents import APIConnectOptions, tts

from ollama_async import AsyncClient
from ollama_async.integrations.livekit import SentenceTokenizer
from ollama_async.testing import FakeModel

QUESTION = "In three short sentences: how do I run a model locally?"
FAKE = FakeModel(
    "livekit-demo",
    reply=(
        "Install Ollama from its website. Then run `ollama pull qwen3`, which takes a few "
        "minutes, e.g. on a laptop. **Start chatting** with `ollama run qwen3`!"
    ),
    token_delay=0.05,
)
RATE = 16000
STARTED = time.perf_counter()


def stamp(message: str) -> None:
    print(f"{time.perf_counter() - STARTED:5.2f} s  {message}", flush=True)


class PrintingTTS(tts.TTS):
    """Stands in for a TTS plugin that cannot stream text: prints what it would say."""

    def __init__(self) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False), sample_rate=RATE, num_channels=1
        )
        self.said: list[str] = []

    def synthesize(self, text: str, *, conn_options: Any = None) -> tts.ChunkedStream:
        return _Silence(tts=self, input_text=text, conn_options=conn_options or APIConnectOptions())


class _Silence(tts.ChunkedStream):
    async def _run(self, output_emitter: Any) -> None:
        self._tts.said.append(self.input_text)
        stamp(f"speak: {self.input_text}")
        output_emitter.initialize(
            request_id="silence", sample_rate=RATE, num_channels=1, mime_type="audio/pcm"
        )
        output_emitter.push(b"\0\0" * 160)
        output_emitter.flush()


async def ask(client: AsyncClient, model: str, question: str) -> list[str]:
    """Speak the reply to one question; return what the TTS was asked to say."""
    printer = PrintingTTS()
    # Our sentences, read aloud: Markdown stripped, code blocks skipped.
    tokenizer = SentenceTokenizer(strip_markdown=True, skip_code=True)
    adapter = tts.StreamAdapter(tts=printer, sentence_tokenizer=tokenizer)
    speech = adapter.stream()

    async def play() -> None:
        async for _audio in speech:  # an agent sends these frames to the room
            pass

    playing = asyncio.ensure_future(play())
    messages = [{"role": "user", "content": question}]
    try:
        async with await client.chat(model, messages, stream=True) as stream:
            async for token in stream.text():
                speech.push_text(token)
        stamp("the model finished writing")
        speech.end_input()
        await playing
    finally:
        await speech.aclose()
    return printer.said


async def main() -> None:
    question = " ".join(sys.argv[1:]) or QUESTION
    async with AsyncExitStack() as stack:
        url, model = await ollama_or_fake(stack, FAKE)
        client = await stack.enter_async_context(AsyncClient(url))
        stamp(f"ask: {question}")
        await ask(client, model, question)


if __name__ == "__main__":
    asyncio.run(main())
