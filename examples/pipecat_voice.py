"""A pipecat pipeline that speaks an Ollama reply sentence by sentence, split by ollama_async.

The pipeline is the one a pipecat voice bot has between its LLM and its TTS:
LLM text frames, then `LLMTextProcessor(text_aggregator=SentenceAggregator())`,
then the TTS service, which speaks each sentence as it arrives. Here the LLM
frames come from an ollama_async stream and the TTS prints what it is asked to
say, with the time, so you can see each sentence go out while the model is
still writing. Talks to a real Ollama when one answers, otherwise to the
built-in test server.

    pip install 'ollama-async[pipecat]'
    python examples/pipecat_voice.py ["your question"]
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import warnings
from contextlib import AsyncExitStack
from typing import Any

from _backend import ollama_or_fake

from ollama_async import AsyncClient
from ollama_async.testing import FakeModel

os.environ.setdefault("LOGURU_LEVEL", "WARNING")  # pipecat logs every frame at DEBUG
with warnings.catch_warnings():  # pipecat imports audioop, deprecated since Python 3.11
    warnings.simplefilter("ignore", DeprecationWarning)
    from pipecat.frames.frames import (
        EndFrame,
        Frame,
        LLMFullResponseEndFrame,
        LLMFullResponseStartFrame,
        LLMTextFrame,
        TextFrame,
        TTSAudioRawFrame,
    )
    from pipecat.pipeline.pipeline import Pipeline
    from pipecat.pipeline.worker import PipelineParams, PipelineWorker
    from pipecat.processors.aggregators.llm_text_processor import LLMTextProcessor
    from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
    from pipecat.services.settings import TTSSettings
    from pipecat.services.tts_service import TTSService
    from pipecat.workers.runner import WorkerRunner

    from ollama_async.integrations.pipecat import SentenceAggregator

QUESTION = "In three short sentences: how do I run a model locally?"
FAKE = FakeModel(
    "pipecat-demo",
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


class OllamaReply(FrameProcessor):
    """An LLM stage: a question (`TextFrame`) in, the reply out as pipecat's LLM frames."""

    def __init__(self, client: AsyncClient, model: str) -> None:
        super().__init__()
        self._client, self._model = client, model

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if not isinstance(frame, TextFrame):
            await self.push_frame(frame, direction)
            return
        messages = [{"role": "user", "content": frame.text}]
        await self.push_frame(LLMFullResponseStartFrame())
        async with await self._client.chat(self._model, messages, stream=True) as stream:
            async for token in stream.text():
                await self.push_frame(LLMTextFrame(token))
        stamp("the model finished writing")
        await self.push_frame(LLMFullResponseEndFrame())


class PrintingTTS(TTSService):
    """Stands in for a real TTS service (Piper, Kokoro, Cartesia…): prints what it would say."""

    def __init__(self) -> None:
        # No model, voice or language: None says so (pipecat logs an error for unset ones).
        super().__init__(
            sample_rate=RATE, settings=TTSSettings(model=None, voice=None, language=None)
        )
        self.said: list[str] = []

    async def run_tts(self, text: str, context_id: str) -> Any:
        self.said.append(text.strip())
        stamp(f"speak: {text.strip()}")
        yield TTSAudioRawFrame(
            b"\0\0" * 160, sample_rate=RATE, num_channels=1, context_id=context_id
        )


async def ask(client: AsyncClient, model: str, question: str) -> list[str]:
    """Run the pipeline for one question; return what the TTS was asked to say."""
    tts = PrintingTTS()
    # Our sentences, read aloud: Markdown stripped, code blocks skipped.
    sentences = SentenceAggregator(strip_markdown=True, skip_code=True)
    pipeline = Pipeline(
        [OllamaReply(client, model), LLMTextProcessor(text_aggregator=sentences), tts]
    )
    worker = PipelineWorker(
        pipeline, params=PipelineParams(audio_out_sample_rate=RATE), cancel_on_idle_timeout=False
    )
    await worker.queue_frames([TextFrame(question), EndFrame()])
    runner = WorkerRunner(handle_sigint=False)
    await runner.add_workers(worker)
    await runner.run()
    return tts.said


async def main() -> None:
    question = " ".join(sys.argv[1:]) or QUESTION
    async with AsyncExitStack() as stack:
        url, model = await ollama_or_fake(stack, FAKE)
        client = await stack.enter_async_context(AsyncClient(url))
        stamp(f"ask: {question}")
        await ask(client, model, question)


if __name__ == "__main__":
    asyncio.run(main())
