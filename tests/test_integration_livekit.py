"""The LiveKit tokenizer inside a real `tts.StreamAdapter`, and on the corpus through LiveKit's API."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from ollama_async import RequestError, split_sentences

from .frameworks import (
    EXAMPLE_SAID,
    require_framework,
    run_example,
    said_by_example,
    spoken_in_order,
)
from .sentence_corpus import CORPUS

require_framework("livekit.agents", package="livekit-agents", python=(3, 10))

from livekit.agents import APIConnectOptions, tokenize, tts  # noqa: E402

from ollama_async.integrations.livekit import SentenceTokenizer  # noqa: E402

RATE = 16000


class RecordingTTS(tts.TTS):
    """A non-streaming TTS that records what it is asked to say and answers with silence."""

    def __init__(self) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False), sample_rate=RATE, num_channels=1
        )
        self.said: list[str] = []
        self.changed = asyncio.Condition()

    def synthesize(self, text: str, *, conn_options: Any = None) -> tts.ChunkedStream:
        return _Silence(tts=self, input_text=text, conn_options=conn_options or APIConnectOptions())

    async def wait_for(self, count: int) -> list[str]:
        """What was said, once `count` sentences have been (a bound against hanging, not a race fix)."""
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(lambda: len(self.said) >= count), 30)
        return list(self.said)


class _Silence(tts.ChunkedStream):
    async def _run(self, output_emitter: Any) -> None:
        recorder: RecordingTTS = self._tts
        async with recorder.changed:
            recorder.said.append(self.input_text)
            recorder.changed.notify_all()
        output_emitter.initialize(
            request_id="silence", sample_rate=RATE, num_channels=1, mime_type="audio/pcm"
        )
        output_emitter.push(b"\0\0" * 1600)
        output_emitter.flush()


async def drain(stream: Any) -> None:
    async for _ in stream:
        pass


async def test_sentences_are_spoken_while_the_llm_is_still_writing() -> None:
    recorder = RecordingTTS()
    adapter = tts.StreamAdapter(tts=recorder, sentence_tokenizer=SentenceTokenizer())
    reply = "Hello there! The sky is blue because air scatters blue light. That is all."
    stream = adapter.stream()
    reading = asyncio.ensure_future(drain(stream))
    try:
        stream.push_text("Hello there! The")
        assert await recorder.wait_for(1) == ["Hello there!"]  # the reply has not ended
        stream.push_text(" sky is blue because air scatters blue light. T")
        assert (await recorder.wait_for(2))[1] == "The sky is blue because air scatters blue light."
        stream.push_text("hat is all.")
        stream.end_input()
        await asyncio.wait_for(reading, 30)
    finally:
        await stream.aclose()
    assert recorder.said == [sentence.strip() for sentence in split_sentences(reply)]


async def test_an_interruption_drops_the_half_sentence_held_back() -> None:
    recorder = RecordingTTS()
    adapter = tts.StreamAdapter(tts=recorder, sentence_tokenizer=SentenceTokenizer())
    stream = adapter.stream()
    reading = asyncio.ensure_future(drain(stream))
    stream.push_text("First sentence. Second hal")  # completes one sentence, starts the next
    assert await recorder.wait_for(1) == ["First sentence."]
    await stream.aclose()  # what LiveKit does to the TTS stream of an interrupted speech
    reading.cancel()
    await asyncio.gather(reading, return_exceptions=True)
    # A new reply gets a new stream; the interrupted one's half-sentence is never spoken.
    stream = adapter.stream()
    stream.push_text("A new reply.")
    stream.end_input()
    await asyncio.wait_for(drain(stream), 30)
    await stream.aclose()
    assert recorder.said == ["First sentence.", "A new reply."]


async def read(stream: tokenize.SentenceStream) -> list[tokenize.TokenData]:
    return [data async for data in stream]


@pytest.mark.parametrize("name", CORPUS)
async def test_the_corpus_through_livekit_gives_the_splitters_sentences(name: str) -> None:
    text = "".join(CORPUS[name])
    tokenizer = SentenceTokenizer()
    assert tokenizer.tokenize(text) == split_sentences(text)
    for tokens in ([text], list(text), [text[i : i + 3] for i in range(0, len(text), 3)]):
        stream = tokenizer.stream()
        for token in tokens:
            stream.push_text(token)
        stream.end_input()
        assert [data.token for data in await read(stream)] == split_sentences(text)


async def test_flush_ends_a_segment_and_the_next_gets_a_new_id() -> None:
    stream = SentenceTokenizer().stream(language="en")
    stream.push_text("One. Two")
    stream.flush()
    stream.push_text("Three. Four")
    stream.end_input()
    got = await read(stream)
    assert [data.token for data in got] == ["One. ", "Two", "Three. ", "Four"]
    first, second = {got[0].segment_id, got[1].segment_id}, {got[2].segment_id, got[3].segment_id}
    assert len(first) == len(second) == 1 and first != second
    with pytest.raises(RuntimeError, match="closed"):
        stream.push_text("more")


async def test_aclose_ends_the_iteration_and_drops_what_is_held() -> None:
    stream = SentenceTokenizer().stream()
    stream.push_text("Done. Half")
    await stream.aclose()
    assert [data.token for data in await read(stream)] == ["Done. "]
    await stream.aclose()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        stream.flush()


def test_livekits_language_is_the_splitters_hint_unless_one_was_given() -> None:
    text = "Elma vs. Hepsi güzel."  # Turkish `vs.` ends a sentence; English `vs.` never
    assert SentenceTokenizer().tokenize(text) == [text]
    assert SentenceTokenizer().tokenize(text, language="tr") == ["Elma vs. ", "Hepsi güzel."]
    assert SentenceTokenizer(language="en").tokenize(text, language="tr") == [text]


def test_the_options_are_the_splitters() -> None:
    tokenizer = SentenceTokenizer(strip_markdown=True, skip_code=True, strip_think=True)
    text = "<think>hmm</think>**Sure.** Run:\n```sh\nollama pull qwen3\n```\nThen ask."
    assert tokenizer.tokenize(text, language="en") == ["Sure. ", "Run:\n", "Then ask."]
    fast = SentenceTokenizer(fast_first=True)
    text = "Running a model locally takes three steps, and it is quick."
    assert fast.tokenize(text) == split_sentences(text, fast_first=True)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_chars": -1}, "max_chars must be a positive int"),
        ({"think_prefill": None}, "pass strip_think=True"),
    ],
)
def test_bad_options_fail_when_the_tokenizer_is_made(options: dict[str, Any], message: str) -> None:
    with pytest.raises(RequestError, match=message):
        SentenceTokenizer(**options)


def test_the_example_runs_against_the_test_server() -> None:
    assert spoken_in_order(run_example("livekit_voice.py")) == EXAMPLE_SAID


async def test_the_example_speaks_the_reply_read_aloud() -> None:
    assert await said_by_example("livekit_voice") == EXAMPLE_SAID
