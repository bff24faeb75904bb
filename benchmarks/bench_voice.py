"""Voice benchmark: what a listener waits for, from the request to the first audio and after "stop".

Run: ``.venv/bin/pip install -e '.[voice-bench]' && .venv/bin/python benchmarks/bench_voice.py --write``
(needs ``espeak-ng``; ``--write`` updates the tables in docs/voice.md and draws
docs/img/voice.png; without it the tables are printed).

A FakeOllama streams three realistic replies (Chinese, English, mixed, with
lists and a code block) at 15, 40 and 100 tokens/s, cut into BPE-like tokens.
Each sentence splitter ("pipeline") reads the reply text from an
``AsyncClient`` stream and hands each sentence to a speaker that runs one
``espeak-ng --stdout`` per sentence, in order, as a voice app queues them.
Measured per run, from the moment the request is sent:

- **first audio**: the first WAV bytes of the first sentence read from espeak-ng;
- **last spoken**: the end of the last sentence's synthesis;
- **before end**: the share of the text handed to the TTS before the stream's
  last chunk arrived (the rest waited for the end of the stream);
- **barge-in** (separate runs, mixed reply at 40 tokens/s): the user stops at
  the first audio; the pipeline task is cancelled, the time until the server
  records the disconnect and until the speaker has killed espeak-ng and dropped
  its queue, whichever is later.

- **boundary F1** (no server, no TTS): every text of ``tests/sentence_corpus.py``
  streamed in the same tokens through each pipeline; where its sentences end
  against where the corpus says they end (``--f1`` prints only this table).

The framework rows run each framework's own splitter through the API its
pipeline calls (pipecat's ``aggregate()``/``flush()``, LiveKit's ``stream()``,
stream2sentence's generator) and then ours in its place ("+ ours").

Peers that are not installed (``voice-bench`` extra; some need Python 3.10 or
3.11) are skipped with the reason printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import random
import re
import shutil
import statistics
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from ollama_async import AsyncClient, sentences
from ollama_async.testing import FakeModel, FakeOllama

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "voice.md"
CHART = ROOT / "docs" / "img" / "voice.png"
RATES = (15, 40, 100)
FULL_RATE = 40  # replies are spoken to the end at this rate; at the others the user stops
MARK_START, MARK_END = "<!-- bench_voice: start -->", "<!-- bench_voice: end -->"

REPLIES = {
    "zh": """\
在本地运行大模型其实很简单，整个过程只需要三步。

1. 安装 Ollama：在终端运行官网上的安装脚本。
2. 拉取模型，比如 `ollama pull qwen3`，大约需要 5 GB 空间。
3. 开始对话！

用 Python 调用也只要几行：

```python
from ollama import chat
print(chat("qwen3", messages=[{"role": "user", "content": "你好"}]))
```

运行后你会看到模型的回答。有问题随时问我！
""",
    "en": """\
Running a model locally with Ollama takes three steps, and the whole setup fits in a few minutes.

1. Install Ollama, e.g. with the script from the website.
2. Pull a model: `ollama pull llama3.2` downloads about 2.0 GB.
3. Start chatting!

In Python it takes three lines:

```python
from ollama import chat
reply = chat("llama3.2", messages=[{"role": "user", "content": "Hi"}])
print(reply.message.content)
```

Version 0.5.7 or newer works best. Dr. Lee's team tested it on macOS too!
""",
    "mixed": """\
这个问题很常见，因为 asyncio 和 Ollama 的流式接口需要配合使用，很多人第一次都会踩坑。
首先用 `AsyncClient` 创建客户端，然后调用 `chat(..., stream=True)`。It returns an async \
iterator, so you can read each token as it arrives.

- 优点：延迟低，first audio 很快。
- 缺点：需要处理 barge-in，i.e. 用户打断。

Let me know if you want a full example!
""",
}

# -- BPE-like tokens --------------------------------------------------------------------------

# An ender directly followed by newlines is one token (".\n\n" and "。\n\n" are single tokens in
# Llama 3's and Qwen's vocabularies); newline runs, words with their leading space, 1-3 digits,
# 1-2 CJK characters and other punctuation are tokens of their own.
_PIECE = re.compile(
    r"[。？！.?!:：]\n+|\n+|[ \t]*[A-Za-z]+|\d{1,3}|[\u3400-\u9fff]+|[ \t]+|.", re.S
)


def bpe_tokens(text: str, seed: int = 7) -> list[str]:
    """LLM-like tokens whose concatenation is ``text``: word pieces, 1-2 CJK characters."""
    rng = random.Random(seed)
    tokens: list[str] = []
    for piece in _PIECE.findall(text):
        if "\u3400" <= piece[0] <= "\u9fff":
            while piece:
                size = rng.randint(1, 2)
                tokens.append(piece[:size])
                piece = piece[size:]
        elif len(piece) > 7 and piece.strip().isalpha():  # long words come in pieces
            while piece:
                size = len(piece) if len(piece) <= 6 else rng.randint(3, 5)
                tokens.append(piece[:size])
                piece = piece[size:]
        else:
            tokens.append(piece)
    assert "".join(tokens) == text
    return tokens


# -- pipelines: tokens in, sentences out ---------------------------------------------------

Split = Callable[[AsyncIterator[str], str], AsyncIterator[str]]
GUIDE_ENDERS = {"。", "？", "！", "\n"}
NAIVE_ENDERS = re.compile(r"[。？！.?!\n]")


async def guide(tokens: AsyncIterator[str], language: str) -> AsyncIterator[str]:
    """The guide's approach: end a sentence when a token *equals* 。？！ or a newline."""
    buffer = ""
    async for token in tokens:
        buffer += token
        if token in GUIDE_ENDERS:
            yield buffer
            buffer = ""
    if buffer:
        yield buffer


async def naive(tokens: AsyncIterator[str], language: str) -> AsyncIterator[str]:
    """End a sentence after any ender character (so also in ``3.14`` and ``e.g.``)."""
    buffer = ""
    async for token in tokens:
        buffer += token
        last = max((m.end() for m in NAIVE_ENDERS.finditer(buffer)), default=0)
        if last:
            yield buffer[:last]
            buffer = buffer[last:]
    if buffer:
        yield buffer


def ours(**options: Any) -> Split:
    """``ollama_async.sentences`` with ``options`` (the same splitter as ``stream.sentences()``)."""

    def split(tokens: AsyncIterator[str], language: str) -> AsyncIterator[str]:
        return sentences(tokens, **options)

    return split


def stream2sentence_split(**options: Any) -> Split:
    """stream2sentence's ``generate_sentences_async`` (what RealtimeTTS's ``play()`` runs)."""
    from stream2sentence import generate_sentences_async

    def split(tokens: AsyncIterator[str], language: str) -> AsyncIterator[str]:
        result: AsyncIterator[str] = generate_sentences_async(tokens, **options)
        return result

    return split


def pipecat_split(make_aggregator: Callable[[], Any]) -> Split:
    """A pipecat text aggregator, called as ``LLMTextProcessor`` calls it: per token, then flush."""

    async def split(tokens: AsyncIterator[str], language: str) -> AsyncIterator[str]:
        aggregator = make_aggregator()
        async for token in tokens:
            async for aggregation in aggregator.aggregate(token):
                yield aggregation.text
        rest = await aggregator.flush()
        if rest is not None:
            yield rest.text

    return split


def pipecat_default() -> Split:
    """pipecat's ``SimpleTextAggregator`` (what ``LLMTextProcessor`` and its TTS services use)."""
    os.environ.setdefault("LOGURU_LEVEL", "WARNING")  # pipecat logs a banner on import
    from pipecat.utils.text.simple_text_aggregator import SimpleTextAggregator

    return pipecat_split(SimpleTextAggregator)


def pipecat_ours() -> Split:
    """Our ``SentenceAggregator`` in pipecat's place."""
    os.environ.setdefault("LOGURU_LEVEL", "WARNING")
    from ollama_async.integrations.pipecat import SentenceAggregator

    return pipecat_split(SentenceAggregator)


def livekit_default() -> Split:
    """What ``tts.StreamAdapter`` uses when given no tokenizer: blingfire, keeping the format."""
    from livekit.agents.tokenize.blingfire import SentenceTokenizer

    return livekit_split(lambda: SentenceTokenizer(retain_format=True))


def livekit_basic() -> Split:
    """LiveKit Agents' ``tokenize.basic.SentenceTokenizer`` with its defaults."""
    from livekit.agents.tokenize.basic import SentenceTokenizer

    return livekit_split(SentenceTokenizer)


def livekit_ours() -> Split:
    """Our ``SentenceTokenizer`` in LiveKit's place."""
    from ollama_async.integrations.livekit import SentenceTokenizer

    return livekit_split(SentenceTokenizer)


def stream2sentence_ours() -> Split:
    """stream2sentence calling our ``tokenize_sentences``, as docs/guides/realtimetts.md sets up
    RealtimeTTS's ``play()``: no merging of short sentences, no early first fragment."""
    from ollama_async.integrations.realtimetts import tokenize_sentences

    return stream2sentence_split(
        tokenize_sentences=tokenize_sentences,
        minimum_sentence_length=1,
        minimum_first_fragment_length=1,
    )


def livekit_split(make_tokenizer: Callable[[], Any]) -> Split:
    """A LiveKit sentence tokenizer's ``stream()``, as ``tts.StreamAdapter`` drives it."""

    async def split(tokens: AsyncIterator[str], language: str) -> AsyncIterator[str]:
        stream = make_tokenizer().stream()

        async def push() -> None:
            async for token in tokens:
                stream.push_text(token)
            stream.end_input()

        pushing = asyncio.ensure_future(push())
        try:
            async for sentence in stream:
                yield sentence.token
            await pushing  # re-raise a stream error
        finally:
            pushing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pushing
            await stream.aclose()

    return split


def pipelines() -> dict[str, Split]:
    """Every pipeline that can run here; peers that cannot are reported and left out."""
    found: dict[str, Split] = {"guide": guide, "naive": naive}
    peers: dict[str, Callable[[], Split]] = {
        "stream2sentence": stream2sentence_split,
        "stream2sentence + ours": stream2sentence_ours,
        "pipecat default": pipecat_default,
        "pipecat + ours": pipecat_ours,
        "LiveKit default": livekit_default,
        "LiveKit basic": livekit_basic,
        "LiveKit + ours": livekit_ours,
    }
    for name, load in peers.items():
        try:
            found[name] = load()
        except (ImportError, SyntaxError) as exc:
            print(f"skipped {name}: {exc} (pip install -e '.[voice-bench]'; Python 3.11+)")
    found["ours"] = ours()
    found["ours, TTS filters"] = ours(strip_markdown=True, skip_code=True)
    found["ours, TTS + fast_first"] = ours(strip_markdown=True, skip_code=True, fast_first=True)
    return found


# -- the speaker --------------------------------------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Run:
    """Times (``time.perf_counter()``) and amounts of one reply through one pipeline."""

    sent: float
    first_audio: Optional[float] = None
    stream_end: Optional[float] = None
    last_spoken: Optional[float] = None
    chars_before_end: int = 0
    chars: int = 0
    spoken: list[str] = field(default_factory=list)
    heard_first: asyncio.Event = field(default_factory=asyncio.Event)


class Speaker:
    """Synthesises queued sentences one at a time with espeak-ng, as a voice app would."""

    def __init__(self, binary: str, run: Run) -> None:
        self.binary = binary
        self.run = run
        self.queue: asyncio.Queue[Optional[str]] = asyncio.Queue()

    def say(self, sentence: str) -> None:
        """Queue ``sentence``; blank ones are not spoken."""
        text = sentence.strip()
        if not text:
            return
        run = self.run
        run.chars += len(text)
        if run.stream_end is None:
            run.chars_before_end += len(text)
        self.queue.put_nowait(text)

    def clear(self) -> None:
        """Drop every sentence not yet spoken (barge-in)."""
        while not self.queue.empty():
            self.queue.get_nowait()

    async def speak_all(self) -> None:
        """Speak queued sentences until ``None`` is queued."""
        while (text := await self.queue.get()) is not None:
            await self.synthesise(text)

    async def synthesise(self, text: str) -> None:
        voice = "cmn" if CJK.search(text) else "en-us"
        process = await asyncio.create_subprocess_exec(
            self.binary, "-v", voice, "--stdout", "--", text, stdout=asyncio.subprocess.PIPE
        )
        assert process.stdout is not None
        try:
            if await process.stdout.read(65536) and self.run.first_audio is None:
                self.run.first_audio = time.perf_counter()
                self.run.heard_first.set()
            while await process.stdout.read(65536):
                pass
            await process.wait()
        finally:
            if process.returncode is None:  # barge-in: stop talking at once
                process.kill()
                await process.wait()
        self.run.spoken.append(text)
        self.run.last_spoken = time.perf_counter()


# -- runs ---------------------------------------------------------------------------------


async def start(
    client: AsyncClient, model: str, split: Split, language: str, espeak: str
) -> tuple[Run, Speaker, list[asyncio.Task[None]]]:
    """Send the request, then split and speak concurrently: the run, its speaker and the tasks."""
    run = Run(sent=time.perf_counter())
    speaker = Speaker(espeak, run)
    stream = await client.chat(model, [{"role": "user", "content": "?"}], stream=True)

    async def tokens() -> AsyncIterator[str]:
        async for token in stream.text():
            yield token
        run.stream_end = time.perf_counter()

    async def split_and_queue() -> None:
        async with stream:
            async for sentence in split(tokens(), language):
                speaker.say(sentence)
        speaker.queue.put_nowait(None)

    tasks = [asyncio.create_task(split_and_queue()), asyncio.create_task(speaker.speak_all())]
    return run, speaker, tasks


async def speak_reply(
    client: AsyncClient, model: str, split: Split, language: str, espeak: str
) -> dict[str, float]:
    """One reply spoken to the end: its times in seconds and its share queued before the end."""
    run, _, tasks = await start(client, model, split, language, espeak)
    await asyncio.gather(*tasks)
    assert run.first_audio and run.stream_end and run.last_spoken
    return {
        "first_audio": run.first_audio - run.sent,
        "stream_end": run.stream_end - run.sent,
        "last_spoken": run.last_spoken - run.sent,
        "before_end": run.chars_before_end / run.chars,
        "sentences": len(run.spoken),
    }


async def barge_in(
    server: FakeOllama, client: AsyncClient, model: str, split: Split, language: str, espeak: str
) -> dict[str, Optional[float]]:
    """The user stops at the first audio: seconds to it, and from the stop until the server saw
    the disconnect and until the TTS was cleared.

    ``disconnect`` is ``None`` when the reply had already ended at the first audio.
    """
    run, speaker, tasks = await start(client, model, split, language, espeak)
    await asyncio.wait_for(run.heard_first.wait(), 120)
    stopped = time.monotonic()
    assert run.first_audio is not None
    first_audio = run.first_audio - run.sent
    ended_before = run.stream_end is not None
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    speaker.clear()
    cleared = time.monotonic() - stopped
    if ended_before:
        return {"first_audio": first_audio, "disconnect": None, "cleared": cleared}
    left = await server.wait_for_disconnect()
    return {"first_audio": first_audio, "disconnect": left.at - stopped, "cleared": cleared}


def model_name(language: str, rate: int) -> str:
    return f"{language}-{rate}"


async def measure(rates: tuple[int, ...], espeak: str) -> dict[str, Any]:
    """Every pipeline on every reply at every rate: to the end at ``FULL_RATE``, else stopped."""
    splits = pipelines()
    models = [
        FakeModel(
            model_name(language, rate), reply=text, token_delay=1 / rate, tokenizer=bpe_tokens
        )
        for language, text in REPLIES.items()
        for rate in rates
    ]
    rows: list[dict[str, Any]] = []
    async with FakeOllama(models=models) as server, AsyncClient(server.url) as client:
        for rate in rates:
            for language in REPLIES:
                for name, split in splits.items():
                    model = model_name(language, rate)
                    result: dict[str, Any] = await (
                        speak_reply(client, model, split, language, espeak)
                        if rate == FULL_RATE
                        else barge_in(server, client, model, split, language, espeak)
                    )
                    rows.append({"pipeline": name, "rate": rate, "reply": language, **result})
                    print(
                        f"{rate:>3}/s {language:<5} {name:<24} first audio "
                        f"{result['first_audio'] * 1000:6.0f} ms",
                        file=sys.stderr,
                    )
    return {
        "pipelines": list(splits),
        "rates": list(rates),
        "rows": rows,
        "f1": await score(splits),
    }


# -- boundary F1 on the project's corpus -----------------------------------------------------

_SPACE = re.compile(r"\s+")


def corpus() -> dict[str, list[str]]:
    """``tests/sentence_corpus.py``: texts with their sentences written out."""
    sys.path.insert(0, str(ROOT))
    from tests.sentence_corpus import CORPUS

    return CORPUS


def boundaries(text: str, units: list[str]) -> set[int]:
    """Where ``units`` end, as offsets into ``text`` with its whitespace removed (its end left out).

    Offsets without whitespace compare splitters that strip, keep or fold it alike.
    """
    dense = _SPACE.sub("", text)
    ends: set[int] = set()
    position = 0
    for unit in units:
        piece = _SPACE.sub("", unit)
        found = dense.find(piece, position)
        # A splitter that rewrote its text (stream2sentence drops emoji) moves on by its length.
        position = found + len(piece) if found >= 0 else position + len(piece)
        ends.add(position)
    return ends - {0, len(dense)}


async def split_text(split: Split, text: str) -> list[str]:
    """``text`` streamed through ``split`` in the benchmark's BPE-like tokens."""

    async def tokens() -> AsyncIterator[str]:
        for token in bpe_tokens(text):
            yield token

    return [unit async for unit in split(tokens(), "")]


async def score(splits: dict[str, Split]) -> dict[str, Any]:
    """Boundary precision, recall and F1 of each pipeline on the corpus, and texts split exactly."""
    texts = corpus()
    scores: dict[str, Any] = {"texts": len(texts), "pipelines": {}}
    for name, split in splits.items():
        if name.startswith("ours, TTS"):
            continue  # the filters rewrite the text and fast_first cuts early, on purpose
        hits = extra = missed = exact = 0
        gold_total = 0
        for units in texts.values():
            text = "".join(units)
            gold = boundaries(text, units)
            found = boundaries(text, await split_text(split, text))
            hits += len(gold & found)
            extra += len(found - gold)
            missed += len(gold - found)
            exact += found == gold
            gold_total += len(gold)
        scores["boundaries"] = gold_total
        scores["pipelines"][name] = {
            "precision": hits / (hits + extra) if hits + extra else 1.0,
            "recall": hits / (hits + missed) if hits + missed else 1.0,
            "f1": 2 * hits / (2 * hits + extra + missed) if hits + extra + missed else 1.0,
            "exact": exact / len(texts),
        }
    return scores


def f1_table(scores: dict[str, Any]) -> str:
    """The markdown table of ``score()``."""
    lines = [
        f"Boundary F1 on the project's corpus (`tests/sentence_corpus.py`: {scores['texts']} "
        f"texts, {scores['boundaries']} boundaries), each text streamed in the same BPE-like "
        "tokens through the pipeline's own API.",
        "",
        "| pipeline | F1 | precision | recall | texts split exactly |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, row in scores["pipelines"].items():
        lines.append(
            f"| {name} | {row['f1']:.3f} | {row['precision']:.3f} | {row['recall']:.3f} "
            f"| {row['exact']:.0%} |"
        )
    return "\n".join(lines)


# -- report -------------------------------------------------------------------------------


def ms(seconds: Optional[float]) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f}"


def cell(data: dict[str, Any], pipeline: str, rate: int, reply: str) -> dict[str, Any]:
    """The result of one pipeline on one reply at one rate."""
    return next(
        row
        for row in data["rows"]
        if (row["pipeline"], row["rate"], row["reply"]) == (pipeline, rate, reply)
    )


def report(data: dict[str, Any]) -> str:
    """The markdown tables of the results."""
    pipelines_, rates, languages = data["pipelines"], data["rates"], list(REPLIES)
    lines = [
        f1_table(data["f1"]),
        "",
        "Time to first audio (ms): request sent → first WAV bytes from espeak-ng.",
        "",
        "| pipeline | " + " | ".join(f"{r}/s {lang}" for r in rates for lang in languages) + " |",
        "| --- |" + " ---: |" * (len(rates) * len(languages)),
    ]
    for pipeline in pipelines_:
        values = [
            ms(cell(data, pipeline, r, lang)["first_audio"]) for r in rates for lang in languages
        ]
        lines.append(f"| {pipeline} | " + " | ".join(values) + " |")
    if FULL_RATE in rates:
        ends = ", ".join(
            f"{lang} after {cell(data, pipelines_[0], FULL_RATE, lang)['stream_end']:.1f} s"
            for lang in languages
        )
        lines += [
            "",
            f"Spoken to the end at {FULL_RATE} tokens/s (the stream ends: {ends}): when the last "
            "sentence was synthesised (s from the request), and the share of the spoken text "
            "handed to the TTS before the stream ended.",
            "",
            "| pipeline | "
            + " | ".join(f"{lang} last spoken | {lang} before end" for lang in languages)
            + " |",
            "| --- |" + " ---: | ---: |" * len(languages),
        ]
        for pipeline in pipelines_:
            values = []
            for lang in languages:
                result = cell(data, pipeline, FULL_RATE, lang)
                values += [f"{result['last_spoken']:.2f}", f"{result['before_end']:.0%}"]
            lines.append(f"| {pipeline} | " + " | ".join(values) + " |")
    stopped = [r for r in data["rows"] if "cleared" in r]
    if stopped:
        lines += [
            "",
            "Barge-in: in the runs at "
            + ", ".join(f"{r}" for r in rates if r != FULL_RATE)
            + " tokens/s the user stops at the first audio. Median and worst ms from the stop "
            "until the server sees the disconnect (runs where the reply had already ended are "
            "left out) and until espeak-ng is killed and the queue cleared.",
            "",
            "| pipeline | server sees the disconnect | worst | TTS killed, queue cleared | worst |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for pipeline in pipelines_:
            mine = [r for r in stopped if r["pipeline"] == pipeline]
            left = [r["disconnect"] for r in mine if r["disconnect"] is not None]
            cleared = [r["cleared"] for r in mine]
            lines.append(
                f"| {pipeline} | {ms(median(left))} | {ms(max(left, default=None))} "
                f"| {ms(median(cleared))} | {ms(max(cleared))} |"
            )
    return "\n".join(lines)


def median(values: list[float]) -> Optional[float]:
    return statistics.median(values) if values else None


def draw_chart(data: dict[str, Any]) -> None:
    """docs/img/voice.png: time to first audio per pipeline and token rate, one panel per reply."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pipelines_, rates = data["pipelines"], data["rates"]
    fig, axes = plt.subplots(1, len(REPLIES), figsize=(13, 4.6), sharey=True)
    width = 0.8 / len(rates)
    colors = ["#9ecae1", "#4292c6", "#08519c"]
    for ax, language in zip(axes, REPLIES):
        for index, rate in enumerate(rates):
            heights = [
                cell(data, pipeline, rate, language)["first_audio"] for pipeline in pipelines_
            ]
            xs = [x + (index - (len(rates) - 1) / 2) * width for x in range(len(pipelines_))]
            ax.bar(xs, heights, width, label=f"{rate} tokens/s", color=colors[index % 3])
        ax.set_title(f"{language} reply")
        ax.set_xticks(range(len(pipelines_)))
        ax.set_xticklabels(pipelines_, rotation=40, ha="right", fontsize=8)
        ax.set_yscale("log")
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel("time to first audio, s (log; lower is better)")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    CHART.parent.mkdir(exist_ok=True)
    fig.savefig(CHART, dpi=100)


def write_docs(tables: str) -> None:
    """Put ``tables`` between the markers in docs/voice.md."""
    text = DOCS.read_text(encoding="utf-8")
    head, rest = text.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    DOCS.write_text(f"{head}{MARK_START}\n{tables}\n{MARK_END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=int, nargs="+", default=list(RATES))
    parser.add_argument("--write", action="store_true", help="update docs/voice.md and the chart")
    parser.add_argument(
        "--f1", action="store_true", help="only print the boundary F1 table (no espeak-ng needed)"
    )
    options = parser.parse_args()
    if options.f1:
        print(f1_table(asyncio.run(score(pipelines()))))
        return
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise SystemExit("espeak-ng is not installed: apt-get install espeak-ng")
    began = time.monotonic()
    data = asyncio.run(measure(tuple(options.rates), espeak))
    tables = report(data)
    machine = (
        f"Measured on {platform.machine()} with {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, espeak-ng; one run per cell "
        f"(whole benchmark: {time.monotonic() - began:.0f} s)."
    )
    tables = f"{tables}\n\n{machine}"
    print(tables)
    if options.write:
        write_docs(tables)
        draw_chart(data)


if __name__ == "__main__":
    main()
