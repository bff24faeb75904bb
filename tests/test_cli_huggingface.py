"""The `ollama run hf-mirror.com/…` walkthrough, offline: `serve-fake` in one process, the CLI in others."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pexpect
import pytest

from ollama_async.cli._inline import InlineThinking

ENV = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
QWQ = "hf-mirror.com/Qwen/QwQ-32B-GGUF:Q4_0"
THINKING = (
    "Okay, so the user wants an answer. Let me think about what they are asking, "
    "keep it short, and then reply."
)
ANSWER = "Here is my answer: hello! How can I help you today?"


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """`ollama-async serve-fake` on a free port, for the whole module (each test its own models)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "ollama_async", "serve-fake", "--port", "0"],
        stdout=subprocess.PIPE, env=ENV, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("FakeOllama listening on http://127.0.0.1:"), line
        yield line.split()[3]
    finally:
        server.terminate()
        server.wait(30)
        if server.stdout is not None:
            server.stdout.close()


def cli(url: str, *args: str) -> tuple[int, str, str]:
    """`ollama-async --host URL ARGS` with stdin and stdout piped: status, stdout, stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "ollama_async", "--host", url, *args],
        stdin=subprocess.DEVNULL, capture_output=True, env=ENV, text=True, timeout=120,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def table(output: str) -> dict[str, list[str]]:
    """A `list` / `ps` table by its first column."""
    return {row.split()[0]: row.split()[1:] for row in output.splitlines()[1:]}


def test_run_pulls_with_progress_answers_with_thinking_and_list_shows_the_model(url: str) -> None:
    status, out, err = cli(url, "run", QWQ, "Why is the sky blue?")
    assert status == 0, err
    assert out == f"Thinking...\n{THINKING}\n...done thinking.\n\n{ANSWER}\n\n"
    lines = err.splitlines()
    assert lines[0] == "pulling manifest"
    assert lines[-3:] == ["verifying sha256 digest", "writing manifest", "success"]
    assert any(re.search(r"\] 100%  18\.0 GB/18\.0 GB", line) for line in lines), err

    status, out, _ = cli(url, "list")
    assert status == 0
    row = table(out)[QWQ]
    assert row[1:3] == ["18", "GB"]  # ID, then SIZE
    status, out, _ = cli(url, "ps")
    assert QWQ in table(out)
    status, out, _ = cli(url, "show", QWQ)
    assert re.search(r"quantization\s+Q4_0", out) and re.search(r"parameters\s+32B", out)

    assert cli(url, "run", QWQ, "Again?") == (
        0,
        f"Thinking...\n{THINKING}\n...done thinking.\n\n{ANSWER}\n\n",
        "",  # installed now: no pull
    )


def test_hidethinking_and_sentences_keep_the_reasoning_out_of_the_answer(url: str) -> None:
    name = "hf.co/unsloth/DeepSeek-R1-Distill-Qwen-7B-GGUF"
    status, out, _ = cli(url, "run", name, "Hi", "--hidethinking")
    assert (status, out) == (0, ANSWER + "\n\n")
    assert table(cli(url, "list")[1])[name + ":latest"][1:3] == ["4.2", "GB"]  # Q4_K_M of 7B
    status, out, _ = cli(url, "run", name, "Hi", "--sentences")
    assert status == 0
    lines = out.splitlines()
    assert lines[:3] == ["Thinking...", THINKING, "...done thinking."]
    assert [line.split("] ", 1)[1] for line in lines[4:]] == [
        "Here is my answer: hello!",
        "How can I help you today?",
    ]


def test_a_plain_gguf_model_answers_without_thinking(url: str) -> None:
    status, out, _ = cli(
        url, "run", "huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF:q8_0", "Hi"
    )
    assert (status, out) == (0, "Hello! How can I help you today?\n\n")


@pytest.mark.parametrize(
    ("name", "error"),
    [
        (
            "hf-mirror.com/Qwen/QwQ-32B-GGUF:Q8",
            'pull model manifest: 400: {"error":"The specified tag is not a valid quantization '
            'scheme. Please use another tag or \\"latest\\""}',
        ),
        (
            "hf.co/Qwen/QwQ-32B",
            'pull model manifest: 400: {"error":"Repository is not GGUF or is not compatible with '
            'llama.cpp"}',
        ),
    ],
)
def test_refused_pulls_are_one_error_line(url: str, name: str, error: str) -> None:
    assert cli(url, "run", name, "Hi") == (1, "", f"pulling manifest\nError: {error}\n")


def test_the_repl_shows_the_reasoning_as_thinking(url: str) -> None:
    name = "hf.co/Qwen/QwQ-32B-GGUF:Q4_K_M"
    assert cli(url, "pull", name)[0] == 0
    repl = pexpect.spawn(
        sys.executable, ["-m", "ollama_async", "--host", url, "run", name],
        env=ENV, encoding="utf-8", timeout=60, dimensions=(24, 200),
    )  # fmt: skip
    try:
        repl.expect_exact(">>> ")
        repl.sendline("Why is the sky blue?")
        repl.expect_exact(">>> ")
        shown = repl.before.replace("\r\n", "\n")
        assert f"Thinking...\n{THINKING}\n...done thinking.\n\n{ANSWER}\n\n" in shown
        assert "</think>" not in shown
        repl.sendline("/bye")
        repl.expect(pexpect.EOF)
    finally:
        repl.close(force=True)


def split(splitter: InlineThinking, tokens: list[str]) -> tuple[str, str]:
    """Thinking and reply text of `tokens`, fed one by one, then flushed."""
    pieces = [piece for token in tokens for piece in splitter.feed(token)] + splitter.flush()
    thinking = "".join(text for is_thinking, text in pieces if is_thinking)
    return thinking, "".join(text for is_thinking, text in pieces if not is_thinking)


TEXT = "Hmm, two.\n</think>\n\nFour. <think>again</think> Done, a < b."


@pytest.mark.parametrize("cut", range(len(TEXT) + 1))
def test_inline_thinking_is_told_apart_wherever_the_tokens_are_cut(cut: int) -> None:
    expected = ("Hmm, two.\nagain", "Four. Done, a < b.")
    assert split(InlineThinking(inside=True), [TEXT[:cut], TEXT[cut:]]) == expected
    assert split(InlineThinking(inside=True), list(TEXT)) == expected


def test_inline_thinking_outside_a_prefilled_block() -> None:
    assert split(InlineThinking(), ["<think>\nx</think>\n\ny"]) == ("x", "y")
    assert split(InlineThinking(), ["plain <thin", "king"]) == ("", "plain <thinking")
    assert split(InlineThinking(), ["ends in </thi"]) == ("", "ends in </thi")
