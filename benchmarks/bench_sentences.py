"""Sentence splitter benchmark: cost per token, and how long each sentence is held back.

Run: ``.venv/bin/python benchmarks/bench_sentences.py`` (prints a markdown table).

- **µs per token**: feeding a long LLM-like reply token by token through
  ``SentenceSplitter`` (best and median of 9 runs; tokens as Ollama streams
  them: a word with its trailing space, or one or two CJK characters).
- **Hold-back**: texts are fed one character at a time; for each sentence we
  count the characters fed after its last character (attachments included)
  before it was released. One character is always needed — it is what shows
  that nothing more (a closing quote, an emoji) belongs to the sentence — so
  *extra* = held − 1. Reported separately for sentences ending in ``。？！``
  and in ``.?!``.
"""

from __future__ import annotations

import statistics
import time

from ollama_async import SentenceSplitter
from ollama_async.testing._models import tokenize

TYPICAL = (
    "Ollama runs large language models on your own machine, so your data never leaves it. "
    "To get started, install it and pull a model such as Llama 3.2 or Qwen3. "
    "语音助手需要在模型还在生成的时候就开始朗读第一句话，这样用户几乎感觉不到等待。"
    "我们把回复按句子切开，然后逐句交给语音合成引擎。\n\n"
    "Here is what the pipeline looks like:\n\n"
    "1. Stream the reply from Ollama.\n"
    "2. Split it into sentences as the tokens arrive.\n"
    "3. Speak each sentence while the next one is being written.\n\n"
    "```python\nasync for sentence in stream.sentences():\n    await speak(sentence)\n```\n\n"
    "The first sentence usually arrives within a few hundred milliseconds, e.g. 0.3 s on a "
    "laptop GPU. 当然，具体速度取决于你的硬件！Does that answer your question? "
)
DENSE = (
    "It runs e.g. Llama 3.2 and Qwen3, v0.12.3! 你好。今天？当然！\n1. 安装\n2. 运行 `x`\n"
    "**Note:** the U.S. market is big. It grows 3.5% a year... Really? Yes.\n"
)

HOLD_BACK_TEXTS = [
    "你好。我是一个本地模型。今天天气怎么样？很好！他说：“走吧。”然后我们就出发了。",
    "太棒了！🎉 你已经完成了。（这一步可以跳过。）接下来看第二步？好的！！",
    'Hello there. How are you? I\'m fine! "Stop!" he shouted. Then he left.',
    "We met Dr. Smith at 10 a.m. on Monday. It went well. See Fig. 3 for details. Thanks!",
    "This is supported. macOS support is coming. We sell pears, etc. You don't need more.",
    "混合 English 和中文。It works well! 对吧？Yes. 好的。",
]


def cost_per_token(text: str, repeats: int = 9) -> tuple[float, float, int]:
    """Best and median µs per token, and the token count."""
    tokens = tokenize(text)
    timings = []
    for _ in range(repeats):
        splitter = SentenceSplitter()
        started = time.perf_counter_ns()
        for token in tokens:
            splitter.feed(token)
        splitter.flush()
        timings.append((time.perf_counter_ns() - started) / len(tokens) / 1000)
    return min(timings), statistics.median(timings), len(tokens)


def hold_back(texts: list[str]) -> dict[str, list[int]]:
    """Characters fed after each sentence's end before it came out, by ender kind."""
    held: dict[str, list[int]] = {"zh": [], "en": []}
    for text in texts:
        splitter = SentenceSplitter()
        ends: list[int] = []  # where each released sentence ends in the text
        for fed, char in enumerate(text, 1):
            for sentence in splitter.feed(char):
                end = (ends[-1] if ends else 0) + len(sentence)
                ends.append(end)
                core = sentence.rstrip()
                kind = "zh" if any(c in "。？！" for c in core[-4:]) else "en"
                held[kind].append(fed - end)
    return held


def p95(values: list[int]) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))])


def main() -> None:
    print("| text | tokens | best µs/token | median µs/token |")
    print("| --- | ---: | ---: | ---: |")
    for name, text in (("typical mixed reply", TYPICAL * 40), ("dense worst case", DENSE * 120)):
        best, median, count = cost_per_token(text)
        print(f"| {name} | {count} | {best:.2f} | {median:.2f} |")
    print()
    print("| sentences ending in | sentences | held mean | extra mean | extra p95 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for kind, values in hold_back(HOLD_BACK_TEXTS).items():
        extra = [value - 1 for value in values]
        label = "。？！" if kind == "zh" else ".?!"
        print(
            f"| {label} | {len(values)} | {statistics.mean(values):.2f} | "
            f"{statistics.mean(extra):.2f} | {p95(extra):.0f} |"
        )


if __name__ == "__main__":
    main()
