"""``python -m ollama_async.testing``: --reply and --script, for CLI users and other languages."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from ollama_async.testing import ScriptedReply, load_script
from ollama_async.testing.__main__ import add_arguments, parse_args

SCRIPT = """\
"First."
{"reply": "Second.", "thinking": "Let me see."}

{"tool_calls": [{"function": {"name": "get_time", "arguments": {"zone": "UTC"}}}]}
{"error": "model is overloaded", "status": 503}
"""


@asynccontextmanager
async def served(
    *args: str, command: tuple[str, ...] = ("ollama_async.testing",)
) -> AsyncIterator[str]:
    """Run the module (or ``python -m`` of ``command``) on a free port with ``args``; yield its URL."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", *command, "--port", "0", *args,
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        assert line.startswith("FakeOllama listening on http://127.0.0.1:"), line
        yield line.split()[3]
    finally:
        process.terminate()
        await process.wait()


async def chat(url: str, model: str, **extra: Any) -> tuple[int, Any]:
    body = {"model": model, "messages": [{"role": "user", "content": "Hi"}], "stream": False}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url + "/api/chat", json={**body, **extra}) as response,
    ):
        return response.status, await response.json()


async def test_script_then_reply(tmp_path: Path) -> None:
    script = tmp_path / "replies.ndjson"
    script.write_text(SCRIPT, encoding="utf-8")
    tools = [{"type": "function", "function": {"name": "get_time"}}]
    async with served("--reply", "Always this.", "--script", str(script)) as url:
        first = await chat(url, "llama3.2")
        second = await chat(url, "qwen3")
        third = await chat(url, "llama3.2", tools=tools)
        fourth = await chat(url, "llama3.2")
        fifth = await chat(url, "llama3.2", tools=tools)
    assert first[1]["message"]["content"] == "First."
    assert second[1]["message"] == {
        "role": "assistant",
        "content": "Second.",
        "thinking": "Let me see.",
    }
    assert third[1]["message"]["tool_calls"][0]["function"]["arguments"] == {"zone": "UTC"}
    assert fourth == (503, {"error": "model is overloaded"})
    assert fifth[1]["message"] == {"role": "assistant", "content": "Always this."}


async def test_a_bad_script_exits_with_the_line_at_fault(tmp_path: Path) -> None:
    script = tmp_path / "bad.ndjson"
    script.write_text('"ok"\n{"reply": "x", "colour": "red"}\n', encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ollama_async.testing", "--port", "0", "--script", str(script),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 2 and out == b""
    assert err.decode().startswith(f"error: --script: {script}: line 2: unknown key 'colour'")


def test_load_script_reads_a_json_array(tmp_path: Path) -> None:
    script = tmp_path / "replies.json"
    script.write_text('["Hi.", {"reply": "Slow.", "delay": 0.5, "model": "qwen3"}]')
    assert load_script(script) == [
        ScriptedReply(reply="Hi."),
        ScriptedReply(reply="Slow.", delay=0.5, model="qwen3"),
    ]
    script.write_text('["Hi.", {"status": "busy"}]')
    with pytest.raises(ValueError, match=r"replies.json: entry 2: 'status' in a scripted"):
        load_script(script)
    script.write_text("not json")
    with pytest.raises(ValueError, match=r"replies.json:1: not JSON"):
        load_script(script)


def test_options_for_another_command_line() -> None:
    """``ollama-async serve-fake`` takes the same options through ``add_arguments``."""
    parser = argparse.ArgumentParser()
    add_arguments(parser.add_subparsers(dest="command").add_parser("serve-fake"))
    args = parser.parse_args(["serve-fake", "--reply", "Hi.", "--script", "s.ndjson"])
    assert (args.host, args.port, args.token_delay) == ("127.0.0.1", 11434, 0.0)
    assert (args.reply, args.script) == ("Hi.", "s.ndjson")
    assert vars(parse_args(["--port", "0"])) == {
        "host": "127.0.0.1",
        "port": 0,
        "token_delay": 0.0,
        "reply": None,
        "script": None,
    }


async def test_the_cli_serve_fake_forwards_reply_and_script(tmp_path: Path) -> None:
    script = tmp_path / "replies.ndjson"
    script.write_text('"Scripted first."\n', encoding="utf-8")
    command = ("ollama_async", "serve-fake")
    async with served("--reply", "Always this.", "--script", str(script), command=command) as url:
        first = await chat(url, "llama3.2")
        second = await chat(url, "llama3.2")
    assert first[1]["message"]["content"] == "Scripted first."
    assert second[1]["message"]["content"] == "Always this."


async def test_serve_fake_paces_and_scripts_pulled_hugging_face_models_too() -> None:
    name = "hf.co/Qwen/QwQ-32B-GGUF:Q4_0"
    async with served("--reply", "Always this.", command=("ollama_async", "serve-fake")) as url:
        async with (
            aiohttp.ClientSession() as session,
            session.post(url + "/api/pull", json={"model": name, "stream": False}) as response,
        ):
            assert await response.json() == {"status": "success"}
        status, answer = await chat(url, name)
    assert status == 200
    thinking, close, reply = answer["message"]["content"].partition("</think>")
    assert thinking.startswith("Okay, so the user") and close
    assert reply == "\n\nAlways this."
