"""``ollama-async run`` in a terminal: the REPL and its slash commands, through a pseudo-terminal."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

import pexpect

from ollama_async.testing import FakeModel, FakeOllama
from tests.system_programs import require_program

ENV = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
SLOW = FakeModel("slow", reply="Hello! I am a slow model that writes one word at a time.", token_delay=0.3)  # fmt: skip
CHAT = FakeModel("llama3.2", reply="Hello there. How are you today?")
THINKER = FakeModel(
    "qwen3", reply="The answer is 4.", thinking="Two plus two is four.",
    capabilities=("completion", "thinking"), token_delay=0.05,
)  # fmt: skip


@contextlib.contextmanager
def fake_in_thread(
    models: Sequence[FakeModel] = (CHAT, SLOW, THINKER),
    registry: Optional[Sequence[FakeModel]] = None,
) -> Iterator[FakeOllama]:
    """FakeOllama on its own event loop in a thread, so pexpect may block this one."""
    loop = asyncio.new_event_loop()
    server = FakeOllama(models, registry=registry)
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start())
            started.set()
            loop.run_forever()
            loop.run_until_complete(server.stop())
        finally:
            loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(30)
    try:
        yield server
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)


def spawn(server: FakeOllama, *args: str, env: Optional[dict[str, str]] = None) -> Any:
    return pexpect.spawn(
        sys.executable, ["-m", "ollama_async", "--host", server.url, "run", *args],
        env=env or ENV, encoding="utf-8", timeout=30,
    )  # fmt: skip


def on_screen(output: str) -> str:
    """What a terminal shows for ``output``: cursor-left and clear-line applied."""
    lines: list[str] = []
    for raw in output.replace("\r\n", "\n").split("\n"):
        line = ""
        for piece in re.split(r"(\x1b\[\d*[DK]|\r)", raw):
            if piece == "\r":
                line = ""
            elif piece.endswith("D") and piece.startswith("\x1b["):
                line = line[: -int(piece[2:-1])]
            elif not piece.startswith("\x1b["):
                line += piece
        lines.append(line)
    return "\n".join(lines)


def chats(server: FakeOllama) -> list[dict[str, Any]]:
    return [r.json for r in server.requests if r.path == "/api/chat"]


def test_repl_set_commands_change_the_next_request() -> None:
    with fake_in_thread() as server:
        repl = spawn(server, "llama3.2")
        repl.expect_exact(">>> ")
        repl.sendline("/set parameter temperature 0")
        repl.expect_exact("Set parameter 'temperature' to '0'")
        repl.sendline("/set parameter warmth 1")
        repl.expect_exact("Couldn't set parameter: \"unknown parameter 'warmth'\"")
        repl.sendline("/set system Be brief.")
        repl.expect_exact("Set system message.")
        repl.sendline("/set verbose")
        repl.expect_exact("Set 'verbose' mode.")
        repl.sendline("Hi")
        repl.expect_exact("Hello there. How are you today?")
        repl.expect_exact("eval rate:")
        repl.expect_exact(">>> ")
        repl.sendline('/set system """You are')
        repl.expect_exact("... ")
        repl.sendline('a pirate."""')
        repl.expect_exact("Set system message.")
        repl.sendline('"""Line one')
        repl.expect_exact("... ")
        repl.sendline('line two"""')
        repl.expect_exact("Hello there.")
        repl.expect_exact(">>> ")
        repl.sendline("/bye")
        repl.expect(pexpect.EOF)
        repl.close()
        assert repl.exitstatus == 0
        first, second = chats(server)
    assert first["options"] == {"temperature": 0.0}
    assert first["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
    ]
    assert second["messages"][-1] == {"role": "user", "content": "Line one\nline two"}
    assert second["messages"][0] == {"role": "system", "content": "Be brief."}
    assert second["messages"][3] == {"role": "system", "content": "You are\na pirate."}
    assert second["messages"][2] == {"role": "assistant", "content": "Hello there. How are you today?"}  # fmt: skip


def test_repl_help_show_clear_and_unknown_commands() -> None:
    with fake_in_thread() as server:
        repl = spawn(server, "llama3.2")
        repl.expect_exact(">>> ")
        repl.sendline("/?")
        repl.expect_exact("Available Commands:")
        repl.expect_exact('Use """ to begin a multi-line message.')
        repl.sendline("/help set")
        repl.expect_exact("/set parameter ...")
        repl.sendline("/show info")
        repl.expect(r"  Model\r\n    architecture +llama")
        repl.expect_exact("  Capabilities")
        repl.sendline("/set think")
        repl.expect_exact('warning: model "llama3.2" does not support thinking output')
        repl.expect_exact("Set 'think' mode.")
        repl.sendline("/set nothink")
        repl.expect_exact("Set 'nothink' mode.")
        repl.sendline("Hi")
        repl.expect_exact("How are you today?")
        repl.sendline("/clear")
        repl.expect_exact("Cleared session context")
        repl.sendline("/frobnicate")
        repl.expect_exact("Unknown command '/frobnicate'. Type /? for help")
        repl.sendline("Again")
        repl.expect_exact("How are you today?")
        repl.expect_exact(">>> ")
        repl.sendeof()  # Ctrl-D quits
        repl.expect(pexpect.EOF)
        repl.close()
        assert repl.exitstatus == 0
        first, second = chats(server)
    assert "/" not in "".join(m["content"] for m in first["messages"])  # commands never sent
    assert second["messages"] == [{"role": "user", "content": "Again"}]  # /clear emptied it
    assert second["think"] is False


def test_ctrl_c_stops_the_reply_not_the_session() -> None:
    with fake_in_thread() as server:
        repl = spawn(server, "slow")
        repl.expect_exact(">>> ")
        repl.sendintr()  # at the prompt: a reminder
        repl.expect_exact("Use Ctrl + d or /bye to exit.")
        repl.sendline("Talk")
        repl.expect_exact("Hello!")  # one word every 0.3 s
        repl.sendintr()
        repl.expect_exact(">>> ")
        repl.sendline("/bye")
        repl.expect(pexpect.EOF)
        repl.close()
        assert repl.exitstatus == 0
        assert server.disconnects, "the stream was closed at Ctrl-C"


def test_thinking_is_coloured_on_a_terminal_unless_no_color() -> None:
    env = {k: v for k, v in ENV.items() if k != "NO_COLOR"}
    with fake_in_thread() as server:
        repl = spawn(server, "qwen3", "2+2?", env=env)
        repl.expect_exact("\x1b[90m\x1b[1mThinking...\r\n\x1b[0m\x1b[90mTwo")
        repl.expect_exact("\x1b[90m\x1b[1m...done thinking.\r\n\r\n\x1b[0mThe answer is 4.")
        repl.expect(pexpect.EOF)
        plain = spawn(server, "qwen3", "2+2?")
        plain.expect(pexpect.EOF)
        assert "\x1b[" not in plain.before.replace("\x1b[K", "")
        assert "Thinking...\r\nTwo plus two is four.\r\n...done thinking." in plain.before


def test_hidden_thinking_shows_an_indicator_on_a_terminal() -> None:
    with fake_in_thread() as server:
        one = spawn(server, "qwen3", "2+2?", "--hidethinking")
        one.expect_exact("Thinking… ")
        one.expect_exact("The answer is 4.")
        one.expect(pexpect.EOF)
        assert "Two plus" not in one.before


def test_missing_model_is_pulled_then_the_repl_opens() -> None:
    fresh = FakeModel("tinyllama", reply="Ready.")
    with fake_in_thread(models=[], registry=[fresh]) as server:
        repl = spawn(server, "tinyllama")
        repl.expect_exact("pulling manifest")
        repl.expect_exact("success")
        repl.expect_exact(">>> ")
        repl.sendline("Hi")
        repl.expect_exact("Ready.")
        repl.sendline("/bye")
        repl.expect(pexpect.EOF)


def test_ctrl_c_during_pull_ends_the_bar_line_and_exits_130() -> None:
    big = FakeModel("big", token_delay=0.5)
    with fake_in_thread(models=[], registry=[big]) as server:
        pull = pexpect.spawn(
            sys.executable, ["-m", "ollama_async", "--host", server.url, "pull", "big"],
            env=ENV, encoding="utf-8", timeout=30,
        )  # fmt: skip
        pull.expect_exact("pulling 1 layer(s)")
        pull.sendintr()
        pull.expect(pexpect.EOF)
        pull.close()
    assert pull.exitstatus == 130
    assert pull.before.endswith("\r\n")  # the shell prompt starts on its own line
    assert "Traceback" not in pull.before


def test_ctrl_c_barges_in_on_speech_and_exits_130(tmp_path: Path) -> None:
    require_program("espeak-ng", apt="espeak-ng")
    with fake_in_thread() as server:
        one = spawn(server, "slow", "Talk", "--speak-to", str(tmp_path))
        one.expect_exact("I am")  # the first sentence is with espeak-ng, the rest is coming
        one.sendintr()
        one.expect(pexpect.EOF)
        one.close()
        assert one.exitstatus == 130
        assert server.disconnects, "Ctrl-C closed the stream"
    assert "slow model" not in one.before
    assert len(list(tmp_path.iterdir())) <= 1  # the second sentence was never spoken
    assert one.before.endswith("\r\n")


def test_a_server_error_is_one_line_and_the_session_goes_on() -> None:
    flaky = FakeModel("flaky", reply="One two three four.", error_after=2)
    with fake_in_thread(models=[flaky]) as server:
        repl = spawn(server, "flaky")
        repl.expect_exact(">>> ")
        repl.sendline("Hi")
        repl.expect_exact("One two ")
        repl.expect_exact("Error: model runner has unexpectedly stopped")
        repl.expect_exact(">>> ")
        repl.sendline("/bye")
        repl.expect(pexpect.EOF)
        repl.close()
    assert repl.exitstatus == 0
    assert "200" not in repl.before and "500" not in repl.before


def test_replies_wrap_at_the_terminal_edge_unless_nowordwrap() -> None:
    long = FakeModel("long", reply="Sunlight scatters off tiny molecules of air, mostly blue.")
    with fake_in_thread(models=[long]) as server:
        wrapped = pexpect.spawn(
            sys.executable, ["-m", "ollama_async", "--host", server.url, "run", "long", "Why?"],
            env=ENV, encoding="utf-8", timeout=30, dimensions=(24, 30),
        )  # fmt: skip
        wrapped.expect(pexpect.EOF)
        plain = pexpect.spawn(
            sys.executable,
            ["-m", "ollama_async", "--host", server.url, "run", "long", "Why?", "--nowordwrap"],
            env=ENV, encoding="utf-8", timeout=30, dimensions=(24, 30),
        )  # fmt: skip
        plain.expect(pexpect.EOF)
    assert "\x1b[3D\x1b[K\r\ntiny" in wrapped.before  # "tin" taken back, "tiny" on the next line
    assert on_screen(wrapped.before).splitlines()[:3] == [
        "Sunlight scatters off ",
        "tiny molecules of air, ",
        "mostly blue.",
    ]
    assert "D\x1b[K" not in plain.before
    assert on_screen(plain.before).splitlines()[0] == (
        "Sunlight scatters off tiny molecules of air, mostly blue."
    )


def test_speak_in_the_repl_numbers_files_across_turns(tmp_path: Path) -> None:
    require_program("espeak-ng", apt="espeak-ng")
    with fake_in_thread() as server:
        repl = spawn(server, "llama3.2", "--speak-to", str(tmp_path))
        repl.expect_exact(">>> ")
        for _ in range(2):
            repl.sendline("Hi")
            repl.expect_exact("How are you today?")
            repl.expect_exact(">>> ")  # the prompt comes back once both sentences are spoken
        repl.sendline("/bye")
        repl.expect(pexpect.EOF)
    assert sorted(f.name for f in tmp_path.iterdir()) == [
        "000.wav",
        "001.wav",
        "002.wav",
        "003.wav",
    ]
