"""The ``ollama-async`` command line, end to end against FakeOllama."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys

import pytest

from ollama_async.cli._progress import format_bytes, render
from ollama_async.testing import FakeModel, FakeOllama

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
    assert await cli(server, "version") == (0, server.version + "\n", "")
    status, out, _ = await cli(server, "list")
    assert status == 0
    lines = out.splitlines(keepends=True)
    assert lines[0].split() == ["NAME", "ID", "SIZE", "MODIFIED"]
    assert len(lines[0]) == len(lines[1]) - 3  # the header ends in 1 space, not 4 (tablewriter)
    assert re.match(
        r"llama3\.2:latest +[0-9a-f]{12} +2\.0 GB +(Less than a second|\d+ seconds?) ago +\n",
        lines[1],
    )
    assert "About a minute ago" in lines[2]  # FakeOllama dates its models a minute apart
    assert "2 minutes ago" in lines[3]
    assert all(line.endswith("    \n") for line in lines[1:])
    status, out, _ = await cli(server, "ls", "QWEN")  # prefix filter, case-insensitive
    assert [line.split()[0] for line in out.splitlines()] == ["NAME", "qwen3:latest"]
    await cli(server, "generate", "llama3.2", "Hi")
    status, out, _ = await cli(server, "ps")
    header, row = out.splitlines()
    assert header.split() == ["NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL"]
    assert re.match(
        r"llama3\.2:latest +[0-9a-f]{12} +2\.4 GB +100% GPU +4096 +4 minutes from now +$", row
    )
    status, out, _ = await cli(server, "show", "qwen3")
    assert out.startswith(
        "  Model\n    architecture        llama     \n    parameters          3.2B      \n"
    )
    assert "  Capabilities\n    completion    \n    tools         \n    thinking      \n\n" in out
    assert '  Parameters\n    stop    "<|eot_id|>"    \n\n' in out
    assert re.search(r"\n  License\n    \S.*    \n\n$", out)


async def test_generate_and_sentences(server: FakeOllama) -> None:
    status, out, _ = await cli(server, "generate", "llama3.2", "Hi")
    assert (status, out) == (0, "Hello there. How are you today?\n")
    status, out, _ = await cli(server, "generate", "llama3.2", "Hi", "--sentences")
    lines = out.splitlines()
    assert [re.sub(r"^\[\s*\d+\.\d\ds\] ", "", line) for line in lines] == [
        "Hello there.",
        "How are you today?",
    ]
    assert "\x1b" not in out  # no colour into a pipe


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


async def test_errors_are_one_line_worded_for_the_shell(server: FakeOllama) -> None:
    status, out, err = await cli(server, "generate", "nope", "Hi")
    assert (status, out) == (1, "")
    assert err == "Error: model 'nope' not found (pull it with: ollama-async pull nope)\n"
    status, _, err = await cli(server, "pull", "no-such-model")
    assert status == 1
    assert err.endswith("\nError: pull model manifest: file does not exist\n")  # no "200:"
    assert await cli(server, "rm", "nosuch") == (1, "", "Error: model 'nosuch' not found\n")
    status, _, err = await cli(server, "run", "llama3.2", "--think=loud", "Hi")
    assert (status, err) == (
        1,
        "Error: invalid value for --think: 'loud' (must be true, false, high, medium, low, or max)\n",
    )
    status, _, err = await cli(server, "run", "llama3.2", "--keepalive", "10", "Hi")
    assert status == 1
    assert err.startswith("Error: invalid --keepalive '10': use a duration with a unit")
    assert (await cli(server, "run", "llama3.2", "--bogus"))[::2] == (
        1,
        "Error: unrecognized arguments: --bogus\n",
    )


async def test_in_stream_error_has_no_status() -> None:
    broken = FakeModel("broken", reply="One two three four.", error_after=2)
    async with FakeOllama(models=[broken]) as server:
        status, out, err = await cli(server, "run", "broken", "Hi")
    assert status == 1
    assert out.startswith("One two ")
    assert err.startswith("Error: model runner has unexpectedly stopped")
    assert "500" not in err and "200" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("host", "message"),
    [
        (
            "ftp://x",
            "OLLAMA_HOST=ftp://x: the scheme 'ftp' is not supported; use http:// or https://",
        ),
        (
            "localhost:abc",
            "OLLAMA_HOST=localhost:abc: the port 'abc' is not a number from 1 to 65535",
        ),
        (":66000", "OLLAMA_HOST=:66000: the port '66000' is not a number from 1 to 65535"),
    ],
)
def test_bad_hosts_are_named(host: str, message: str) -> None:
    env = {**ENV, "OLLAMA_HOST": host}
    done = subprocess.run(
        [sys.executable, "-m", "ollama_async", "list"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith(f"Error: {message}")
    assert done.stderr.count("\n") == 1  # no traceback


def test_unreachable_server_hint_is_for_the_shell() -> None:
    env = {**ENV, "OLLAMA_HOST": "127.0.0.1:1"}
    done = subprocess.run(
        [sys.executable, "-m", "ollama_async", "list"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert done.stderr == (
        "Error: could not connect to ollama server at http://127.0.0.1:1 (Connection refused); "
        "start it with `ollama serve`, or point at another one with OLLAMA_HOST=host:port\n"
    )


def test_progress_rendering() -> None:
    assert format_bytes(999) == "999 B"
    assert format_bytes(1_500_000) == "1.5 MB"
    assert render(500, 1000, 250.0) == (
        "[###############...............]  50%  500 B/1.0 KB  250 B/s  ETA 0:02"
    )


async def test_rm_unloads_the_model_first(server: FakeOllama) -> None:
    await cli(server, "run", "llama3.2", "Hi")
    assert "llama3.2:latest" in server.loaded
    assert await cli(server, "rm", "llama3.2") == (0, "deleted 'llama3.2'\n", "")
    unload = [r.json for r in server.requests if r.path == "/api/generate"][-1]
    assert unload == {"model": "llama3.2", "keep_alive": 0, "stream": False}
    assert "llama3.2:latest" not in server.loaded


def test_no_command_shows_what_there_is_to_do() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ollama_async"], capture_output=True, text=True, env=ENV, timeout=60
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("usage: ollama-async")
    assert "run (chat)" in done.stdout


@pytest.mark.parametrize(
    ("args", "usage"),
    [(["run"], "usage: ollama-async run"), (["pull"], "usage: ollama-async pull [-h]")],
)
def test_a_missing_argument_names_only_it_and_shows_the_usage(args: list[str], usage: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ollama_async", *args],
        capture_output=True, text=True, env=ENV, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (1, "")
    first, rest = done.stderr.split("\n", 1)
    assert first == "Error: the following arguments are required: model"
    assert rest.startswith(usage)
