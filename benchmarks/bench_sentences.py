"""Sentence splitter benchmark: quality per language, CPU cost per token, hold-back.

Run: ``.venv/bin/python benchmarks/bench_sentences.py`` (prints markdown tables;
``--quality-only`` stops after the quality table, ``--write`` also puts it in
``docs/sentences.md`` between its markers, ``--profile`` adds a cProfile of the
mixed reply). The peers come with ``pip install -e '.[sentence-bench]'``. On a
loaded machine, compare with another checkout in the same run: ``--against
/path/to/main`` times both splitters in their own processes, alternating, and
prints the ratio.

- **Quality**: boundary F1 and exact match (``tests/multilingual/scoring.py``)
  of the default splitter (no options, no language hint), pysbd (told each
  case's language where it has rules for it, else English, its default) and
  sentencex (told each case's language), on the multilingual corpus of
  ``tests/multilingual`` per language and on the Chinese/English rule cases of
  ``tests/test_sentences.py``. A mixed-language case tells the peers its first
  language. The peers are given each line apart and code blocks are left out:
  every newline ending a unit is this project's convention, not a judgement.

Targets on the reference machine (2 cores, CPython 3.11): at most 1 µs per
token, 0 extra characters held back after ``。？！`` and at most 1 after ``.?!``.

- **µs per token**: a long LLM-like reply (Chinese and English, Markdown,
  lists, a code block, abbreviations, decimals), and the multilingual corpus'
  replies one after the other, are cut into LLM-like tokens
  (``tests/multilingual/chunking.py``: 1-4 characters for CJK, word pieces for
  spaced scripts, punctuation apart) and
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
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

# The corpus and the tokenizer come from this checkout's tests/, the splitter from the
# package first on the path (another checkout's with --against): tests/ is imported
# with this checkout first on the path, the package after it is moved to the end.
ROOT = str(Path(__file__).resolve().parents[1])
sys.path.insert(0, ROOT)
from tests.multilingual import CORPUS  # noqa: E402
from tests.multilingual.chunking import tokenize  # noqa: E402
from tests.multilingual.scoring import Score, score_case, segment_ends, total, unit_ends  # noqa: E402

sys.path.remove(ROOT)
sys.path.append(ROOT)
from ollama_async import SentenceSplitter, split_sentences  # noqa: E402
from tests.test_sentences import GENERALISED, RULES  # noqa: E402

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
# Every reply of the multilingual corpus, one after the other.
MULTILINGUAL = "\n".join(
    "".join(units) for _, cases in sorted(CORPUS.items()) for units in cases.values()
)
# The deliberately hard English cases of SENTENCES.md rule 2.
HARD_TEXTS = [
    "We met Dr. Smith at 10 a.m. on Monday. It went well. See Fig. 3 for details. Thanks!",
    "This is supported. macOS support is coming. We sell pears, etc. You don't need more.",
    "He moved to the U.S. It plans to grow. Meet at 5 p.m. Please come. Acme Inc. They're big.",
    'No. I don\'t think so. "Stop!" he shouted. J. R. R. Tolkien wrote it. Apple Inc. announced it.',
]


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
        (f"multilingual corpus ({len(MULTILINGUAL)} chars)", MULTILINGUAL, 2, {}),
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


# -- quality: boundary F1 and exact match against the expected sentences ------------------

#: (text, language hint) → the offsets where the splitter's sentences end.
Splitter = Callable[[str, str], list[int]]
_FENCE = re.compile(r"[ \t]*```")
_HAN = re.compile("[\u3400-\u9fff]")


def ours(text: str, language: str) -> list[int]:
    """The default splitter: no options, no language hint."""
    return unit_ends(split_sentences(text))


def by_lines(segment: Callable[[str, str], list[str]]) -> Splitter:
    """A peer run on each line apart, code blocks left out and kept whole.

    Every newline outside a code fence ends a unit here (SENTENCES.md rules 7 and 8),
    a convention and not a judgement: the peers get it for free, so what is scored
    is how they split prose.
    """

    def split(text: str, language: str) -> list[int]:
        ends: list[int] = []
        offset = 0
        fence = False
        for line in text.splitlines(keepends=True):
            fence_line = _FENCE.match(line) is not None
            if not fence and not fence_line:
                ends.extend(offset + end for end in segment_ends(line, segment(line, language)))
            fence ^= fence_line
            offset += len(line)
            if not fence:
                ends.append(offset)
        return ends

    return split


def peers() -> dict[str, Optional[Splitter]]:
    """pysbd and sentencex (the `sentence-bench` extra), None for one not installed."""
    found: dict[str, Optional[Splitter]] = {"pysbd": None, "sentencex": None}
    try:
        import pysbd
        from pysbd.languages import LANGUAGE_CODES
    except ImportError:
        pass
    else:
        segmenters: dict[str, Any] = {}

        def pysbd_segment(line: str, language: str) -> list[str]:
            code = language if language in LANGUAGE_CODES else "en"  # its fallback
            if code not in segmenters:
                segmenters[code] = pysbd.Segmenter(language=code, clean=False)
            return list(segmenters[code].segment(line))

        found["pysbd"] = by_lines(pysbd_segment)
    try:
        import sentencex
    except ImportError:
        pass
    else:
        found["sentencex"] = by_lines(
            lambda line, language: list(sentencex.segment(language, line))
        )
    return found


def hint(language: str, name: str, text: str) -> str:
    """The language a peer is told: the case's, the first of a mixed case's, zh or en."""
    if language == "mul":
        return name.split("-", 1)[0].split("+", 1)[0]
    if language == "zh/en":
        return "zh" if _HAN.search(text) else "en"
    return language


def quality_corpora() -> dict[str, dict[str, list[str]]]:
    """The multilingual corpus by language, then the Chinese/English rule cases."""
    corpora = dict(sorted(CORPUS.items()))
    corpora["zh/en"] = {**RULES, **GENERALISED}
    return corpora


def quality(splitters: dict[str, Optional[Splitter]]) -> dict[str, dict[str, Optional[Score]]]:
    """Each splitter's score on each corpus (None for a splitter not installed)."""
    results: dict[str, dict[str, Optional[Score]]] = {}
    for language, cases in quality_corpora().items():
        row: dict[str, Optional[Score]] = {}
        for name, split in splitters.items():
            if split is None:
                row[name] = None
                continue
            scores = []
            for case, units in cases.items():
                text = "".join(units)
                scores.append(score_case(text, units, split(text, hint(language, case, text))))
            row[name] = total(scores)
        results[language] = row
    return results


def quality_table(results: dict[str, dict[str, Optional[Score]]]) -> str:
    """Markdown: cases, sentences, then F1 and exact match of each splitter per corpus."""
    names = list(next(iter(results.values())))
    corpora = quality_corpora()
    lines = [
        "| language | cases | sentences | "
        + " | ".join(f"{name} F1 | {name} exact" for name in names)
        + " |",
        "| --- | ---: | ---: |" + " ---: | ---: |" * len(names),
    ]

    def row(label: str, cases: list[list[str]], scores: dict[str, Optional[Score]]) -> None:
        cells = [label, str(len(cases)), str(sum(len(units) for units in cases))]
        for name in names:
            score = scores[name]
            cells += (
                ["—", "—"] if score is None else [f"{score.f1:.3f}", f"{score.exact_match:.0%}"]
            )
        lines.append("| " + " | ".join(cells) + " |")

    multilingual = [language for language in results if language in CORPUS]
    for language in multilingual:
        row(language, list(corpora[language].values()), results[language])
    every = [units for language in multilingual for units in corpora[language].values()]
    overall: dict[str, Optional[Score]] = {}
    for name in names:
        parts = [results[language][name] for language in multilingual]
        overall[name] = None if any(p is None for p in parts) else total(p for p in parts if p)
    row("**all of the above**", every, overall)
    row("zh/en (`tests/test_sentences.py`)", list(corpora["zh/en"].values()), results["zh/en"])
    return "\n".join(lines)


START, END = "<!-- bench_sentences: quality -->", "<!-- /bench_sentences: quality -->"


def write_table(table: str, page: Path) -> None:
    """Put `table` between the markers of `page`."""
    text = page.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{page} has no {START} ... {END} section: add the two markers first")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    page.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--profile", action="store_true", help="cProfile the mixed reply")
    parser.add_argument(
        "--against", type=Path, metavar="DIR", help="also time the splitter of this checkout"
    )
    parser.add_argument(
        "--quality-only", action="store_true", help="only the F1 and exact match table"
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="also put the F1 and exact match table in docs/sentences.md, between its markers",
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
    table = quality_table(quality({"ours": ours, **peers()}))
    print(table)
    print()
    if args.write:
        write_table(table, Path(ROOT) / "docs" / "sentences.md")
    if args.quality_only:
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
