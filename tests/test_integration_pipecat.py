"""The pipecat aggregator inside a real pipecat pipeline, and on the corpus through pipecat's API."""

from __future__ import annotations

import asyncio
import os
import warnings
from typing import Any

import pytest

from ollama_async import RequestError, SentenceSplitter

from .frameworks import (
    EXAMPLE_SAID,
    require_framework,
    run_example,
    said_by_example,
    spoken_in_order,
)
from .sentence_corpus import CORPUS
from .test_sentences import feed_chunks

os.environ.setdefault("LOGURU_LEVEL", "WARNING")  # pipecat logs every frame at DEBUG
require_framework("pipecat", package="pipecat-ai", python=(3, 11))

# pipecat imports audioop, which warns on Python 3.11 and 3.12 (pipecat's own concern).
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from pipecat.frames.frames import (
        InterruptionFrame,
        LLMFullResponseEndFrame,
        LLMFullResponseStartFrame,
        LLMTextFrame,
        TTSAudioRawFrame,
    )
    from pipecat.pipeline.pipeline import Pipeline
    from pipecat.processors.aggregators.llm_text_processor import LLMTextProcessor
    from pipecat.services.settings import TTSSettings
    from pipecat.services.tts_service import TTSService
    from pipecat.utils.text.base_text_aggregator import BaseTextAggregator

    from ollama_async.integrations.pipecat import SentenceAggregator

    try:
        from pipecat.pipeline.worker import PipelineParams, PipelineWorker
        from pipecat.workers.runner import WorkerRunner
    except ImportError:  # pipecat before 1.3 ran a PipelineTask with a PipelineRunner
        from pipecat.pipeline.runner import PipelineRunner as WorkerRunner
        from pipecat.pipeline.task import PipelineParams
        from pipecat.pipeline.task import PipelineTask as PipelineWorker

RATE = 16000


class RecordingTTS(TTSService):
    """A TTS service that records what it is asked to say and answers with a little silence."""

    def __init__(self) -> None:
        # No model, voice or language: None says so (pipecat logs an error for unset ones).
        super().__init__(
            sample_rate=RATE, settings=TTSSettings(model=None, voice=None, language=None)
        )
        self.said: list[str] = []
        self._changed = asyncio.Condition()

    async def run_tts(self, text: str, context_id: str) -> Any:
        async with self._changed:
            self.said.append(text)
            self._changed.notify_all()
        yield TTSAudioRawFrame(
            audio=b"\0\0" * 160, sample_rate=RATE, num_channels=1, context_id=context_id
        )

    async def wait_for(self, count: int) -> list[str]:
        """What was said, once `count` sentences have been (a bound against hanging, not a race fix)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.said) >= count), 30)
        return [text.strip() for text in self.said]


class Bot:
    """A running pipecat pipeline: LLM frames in, our aggregator, the recording TTS."""

    def __init__(self, aggregator: BaseTextAggregator) -> None:
        self.tts = RecordingTTS()
        pipeline = Pipeline([LLMTextProcessor(text_aggregator=aggregator), self.tts])
        self.worker = PipelineWorker(
            pipeline,
            params=PipelineParams(audio_out_sample_rate=RATE),
            cancel_on_idle_timeout=False,
        )
        self._started = asyncio.Event()

        @self.worker.event_handler("on_pipeline_started")  # type: ignore[untyped-decorator]
        async def started(worker: Any, frame: Any) -> None:
            self._started.set()

    async def __aenter__(self) -> Bot:
        runner = WorkerRunner(handle_sigint=False)
        if hasattr(runner, "add_workers"):
            await runner.add_workers(self.worker)
            self._run = asyncio.ensure_future(runner.run())
        else:  # pipecat before 1.3: the runner is given its task to run
            self._run = asyncio.ensure_future(runner.run(self.worker))
        await asyncio.wait_for(self._started.wait(), 30)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.worker.cancel()
        await self._run

    async def send(self, *frames: Any) -> None:
        for frame in frames:
            await self.worker.queue_frame(frame)


async def test_sentences_are_spoken_while_the_llm_is_still_writing() -> None:
    reply = "Hello there! The sky is blue because air scatters blue light. That is all."
    async with Bot(SentenceAggregator()) as bot:
        await bot.send(LLMFullResponseStartFrame(), LLMTextFrame("Hello there! The"))
        assert await bot.tts.wait_for(1) == ["Hello there!"]  # the reply has not ended
        await bot.send(LLMTextFrame(" sky is blue because air scatters blue light. T"))
        assert await bot.tts.wait_for(2) == [
            "Hello there!",
            "The sky is blue because air scatters blue light.",
        ]
        await bot.send(LLMTextFrame("hat is all."), LLMFullResponseEndFrame())
        said = await bot.tts.wait_for(3)
    assert said == [sentence.strip() for sentence in feed_chunks([reply])]


async def test_an_interruption_drops_the_half_sentence_held_back() -> None:
    async with Bot(SentenceAggregator()) as bot:
        # One token completes the first sentence and starts the second.
        await bot.send(LLMFullResponseStartFrame(), LLMTextFrame("First sentence. Second hal"))
        assert await bot.tts.wait_for(1) == ["First sentence."]
        await bot.send(InterruptionFrame())
        await bot.send(
            LLMFullResponseStartFrame(), LLMTextFrame("A new reply."), LLMFullResponseEndFrame()
        )
        said = await bot.tts.wait_for(2)
    assert said == ["First sentence.", "A new reply."]  # "Second hal" never spoken


async def test_the_tts_filters_and_think_removal_reach_the_voice() -> None:
    aggregator = SentenceAggregator(strip_markdown=True, skip_code=True, strip_think=True)
    async with Bot(aggregator) as bot:
        await bot.send(
            LLMFullResponseStartFrame(),
            LLMTextFrame("<think>the user wants code</think>**Sure.** Run:\n"),
            LLMTextFrame("```sh\nollama pull qwen3\n```\nThen ask."),
            LLMFullResponseEndFrame(),
        )
        said = await bot.tts.wait_for(3)
    assert said == ["Sure.", "Run:", "Then ask."]


async def aggregate(aggregator: SentenceAggregator, tokens: list[str]) -> list[str]:
    """pipecat's calls for one reply: `aggregate()` per token, then `flush()`."""
    out: list[str] = []
    for token in tokens:
        async for aggregation in aggregator.aggregate(token):
            assert aggregation.type == "sentence"
            out.append(aggregation.text)
    last = await aggregator.flush()
    if last is not None:
        out.append(last.text)
    return out


def expected(text: str, tokens: list[str], **options: Any) -> list[str]:
    """The splitter's sentences as pipecat hands them on: stripped, and what only the end of
    the reply releases in one piece (pipecat's `flush()` returns one aggregation)."""
    splitter = SentenceSplitter(**options)
    streamed = [s.strip() for token in tokens for s in splitter.feed(token)]
    rest = "".join(splitter.flush()).strip()
    return [s for s in streamed if s] + ([rest] if rest else [])


@pytest.mark.parametrize("name", CORPUS)
async def test_the_corpus_through_pipecat_gives_the_splitters_sentences(name: str) -> None:
    text = "".join(CORPUS[name])
    aggregator = SentenceAggregator()  # reused, as pipecat reuses it reply after reply
    for tokens in ([text], list(text), [text[i : i + 3] for i in range(0, len(text), 3)]):
        assert await aggregate(aggregator, tokens) == expected(text, tokens)


async def test_only_what_the_end_decides_comes_out_together() -> None:
    text = "Meet at 5 p.m. Please"  # "p.m. Please…" could go on: the end of the reply decides
    assert await aggregate(SentenceAggregator(), [text]) == ["Meet at 5 p.m. Please"]
    assert feed_chunks([text]) == ["Meet at 5 p.m. ", "Please"]


async def test_the_options_are_the_splitters() -> None:
    text = "好的，我们先来看第一个问题，然后再看第二个。Done."
    aggregator = SentenceAggregator(first_min_chars=10, min_chars=8)
    assert await aggregate(aggregator, list(text)) == expected(
        text, list(text), first_min_chars=10, min_chars=8
    )
    assert (await aggregate(aggregator, [text]))[0] == "好的，我们先来看第一个问题，"


async def test_text_is_what_is_held_back() -> None:
    aggregator = SentenceAggregator(strip_markdown=True)
    assert [a.text async for a in aggregator.aggregate("One. **Two")] == ["One."]
    assert aggregator.text.text == "**Two"
    assert aggregator.text.type == "sentence"
    await aggregator.reset()
    assert aggregator.text.text == ""
    assert await aggregator.flush() is None


async def test_language_is_the_splitters_hint() -> None:
    aggregator = SentenceAggregator(language="zh")
    assert await aggregate(aggregator, ["你好。再见"]) == ["你好。", "再见"]
    text = ["Elma vs", ". Hepsi güzel."]  # Turkish `vs.` ends a sentence; English `vs.` never
    assert await aggregate(SentenceAggregator(), text) == ["Elma vs. Hepsi güzel."]
    assert await aggregate(SentenceAggregator(language="tr"), text) == ["Elma vs.", "Hepsi güzel."]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_chars": 0}, "min_chars must be a positive int"),
        ({"strip_think": "yes"}, "strip_think must be True or False"),
        ({"think_prefill": True}, "pass strip_think=True"),
        ({"strip_think": True, "think_prefill": 1}, "think_prefill must be True, False or None"),
    ],
)
def test_bad_options_fail_when_the_aggregator_is_made(
    options: dict[str, Any], message: str
) -> None:
    with pytest.raises(RequestError, match=message):
        SentenceAggregator(**options)


def test_the_example_runs_against_the_test_server() -> None:
    assert spoken_in_order(run_example("pipecat_voice.py")) == EXAMPLE_SAID


async def test_the_example_speaks_the_reply_read_aloud() -> None:
    assert (
        await said_by_example("pipecat_voice") == EXAMPLE_SAID
    )  # written for pipecat 1.3+ (PipelineWorker)
