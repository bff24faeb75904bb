"""The ``ollama-async`` command line, end to end against FakeOllama."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator

import pexpect
import pytest

from ollama_async.cli._progress import format_bytes, render
from ollama_async.testing import FakeOllama

ENV = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}


async def cli(server: FakeOllama, *args: str) -> tuple[int, str, str]:
    """Run ``python -m ollama_async --host URL ARGS``; return status, stdout, stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ollama_async", "--host", server.url, *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=ENV,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_version_list_ps_show(server: FakeOllama) -> None:
    assert await cli(server, "version") == (0, "0.33.0\n", "")
    status, out, _ = await cli(server, "list")
    assert status == 0
    assert out.splitlines()[0].split() == ["NAME", "ID", "SIZE", "MODIFIED"]
    assert "llama3.2:latest" in out
    assert "2.0 GB" in out
    await cli(server, "generate", "llama3.2", "Hi")
    status, out, _ = await cli(server, "ps")
    assert "llama3.2:latest" in out
    assert "minutes from now" in out
    status, out, _ = await cli(server, "show", "qwen3")
    assert "thinking" in out
    assert "family" in out


async def test_generate_and_sentences(server: FakeOllama) -> None:
    status, out, _ = await cli(server, "generate", "llama3.2", "Hi")
    assert (status, out) == (0, "Hello there. How are you today?\n")
    status, out, _ = await cli(server, "generate", "llama3.2", "Hi", "--sentences")
    lines = out.splitlines()
    assert [re.sub(r"^.*?\]\S*\s", "", line) for line in lines] == [
        "Hello there.",
        "How are you today?",
    ]
    assert all(re.search(r"\[\s*\d+\.\d\ds\]", line) for line in lines)


async def test_pull_push_create_cp_rm(server: FakeOllama) -> None:
    await cli(server, "rm", "llama3.2")
    status, _, err = await cli(server, "pull", "llama3.2")
    assert status == 0
    assert "pulling manifest" in err
    assert "pulling 2 layer(s) [##############################] 100%" in err
    assert "success" in err
    assert await cli(server, "cp", "llama3.2", "me/copy") == (
        0,
        "copied 'llama3.2' to 'me/copy'\n",
        "",
    )
    status, _, err = await cli(server, "push", "me/copy")
    assert status == 0
    assert "pushing" in err
    status, _, err = await cli(
        server, "create", "mario", "--from", "llama3.2", "--system", "Be Mario."
    )
    assert status == 0
    assert "success" in err
    assert (await cli(server, "rm", "mario", "me/copy"))[
        1
    ] == "deleted 'mario'\ndeleted 'me/copy'\n"


async def test_errors_are_one_line_and_exit_1(server: FakeOllama) -> None:
    status, out, err = await cli(server, "generate", "nope", "Hi")
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: 404: model 'nope' not found")
    assert "ollama pull nope" in err
    status, _, err = await cli(server, "pull", "no-such-model")
    assert status == 1
    assert "file does not exist" in err


def test_progress_rendering() -> None:
    assert format_bytes(999) == "999 B"
    assert format_bytes(1_500_000) == "1.5 MB"
    assert render(500, 1000, 250.0) == (
        "[###############...............]  50%  500 B/1.0 KB  250 B/s  ETA 0:02"
    )


@pytest.fixture
def slow_fake() -> Iterator[str]:
    """``serve-fake`` in its own process, with a slow default model; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ollama_async", "serve-fake", "--port", "0", "--token-delay", "0.3"],
        stdout=subprocess.PIPE, text=True, env=ENV,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("FakeOllama listening on http://127.0.0.1:")
    yield line.split()[3]
    process.send_signal(signal.SIGINT)
    process.wait(10)
    process.stdout.close()


def test_chat_repl_in_a_terminal(slow_fake: str) -> None:
    repl = pexpect.spawn(
        sys.executable, ["-m", "ollama_async", "--host", slow_fake, "chat", "llama3.2"],
        env=ENV, encoding="utf-8", timeout=20,
    )  # fmt: skip
    repl.expect_exact(">>> ")
    repl.sendline("Hi")
    repl.expect_exact("Hello! How can I help you today?")
    repl.expect_exact(">>> ")
    repl.sendline("Tell me more")
    repl.expect_exact("Hello!")  # the reply is streaming, one word every 0.3 s
    repl.sendintr()  # Ctrl-C stops the reply, not the program
    repl.expect_exact("[interrupted]")
    repl.expect_exact(">>> ")
    repl.sendline("/bye")
    repl.expect(pexpect.EOF)
    repl.close()
    assert repl.exitstatus == 0


def test_chat_repl_sentences_and_thinking(slow_fake: str) -> None:
    repl = pexpect.spawn(
        sys.executable,
        ["-m", "ollama_async", "--host", slow_fake, "chat", "qwen3", "--sentences"],
        env=ENV, encoding="utf-8", timeout=20,
    )  # fmt: skip
    repl.expect_exact(">>> ")
    repl.sendline("2+2?")
    repl.expect(r"\[\s*\d+\.\d\ds\]\S* The answer is 4\.")
    repl.expect_exact(">>> ")
    repl.sendeof()
    repl.expect(pexpect.EOF)
    thinking = pexpect.spawn(
        sys.executable, ["-m", "ollama_async", "--host", slow_fake, "chat", "qwen3", "--think"],
        env=ENV, encoding="utf-8", timeout=20,
    )  # fmt: skip
    thinking.expect_exact(">>> ")
    thinking.sendline("2+2?")
    thinking.expect_exact("\x1b[2mTwo")  # thinking, dimmed
    thinking.expect_exact("The answer is 4.")
    thinking.sendeof()
    thinking.expect(pexpect.EOF)
