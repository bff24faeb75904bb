"""Texts with their sentences written out: the corpus the framework adapters are scored on.

The gold units of `tests/test_sentences.py` (every rule of SENTENCES.md, and
the cases the rules generalise to) and a few whole replies of the kind a voice
assistant speaks, each a list of the sentences the rules make of it; joined,
they are the text. `tests/test_integration_*.py` feed every text through each
framework's own API and expect exactly the splitter's sentences, and
`benchmarks/bench_voice.py` scores each pipeline's boundaries on it (F1).
"""

from __future__ import annotations

from .test_sentences import GENERALISED, RULES

__all__ = ["CORPUS", "REPLIES"]

REPLIES: dict[str, list[str]] = {
    "reply-zh-steps": [
        "在本地运行大模型其实很简单，整个过程只需要三步。\n\n",
        "1. 安装 Ollama：在终端运行官网上的安装脚本。\n",
        "2. 拉取模型，比如 `ollama pull qwen3`，大约需要 5 GB 空间。\n",
        "3. 开始对话！\n\n",
        "用 Python 调用也只要几行：\n\n",
        '```python\nfrom ollama import chat\nprint(chat("qwen3", messages=[{"role": "user", "content": "你好"}]))\n```\n\n',
        "运行后你会看到模型的回答。",
        "有问题随时问我！\n",
    ],
    "reply-en-steps": [
        "Running a model locally with Ollama takes three steps, and the whole setup fits in a few minutes.\n\n",
        "1. Install Ollama, e.g. with the script from the website.\n",
        "2. Pull a model: `ollama pull llama3.2` downloads about 2.0 GB.\n",
        "3. Start chatting!\n\n",
        "In Python it takes three lines:\n\n",
        '```python\nfrom ollama import chat\nreply = chat("llama3.2", messages=[{"role": "user", "content": "Hi"}])\nprint(reply.message.content)\n```\n\n',
        "Version 0.5.7 or newer works best. ",
        "Dr. Lee's team tested it on macOS too!\n",
    ],
    "reply-mixed-asyncio": [
        "这个问题很常见，因为 asyncio 和 Ollama 的流式接口需要配合使用，很多人第一次都会踩坑。\n",
        "首先用 `AsyncClient` 创建客户端，然后调用 `chat(..., stream=True)`。",
        "It returns an async iterator, so you can read each token as it arrives.\n\n",
        "- 优点：延迟低，first audio 很快。\n",
        "- 缺点：需要处理 barge-in，i.e. 用户打断。\n\n",
        "Let me know if you want a full example!\n",
    ],
    "reply-en-weather": [
        "Sure! ",
        "Tomorrow in Berlin it will be sunny, with a high of 21 °C. ",
        "The U.S. Weather Service and the DWD agree on that. ",
        "Rain comes back on Friday at about 3 p.m. ",
        "Take an umbrella if you go out then. 🌂\n\n",
        "**Tip:** check again in the morning, e.g. at 7 a.m. on the app.",
    ],
    "reply-zh-story": [
        "老人看着远方，慢慢地说：“不要着急。",
        "路要一步一步走。”",
        "孩子点点头，又问：“那我们什么时候到？”",
        "“天黑以前。”",
        "他笑了笑……然后继续往前走。",
    ],
    "reply-mixed-versions": [
        "好的！",
        "请先确认你的 Python 版本是 3.11 或更新，然后运行 `pip install ollama-async`。",
        "If you see an error like `No module named aiohttp`, upgrade pip first. ",
        "安装完成后，试试 `ollama-async run qwen3 --speak`。\n",
        "Mr. Wang 说这在 Apple Inc. 的 M2 芯片上也能跑。",
    ],
}

CORPUS: dict[str, list[str]] = {**RULES, **GENERALISED, **REPLIES}
