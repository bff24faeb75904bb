"""The examples run end to end against FakeOllama."""

from __future__ import annotations

import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))

import speak  # noqa: E402

REPLY = "The sky is blue. Air scatters blue light most. That is all!"


def test_demo_runs_against_the_test_server() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "demo.py"), "Why?"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"OLLAMA_HOST": "127.0.0.1:9", "PATH": ""},
        check=True,
    )
    assert "using the built-in test server" in result.stdout
    assert "Because the listener hears the first sentence" in result.stdout
    assert "done_reason=stop" in result.stdout


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
async def test_first_audio_is_written_before_the_reply_ends(tmp_path: Path) -> None:
    model = FakeModel("m", reply=REPLY, token_delay=0.05)
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        stream = await client.chat("m", [{"role": "user", "content": "Why?"}], stream=True)
        espeak = speak.espeak(tmp_path)
        reply_done_at_first_audio: list[bool] = []

        async def speak_and_check(sentence: str, number: int) -> None:
            await espeak(sentence, number)
            if number == 0:
                assert (tmp_path / "000.wav").is_file()
                reply_done_at_first_audio.append(stream.complete)

        spoken: list[str] = []
        await speak.speak_reply(stream, speak_and_check, spoken)
    assert reply_done_at_first_audio == [False]  # the model was still writing
    assert "".join(spoken) == REPLY
    assert audio_frames(tmp_path) == {"000.wav": True, "001.wav": True, "002.wav": True}


def audio_frames(folder: Path) -> dict[str, bool]:
    """Each WAV file in ``folder`` and whether it holds any sound."""
    found = {}
    for path in sorted(folder.glob("*.wav")):
        with wave.open(str(path)) as audio:
            found[path.name] = audio.getnframes() > 0
    return found
