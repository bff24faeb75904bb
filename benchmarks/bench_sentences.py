"""Sentence splitter benchmark: CPU cost per token, and how long sentences are held back.

Run: ``.venv/bin/python benchmarks/bench_sentences.py`` (prints markdown tables;
``--profile`` adds a cProfile of the mixed reply). On a loaded machine, compare
with another checkout in the same run: ``--against /path/to/main`` times both
splitters in their own processes, alternating, and prints the ratio.

Targets on the reference machine (2 cores, CPython 3.11): at most 1 µs per
token, 0 extra characters held back after ``。？！`` and at most 1 after ``.?!``.

- **µs per token**: a long LLM-like reply (Chinese and English, Markdown,
  lists, a code block, abbreviations, decimals) is cut into LLM-like tokens
  (1-4 characters for CJK, word pieces for English, punctuation apart) and
  fed token by token through a fresh ``SentenceSplitter``, then flushed.
  Best and median of several repetitions, timed with ``time.perf_counter_ns``.
- **Hold-back**: texts are fed one character at a time. For each sentence
  released before the end of the stream, *held* is the number of characters
  fed after the sentence's last character (its attachments and whitespace
  included) before it came out. One character is always needed: it is what
  shows that nothing more (a closing quote, an emoji, more whitespace)
  belongs to the sentence. *Extra* = held - 1 is the hold-back beyond that.
  Sentences are grouped by how they end: ``。？！``, ``.?!``, or a newline.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from ollama_async import SentenceSplitter

REPLY = """\
好的，我来帮你把本地的 Ollama 配置成语音助手。整个流程分三步：拉取模型、流式生成、逐句朗读。

## 1. 准备工作

首先，确认你安装的是 Ollama v0.5.7 或更新的版本。你可以运行 `ollama --version` 查看。\
如果版本太旧，请到 https://ollama.com/download 下载新版。Mr. Smith 的团队在 Apple Inc. \
的 M2 芯片上测试过，e.g. 一台 16 GB 内存的 MacBook 就足够了。

Here is the short version: pull a model such as Llama 3.2 or Qwen2.5, then stream the reply. \
The first token usually arrives within 0.3 s on a laptop GPU, i.e. well before the user \
notices a pause. Dr. Chen measured 42.5 tokens per second at 10 a.m. on a busy machine! \
Is that fast enough? For most voice assistants, yes.

### 步骤

1. 安装依赖：`pip install ollama-async`。
2. 拉取模型：运行 `ollama pull qwen2.5:7b`，大约需要 4.7 GB 空间。
3. 启动服务，然后测试一下。
- **注意：**不要在生产环境里关闭超时！
- 如果出错（比如连接被拒绝），检查端口 11434 是否被占用。

```python
import asyncio
from ollama_async import AsyncClient

async def main() -> None:
    async with AsyncClient() as client:
        stream = await client.chat("qwen2.5", [{"role": "user", "content": "Hi."}], stream=True)
        async for sentence in stream.sentences():
            print(sentence)  # e.g. "Hello! How can I help?"

asyncio.run(main())
```

运行后你会看到模型一句一句地输出。“为什么不直接按标点切分？”你可能会问。因为 3.14、v0.5.7、\
127.0.0.1 和 example.com 里的点都不是句号……而且中文的引号、括号也要跟着句子走。

The U.S. team ran the same test, etc. They found no difference. Prices start at $4.99 per \
month (see Fig. 3 for details). Thanks for reading! 🎉 有问题随时问我。
"""

# Several KB, as a long answer would be.
LONG_REPLY = "\n".join([REPLY] * 5)
TTS_OPTIONS: dict[str, Any] = {
    "min_chars": 10,
    "fast_first": True,
    "strip_markdown": True,
    "strip_emoji": True,
    "skip_code": True,
}

DENSE = (
    "It runs e.g. Llama 3.2 and Qwen3, v0.12.3! 你好。今天？当然！\n1. 安装\n2. 运行 `x`\n"
    "**Note:** the U.S. market is big. It grows 3.5% a year... Really? Yes.\n"
)

EVERYDAY_TEXTS = [
    "你好！我是一个运行在本地的语言模型。今天天气怎么样？很好！他说：“走吧。”然后我们就出发了。"
    "太棒了！🎉 你已经完成了第一步。（这一步可以跳过。）接下来看第二步？好的！！\n",
    "Hello there! How can I help you today? I can answer questions, write code, and more. "
    "Ollama runs models locally. Your data never leaves the machine. Let's get started!\n",
    "这个问题有两种解法。First, use a list comprehension. 其次，也可以用 map 函数。"
    "Both work fine! 你更喜欢哪一种？Let me know.\n",
    "## 安装步骤\n1. 下载安装包。\n2. 运行安装程序！\n3. 完成。\n\n"
    "Step 1. Open a terminal.\nStep 2. Run the command. It takes a minute.\n",
    "老人说：“不要着急。路要一步一步走。”说完，他慢慢地站了起来。妈妈只回了一个字“好”。"
    "“你吃饭了吗？”他问。\n",
    "Mr. Smith 的团队在 Apple Inc. 的芯片上测试过。Prices start at $4.99 (see Fig. 3). "
    "Version 0.5.7 is out! Read https://ollama.com/blog first. 好的。\n",
]
# The deliberately hard English cases of SENTENCES.md rule 2.
HARD_TEXTS = [
    "We met Dr. Smith at 10 a.m. on Monday. It went well. See Fig. 3 for details. Thanks!",
    "This is supported. macOS support is coming. We sell pears, etc. You don't need more.",
    "He moved to the U.S. It plans to grow. Meet at 5 p.m. Please come. Acme Inc. They're big.",
    'No. I don\'t think so. "Stop!" he shouted. J. R. R. Tolkien wrote it. Apple Inc. announced it.',
]

_CJK_RUN = "[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]+"
_SEGMENT = re.compile(rf"{_CJK_RUN}|\s+|[A-Za-z]+|\d+|.", re.S)


def tokenize(text: str, seed: int = 7) -> list[str]:
    """LLM-like tokens: 1-4 CJK characters, word pieces with their leading space."""
    rng = random.Random(seed)
    tokens: list[str] = []
    space = ""
    for segment in _SEGMENT.findall(text):
        if segment == " ":
            space = " "  # glued to the next word, as BPE vocabularies do
            continue
        word = segment.isascii() and segment.isalpha()
        if space and not word:
            tokens.append(space)
        if word:
            piece = space + segment
            while piece:
                size = len(piece) if len(piece) <= 6 else rng.randint(3, 5)
                tokens.append(piece[:size])
                piece = piece[size:]
        elif segment[0] >= "\u2e80":
            while segment:
                size = rng.randint(1, 4)
                tokens.append(segment[:size])
                segment = segment[size:]
        else:
            tokens.append(segment)
        space = ""
    if space:
        tokens.append(space)
    assert "".join(tokens) == text
    return tokens


def cost_per_token(
    tokens: list[str], repeats: int, inner: int, options: dict[str, Any]
) -> tuple[float, float]:
    """Best and median µs per token over ``repeats`` timings of ``inner`` streams each."""
    timings: list[float] = []
    for _ in range(repeats):
        started = time.perf_counter_ns()
        for _ in range(inner):
            splitter = SentenceSplitter(**options)
            feed = splitter.feed
            for token in tokens:
                feed(token)
            splitter.flush()
        elapsed = time.perf_counter_ns() - started
        timings.append(elapsed / (inner * len(tokens)) / 1000)
    return min(timings), statistics.median(timings)


_TRAILING = re.compile(
    r"[\s”’\"'」』）)\]】》〉}*_`\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]*\Z"
)


def ending(sentence: str) -> str:
    """``zh``, ``en`` or ``newline``: what ended a sentence."""
    core = sentence[: _TRAILING.search(sentence).start()]  # type: ignore[union-attr]
    last = core[-1:]
    if last and last in "。？！":
        return "zh"
    if last and last in ".?!":
        return "en"
    return "newline" if "\n" in sentence else "other"


def hold_back(texts: list[str]) -> dict[str, list[int]]:
    """Characters fed after each sentence's end before it was released, by ending."""
    held: dict[str, list[int]] = {"zh": [], "en": [], "newline": [], "other": []}
    for text in texts:
        splitter = SentenceSplitter()
        end = 0
        for fed, char in enumerate(text, 1):
            for sentence in splitter.feed(char):
                end += len(sentence)
                held[ending(sentence)].append(fed - end)
    return held


def p95(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]  # nearest rank


def cost_cases() -> list[tuple[str, str, int, dict[str, Any]]]:
    size = f"{len(LONG_REPLY)} chars, {len(LONG_REPLY.encode()) / 1024:.1f} KB"
    return [
        (f"mixed reply ({size})", LONG_REPLY, 10, {}),
        (
            "same, with `min_chars=10`, `fast_first` and the three filters",
            LONG_REPLY,
            10,
            TTS_OPTIONS,
        ),
        (f"dense worst case ({len(DENSE)} chars)", DENSE, 400, {}),
    ]


def costs_in_process(checkout: Path, repeats: int) -> list[float]:
    """Best µs/token of each case, timed in a fresh process importing ``checkout``'s package."""
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, __file__, "--costs-json", "--repeats", str(repeats)]
    output = subprocess.run(command, env=environment, check=True, capture_output=True, text=True)
    costs: list[float] = json.loads(output.stdout)
    return costs


def compare(other: Path, repeats: int, rounds: int = 4) -> None:
    """This checkout against ``other``: alternating processes, best of all rounds."""
    here = Path(__file__).resolve().parents[1]
    ours: list[list[float]] = []
    theirs: list[list[float]] = []
    for _ in range(rounds):
        ours.append(costs_in_process(here, repeats))
        theirs.append(costs_in_process(other, repeats))
    print(f"| text | best µs/token, this checkout | best µs/token, {other} | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for index, (name, _, _, _) in enumerate(cost_cases()):
        mine = min(run[index] for run in ours)
        base = min(run[index] for run in theirs)
        print(f"| {name} | {mine:.2f} | {base:.2f} | {mine / base:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--profile", action="store_true", help="cProfile the mixed reply")
    parser.add_argument(
        "--against", type=Path, metavar="DIR", help="also time the splitter of this checkout"
    )
    parser.add_argument("--costs-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.costs_json:
        costs = [
            cost_per_token(tokenize(text), args.repeats, inner, options)[0]
            for _, text, inner, options in cost_cases()
        ]
        print(json.dumps(costs))
        return
    if args.against is not None:
        compare(args.against.resolve(), args.repeats)
        print()

    print("| text | tokens | best µs/token | median µs/token |")
    print("| --- | ---: | ---: | ---: |")
    for name, text, inner, options in cost_cases():
        tokens = tokenize(text)
        best, median = cost_per_token(tokens, args.repeats, inner, options)
        print(f"| {name} | {len(tokens)} | {best:.2f} | {median:.2f} |")

    print()
    print("| texts | sentences ending in | sentences | extra mean | extra p95 | extra max |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    labels = {"zh": "`。？！`", "en": "`.?!`", "newline": "a newline"}
    for group, texts in (("everyday replies", EVERYDAY_TEXTS), ("hard cases", HARD_TEXTS)):
        for kind, values in hold_back(texts).items():
            if kind not in labels or not values:
                continue
            extra = [value - 1 for value in values]
            print(
                f"| {group} | {labels[kind]} | {len(extra)} | {statistics.mean(extra):.2f} | "
                f"{p95(extra)} | {max(extra)} |"
            )

    if args.profile:
        tokens = tokenize(LONG_REPLY)
        profiler = cProfile.Profile()
        profiler.enable()
        cost_per_token(tokens, 1, 40, {})
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
