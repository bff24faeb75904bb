"""`ollama_async.sync` in real processes: import, interpreter exit, Ctrl-C, fork.

Each child is a fresh interpreter (`-W error`, so a warning is a failure)
talking to a FakeOllama in the test's loop; the test waits on the child's
output and on the server's records, never on sleeps.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest

from ollama_async.testing import FakeModel, FakeOllama
from tests.conftest import CHAT_REPLY, default_models

ENV = {**os.environ, "PYTHONPATH": os.getcwd()}
SLOW = FakeModel("slow", reply="one two three four five six", token_delay=30.0)
HI = "[{'role': 'user', 'content': 'Hi'}]"


@pytest.fixture
async def server() -> AsyncIterator[FakeOllama]:
    async with FakeOllama(models=[*default_models(), SLOW]) as fake:
        yield fake


async def child(
    code: str, *args: str, flags: tuple[str, ...] = ("-W", "error")
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, *flags, "-c", code, *args,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=ENV,
    )  # fmt: skip


async def finish(process: asyncio.subprocess.Process) -> tuple[str, str]:
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)  # a hang guard only
    assert process.returncode == 0, stderr.decode()
    return stdout.decode(), stderr.decode()


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"OLLAMA_HOST": "ftp://nowhere"}, "OLLAMA_HOST"),
        (
            {"OLLAMA_HOST": "http://example.invalid:1", "HTTP_PROXY": "socks5h://[broken"},
            "HTTP_PROXY",
        ),
    ],
    ids=["host", "proxy"],
)
def test_import_never_reads_the_environment(variables: dict[str, str], named: str) -> None:
    code = (
        "import ollama_async.sync\n"
        "from ollama_async.sync import chat, Client\n"
        "import ollama_async.sync as ollama\n"
        "try:\n"
        "    chat('llama3.2', [])\n"
        "except (ValueError, ollama.RequestError) as exc:\n"
        "    print('first call:', exc)\n"
    )
    env = {key: value for key, value in ENV.items() if not key.upper().endswith("_PROXY")}
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        env={**env, **variables},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"first call: {named}=")


async def test_exit_with_clients_and_streams_never_closed(server: FakeOllama) -> None:
    code = (
        "import atexit, sys, threading\n"
        "atexit.register(lambda: print('stopped:', not portal.running))  # runs after ours\n"
        "import ollama_async.sync as ollama\n"
        "from ollama_async.sync._portal import portal\n"
        "client = ollama.Client(sys.argv[1])\n"
        "print(client.chat('llama3.2', " + HI + ").message.content)\n"
        "open_stream = client.chat('slow', " + HI + ", stream=True)\n"
        "print(next(open_stream).message.content)\n"
        "other = ollama.Client(sys.argv[1])\n"
        "other.list()\n"
        "threading.Thread(target=other.ps).start()\n"
    )
    out, err = await finish(await child(code, server.url))
    assert out.splitlines() == [CHAT_REPLY, "one ", "stopped: True"]
    assert err == ""
    await server.wait_for_disconnect()  # the open stream's socket closed at exit


@pytest.mark.parametrize("streamed", [True, False], ids=["stream", "reply"])
async def test_ctrl_c_while_waiting(server: FakeOllama, streamed: bool) -> None:
    code = (
        "import linecache, signal, sys, threading, time\n"
        "# As in a terminal, even if this test runs in the background (where SIGINT is ignored):\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from ollama_async.sync import Client\n"
        "def report_when_blocked(where):\n"
        "    # The main thread's innermost Python frame: the wait on the pump or on the portal.\n"
        "    main = threading.main_thread().ident\n"
        "    while True:\n"
        "        frame = sys._current_frames().get(main)\n"
        "        line = frame and linecache.getline(frame.f_code.co_filename, frame.f_lineno)\n"
        "        if line and line.strip() == where:\n"
        "            print('blocked', frame.f_code.co_name, flush=True)\n"
        "            return\n"
        "        time.sleep(0.001)\n"
        "client = Client(sys.argv[1])\n"
        "try:\n"
        "    if sys.argv[2] == 'stream':\n"
        "        stream = client.chat('slow', " + HI + ", stream=True)\n"
        "        print('first', next(stream).message.content, flush=True)\n"
        "        threading.Thread(target=report_when_blocked, args=('batch = self._queue.get()',)).start()\n"
        "        next(stream)\n"
        "    else:\n"
        "        threading.Thread(target=report_when_blocked, args=('call.done.acquire()',)).start()\n"
        "        client.chat('slow', " + HI + ")\n"
        "except KeyboardInterrupt:\n"
        "    print('KeyboardInterrupt', flush=True)\n"
        "print('second', client.chat('llama3.2', " + HI + ").message.content, flush=True)\n"
        "sys.stdin.readline()  # alive until the test has seen the disconnect\n"
    )
    process = await child(code, server.url, "stream" if streamed else "reply")
    assert process.stdout is not None
    if streamed:
        assert await process.stdout.readline() == b"first one \n"
    blocked = await process.stdout.readline()  # waiting for the next chunk, or for the reply
    assert blocked == (b"blocked get\n" if streamed else b"blocked call\n")
    await server.wait_for_requests(1)
    process.send_signal(signal.SIGINT)
    assert await process.stdout.readline() == b"KeyboardInterrupt\n"
    disconnect = await server.wait_for_disconnect()  # at once, not at the child's exit
    assert disconnect.path == "/api/chat"
    assert await process.stdout.readline() == f"second {CHAT_REPLY}\n".encode()
    assert process.stdin is not None
    process.stdin.write(b"\n")
    _, err = await finish(process)
    assert err == ""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
async def test_fork_gives_the_child_its_own_loop_and_connections(server: FakeOllama) -> None:
    code = (
        "import os, sys\n"
        "from ollama_async.sync import Client\n"
        "client = Client(sys.argv[1], max_retries=0)\n"
        "print('parent', client.list().models[0].model, flush=True)\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    print('child', client.chat('llama3.2', " + HI + ").message.content, flush=True)\n"
        "    client.close()\n"
        "    sys.exit(0)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "print('child exit', status, flush=True)\n"
        "print('parent again', client.list().models[0].model, flush=True)\n"
    )
    # Python 3.12+ warns (DeprecationWarning) about fork() in a process with threads.
    flags = ("-W", "error", "-W", "ignore:This process:DeprecationWarning")
    out, err = await finish(await child(code, server.url, flags=flags))
    assert out.splitlines() == [
        "parent llama3.2:latest",
        f"child {CHAT_REPLY}",
        "child exit 0",
        "parent again llama3.2:latest",
    ]
    assert err == ""
