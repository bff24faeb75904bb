"""``ollama-async run MODEL [PROMPT]`` outside the REPL: one-shot, piped, auto-pull, extras."""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import os
import sys
import wave
from pathlib import Path
from typing import Any, Optional

import orjson
import pytest
from aiohttp import web

from ollama_async.cli import run_loop
from ollama_async.testing import FakeModel, FakeOllama
from tests.conftest import serve_app
from tests.system_programs import require_program

ENV = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}


async def run(
    url: str, *args: str, stdin: Optional[bytes] = None, cwd: Optional[Path] = None
) -> tuple[int, str, str]:
    """``python -m ollama_async --host URL run ARGS`` with stdin piped (empty unless given)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ollama_async", "--host", url, "run", *args,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=ENV, cwd=cwd,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(stdin or b""), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def prompts(server: FakeOllama, path: str = "/api/generate") -> list[dict[str, Any]]:
    return [r.json for r in server.requests if r.path == path and r.json.get("prompt")]


async def test_prompt_argument_gives_one_answer_without_echo(server: FakeOllama) -> None:
    assert await run(server.url, "llama3.2", "Say", "hi") == (
        0,
        "Hello there. How are you today?\n\n",
        "",
    )
    (request,) = prompts(server)
    assert request["prompt"] == "Say hi"
    assert "think" not in request  # llama3.2 cannot think: nothing sent


async def test_piped_stdin_is_the_prompt_and_comes_first(server: FakeOllama) -> None:
    status, out, _ = await run(server.url, "llama3.2", stdin=b"Summarise this.\n")
    assert (status, out) == (0, "Hello there. How are you today?\n\n")
    assert ">>>" not in out
    status, _, _ = await run(server.url, "llama3.2", "in French", stdin=b"Text\n")
    assert [p["prompt"] for p in prompts(server)] == ["Summarise this.\n", "Text\n in French"]


async def test_empty_stdin_only_loads_the_model(server: FakeOllama) -> None:
    assert await run(server.url, "llama3.2") == (0, "", "")
    assert prompts(server) == []
    assert any(r.path == "/api/generate" for r in server.requests)


async def test_missing_model_is_pulled_first() -> None:
    model = FakeModel("tinyllama", reply="Pulled and ready.")
    async with FakeOllama(models=[], registry=[model]) as server:
        status, out, err = await run(server.url, "tinyllama", "Hi")
    assert (status, out) == (0, "Pulled and ready.\n\n")
    assert err.splitlines()[0] == "pulling manifest"
    assert "pulling 2 layer(s) [##############################] 100%" in err
    assert err.splitlines()[-1] == "success"
    paths = [r.path for r in server.requests]
    assert paths[:3] == ["/api/show", "/api/pull", "/api/show"]


async def test_thinking_model_thinks_by_default_in_plain_text(server: FakeOllama) -> None:
    status, out, _ = await run(server.url, "qwen3", "2+2?")
    assert (status, out) == (
        0,
        "Thinking...\nTwo plus two is four.\n...done thinking.\n\nThe answer is 4.\n\n",
    )
    assert prompts(server)[0]["think"] is True
    _, out, _ = await run(server.url, "qwen3", "2+2?", "--hidethinking")
    assert out == "The answer is 4.\n\n"
    _, out, _ = await run(server.url, "qwen3", "2+2?", "--think=false")
    assert prompts(server)[-1]["think"] is False
    await run(server.url, "qwen3", "2+2?", "--think=high")
    assert prompts(server)[-1]["think"] == "high"


async def test_sentences_with_thinking(server: FakeOllama) -> None:
    status, out, _ = await run(server.url, "qwen3", "2+2?", "--sentences", "--think")
    assert status == 0
    lines = out.splitlines()
    assert lines[:3] == ["Thinking...", "Two plus two is four.", "...done thinking."]
    assert lines[4].endswith("] The answer is 4.")
    assert "\x1b" not in out


async def test_verbose_format_keepalive_system(server: FakeOllama) -> None:
    status, _, err = await run(
        server.url, "llama3.2", "Hi", "--verbose", "--format", "json",
        "--keepalive", "10m", "--system", "Be brief.",
    )  # fmt: skip
    assert status == 0
    labels = [line.split(":")[0] for line in err.splitlines()]
    assert labels == ["total duration", "load duration", "prompt eval count",
                      "prompt eval duration", "prompt eval rate", "eval count",
                      "eval duration", "eval rate"]  # fmt: skip
    assert err.splitlines()[-1].endswith(" tokens/s")
    request = prompts(server)[0]
    assert (request["format"], request["keep_alive"], request["system"]) == (
        "json",
        "10m",
        "Be brief.",
    )
    await run(server.url, "llama3.2", "Hi", "--format", '{"type": "object"}')
    assert prompts(server)[-1]["format"] == {"type": "object"}


async def test_embedding_model_prints_the_vector(server: FakeOllama) -> None:
    status, out, _ = await run(server.url, "nomic-embed-text", "hello")
    assert status == 0
    assert len(orjson.loads(out)) == 8
    status, _, err = await run(server.url, "nomic-embed-text")
    assert status == 1
    assert err.startswith("Error: embedding models require input text.")


PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake image bytes").decode()


async def image_server(request: web.Request) -> web.StreamResponse:
    """A stand-in for an image-generation model: the final chunk carries ``image``."""
    if request.path == "/api/show":
        return web.json_response({"capabilities": ["image"], "details": {}})
    response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
    await response.prepare(request)
    await response.write(b'{"model":"flux","response":"","done":false}\n')
    line = {"model": "flux", "response": "", "image": PNG, "done": True, "done_reason": "stop"}
    await response.write(orjson.dumps(line) + b"\n")
    return response


@pytest.mark.parametrize("command", ["run", "generate"])
async def test_image_reply_is_saved_to_a_file(tmp_path: Path, command: str) -> None:
    app = web.Application()
    app.router.add_route("POST", "/api/{name}", image_server)
    async with serve_app(app) as url:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "ollama_async", "--host", url, command, "flux", "a red fox",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=ENV,
            cwd=tmp_path,
        )  # fmt: skip
        out, err = await process.communicate()
    assert (process.returncode, err) == (0, b"")
    assert out.decode().strip() == "Image saved to ollama-image-1.png"
    assert (tmp_path / "ollama-image-1.png").read_bytes() == base64.b64decode(PNG)


def test_cli_runs_on_uvloop_when_installed() -> None:
    uvloop = pytest.importorskip("uvloop")

    async def loop_module() -> int:
        return 0 if type(asyncio.get_running_loop()).__module__.startswith("uvloop") else 1

    assert uvloop is not None
    # In a thread of its own: run_loop() replaces the thread's current event loop.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        assert thread.submit(run_loop, loop_module()).result() == 0


async def test_speak_says_every_sentence_with_espeak_ng(server: FakeOllama, tmp_path: Path) -> None:
    require_program("espeak-ng", apt="espeak-ng")
    wavs = tmp_path / "speech"
    status, out, err = await run(server.url, "llama3.2", "Hi", "--speak", "--speak-to", str(wavs))
    assert (status, err) == (0, "")
    assert out == "Hello there. How are you today?\n\n"
    files = sorted(wavs.iterdir())
    assert [f.name for f in files] == ["000.wav", "001.wav"]
    for file in files:
        with wave.open(str(file)) as audio:
            assert audio.getnframes() / audio.getframerate() > 0.3  # real speech, not a header


async def test_speak_without_espeak_ng_is_one_clear_line(
    server: FakeOllama, tmp_path: Path
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ollama_async", "--host", server.url, "run", "llama3.2", "Hi",
        "--speak", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**ENV, "PATH": str(tmp_path)},
    )  # fmt: skip
    out, err = await process.communicate()
    assert (process.returncode, out) == (1, b"")
    assert err.decode() == (
        "Error: --speak needs espeak-ng, which is not installed "
        "(Debian/Ubuntu: sudo apt-get install espeak-ng; macOS: brew install espeak-ng)\n"
    )


async def test_chat_is_an_alias_of_run(server: FakeOllama) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ollama_async", "--host", server.url, "chat", "llama3.2", "Hi",
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, env=ENV,
    )  # fmt: skip
    out, _ = await process.communicate()
    assert (process.returncode, out) == (0, b"Hello there. How are you today?\n\n")


async def test_bare_think_takes_no_value_as_with_ollama(server: FakeOllama) -> None:
    status, out, _ = await run(server.url, "qwen3", "--think", "What is 2+2?")
    assert status == 0
    assert out.endswith("The answer is 4.\n\n")
    assert prompts(server)[-1]["prompt"] == "What is 2+2?"
    assert prompts(server)[-1]["think"] is True
