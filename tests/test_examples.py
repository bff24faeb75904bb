"""The examples run end to end against FakeOllama."""

from __future__ import annotations

import dataclasses
import json
import sys
import wave
from pathlib import Path
from typing import Any

import aiohttp
import pytest

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama

from .conftest import EXAMPLES, run_example, serve_app
from .system_programs import require_program

sys.path.insert(0, str(EXAMPLES))

import batch_embed
import speak
import sse_server
import structured
import tool_loop
import voice_web

REPLY = "The sky is blue. Air scatters blue light most. That is all!"


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("demo.py", "Because the listener hears the first sentence"),
        ("tool_loop.py", "It is 22 degrees and sunny in Tokyo."),
        ("structured.py", "Country(name='Canada', capital='Ottawa'"),
        ("batch_embed.py", "1000 vectors of 256 dimensions"),
    ],
)
def test_example_runs_against_the_test_server(script: str, expected: str) -> None:
    assert expected in run_example(script)


async def test_tool_loop_runs_the_tool_and_sends_its_result() -> None:
    async with FakeOllama(models=[tool_loop.FAKE]) as server, oa.AsyncClient(server.url) as client:
        answer = await tool_loop.ask(client, "tool-model", "Weather in Tokyo?")
        assert answer.content == "It is 22 degrees and sunny in Tokyo."
        last = server.requests[-1].json
        assert [m["role"] for m in last["messages"]] == ["user", "assistant", "tool"]
        assert last["messages"][2]["content"] == "22 degrees celsius and sunny in Tokyo"
        assert last["messages"][2]["tool_call_id"].startswith("call_")


async def test_structured_output_sends_the_schema() -> None:
    async with FakeOllama(models=[structured.FAKE]) as server, oa.AsyncClient(server.url) as client:
        country = await structured.describe(client, "json-model", "Canada")
        assert country == structured.Country("Canada", "Ottawa", ["English", "French"])
        assert server.requests[-1].json["format"] == structured.SCHEMA


async def test_batch_embeddings_keep_order_and_batch_size() -> None:
    texts = [f"text {i}" for i in range(100)]
    async with (
        FakeOllama(models=[batch_embed.FAKE]) as server,
        oa.AsyncClient(server.url) as client,
    ):
        vectors = await batch_embed.embed_all(client, "embed-model", texts, batch=8, limit=2)
        single = await client.embed("embed-model", texts[57])
    assert len(vectors) == 100
    assert vectors[57] == list(single.embeddings[0])
    batches = [len(r.json["input"]) for r in server.requests if isinstance(r.json["input"], list)]
    assert sorted(batches) == [4] + [8] * 12


async def test_sse_relay_sends_one_event_per_sentence() -> None:
    async with (
        FakeOllama(models=[sse_server.FAKE]) as server,
        oa.AsyncClient(server.url) as client,
        serve_app(sse_server.make_app(client, "sse-model")) as url,
        aiohttp.ClientSession() as browser,
        browser.get(f"{url}/ask", params={"q": "Why?"}) as response,
    ):
        assert response.headers["Content-Type"] == "text/event-stream"
        events = (await response.text()).strip().split("\n\n")
    assert events == [
        'data: "Server-sent events are simple."',
        'data: "Each sentence arrives as one event."',
        'data: "The page shows it at once!"',
        "event: done\ndata: {}",
    ]


async def test_voice_relay_sends_thinking_then_speakable_sentences() -> None:
    fake = dataclasses.replace(voice_web.FAKE, token_delay=0.0)
    async with FakeOllama(models=[fake]) as server, oa.AsyncClient(server.url) as client:
        app = voice_web.make_app(client, fake.name, think=await voice_web.thinks(client, fake.name))
        runner, url = await voice_web.serve(app, "127.0.0.1", 0)
        try:
            async with aiohttp.ClientSession() as browser:
                ok = await sse_events(browser, f"{url}ask", "Why?")
                app_without_model = voice_web.make_app(client, "missing", think=False)
                missing_runner, missing_url = await voice_web.serve(
                    app_without_model, "127.0.0.1", 0
                )
                try:
                    failed = await sse_events(browser, f"{missing_url}ask", "Why?")
                finally:
                    await missing_runner.cleanup()
        finally:
            await runner.cleanup()
    kinds = [kind for kind, _ in ok]
    assert kinds == sorted(kinds, key=["thinking", "sentence", "done"].index)
    assert "".join(data for kind, data in ok if kind == "thinking") == fake.thinking
    assert [data for kind, data in ok if kind == "sentence"] == [
        "Sunlight holds every colour of the rainbow.",
        "The air scatters blue light far more than red, so blue reaches your eyes from every direction.",
        "That is why the sky looks blue!",
    ]
    chats = [r.json for r in server.requests if r.path == "/api/chat"]
    assert chats[0]["think"] is True and "think" not in chats[1]  # the missing model cannot think
    assert len(failed) == 1 and failed[0][0] == "failed" and "missing" in failed[0][1]


async def sse_events(
    browser: aiohttp.ClientSession, url: str, question: str
) -> list[tuple[str, Any]]:
    """(event, decoded data) of each server-sent event ``url`` answers for ``question``."""
    async with browser.get(url, params={"q": question}) as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        body = await response.text()
    events = []
    for block in body.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((fields["event"], json.loads(fields["data"])))
    return events


async def test_first_audio_is_written_before_the_reply_ends(tmp_path: Path) -> None:
    require_program("espeak-ng", apt="espeak-ng")
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
