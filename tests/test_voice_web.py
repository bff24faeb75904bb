"""examples/voice_web.py in a real headless Chromium, driven over the DevTools protocol.

The page under test gets a hook on ``speechSynthesis.speak`` that reports each
utterance to the test as it is handed over. Needs Debian's ``chromium``: the
test is skipped when it is missing only outside CI (env ``CI`` unset).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Optional

import aiohttp

import ollama_async as oa
from ollama_async import split_sentences
from ollama_async.testing import FakeModel, FakeOllama

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import voice_web

from .system_programs import require_program

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
]
THINKING = "The user wants three facts and a long closing remark."
# Three short sentences, then one so long (120 tokens) that Stop arrives while it is written.
LAST = "And finally " + " ".join(f"word{i}" for i in range(120)) + "."
REPLY = f"Sunlight holds every colour. Air scatters **blue** light most. So the sky is blue! {LAST}"
MODEL = FakeModel(
    "voice",
    reply=REPLY,
    thinking=THINKING,
    capabilities=("completion", "thinking"),
    token_delay=0.02,
)
# Reports every utterance handed to speak (and every cancel) to the test; nothing is played.
SPEECH_HOOK = """
speechSynthesis.speak = (utterance) => reportSpeech(JSON.stringify({speak: utterance.text}));
speechSynthesis.cancel = () => reportSpeech(JSON.stringify({cancel: true}));
"""
# Resolves with the last turn's status ("done", "stopped", "failed") once it has one.
TURN_STATUS = """new Promise((resolve) => {
  const check = () => {
    const status = document.querySelector(".turn:last-child")?.dataset.status;
    if (status) { observer.disconnect(); resolve(status); }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, {subtree: true, attributes: true, childList: true});
  check();
})"""


class Page:
    """One browser tab over the DevTools protocol: commands, and the speech it reports."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._session: Optional[str] = None
        self.speech: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.loaded = asyncio.Event()
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for message in self._socket:
            data = json.loads(message.data)
            if "id" in data:
                self._pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Runtime.bindingCalled":
                await self.speech.put(json.loads(data["params"]["payload"]))
            elif data.get("method") == "Page.loadEventFired":
                self.loaded.set()

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Run a DevTools command in this tab (or the browser before ``attach``)."""
        identifier = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[identifier] = future
        command: dict[str, Any] = {"id": identifier, "method": method, "params": params}
        if self._session is not None:
            command["sessionId"] = self._session
        await self._socket.send_str(json.dumps(command))
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise AssertionError(f"{method} failed: {answer['error']}")
        result: dict[str, Any] = answer["result"]
        return result

    async def attach(self) -> None:
        """Open a blank tab and direct every later command to it."""
        target = await self.send("Target.createTarget", url="about:blank")
        session = await self.send(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        self._session = session["sessionId"]

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        answer = await self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in answer:
            raise AssertionError(f"{expression!r} threw: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    async def spoken(self, count: int) -> list[str]:
        """The next ``count`` utterances handed to ``speechSynthesis.speak``."""
        texts: list[str] = []
        while len(texts) < count:
            report = await asyncio.wait_for(self.speech.get(), 30)
            assert "speak" in report, f"expected an utterance, got {report}"
            texts.append(report["speak"])
        return texts

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


@contextlib.asynccontextmanager
async def browser_page(user_data: Path) -> AsyncIterator[Page]:
    """A headless Chromium with a fresh profile, and one tab in it."""
    process = await asyncio.create_subprocess_exec(
        require_program("chromium", apt="chromium", also=("/usr/bin/chromium-browser",)),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={user_data}",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    drain: Optional[asyncio.Future[bytes]] = None
    try:
        endpoint = ""
        while not endpoint:  # Chromium announces its DevTools endpoint on stderr
            line = (await asyncio.wait_for(process.stderr.readline(), 60)).decode()
            assert line, "chromium exited before announcing its DevTools endpoint"
            if line.startswith("DevTools listening on "):
                endpoint = line.split(" on ", 1)[1].strip()
        drain = asyncio.ensure_future(process.stderr.read())  # keep the pipe from filling up
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(endpoint, max_msg_size=0) as socket,
        ):
            page = Page(socket)
            try:
                await page.attach()
                yield page
            finally:
                await page.close()
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
        if drain is not None:
            await drain


async def open_voice_page(page: Page, url: str) -> None:
    """Load the page with the speech hook installed before its own script runs."""
    await page.send("Page.enable")
    await page.send("Runtime.enable")
    await page.send("Runtime.addBinding", name="reportSpeech")
    await page.send("Page.addScriptToEvaluateOnNewDocument", source=SPEECH_HOOK)
    await page.send("Page.navigate", url=url)
    await asyncio.wait_for(page.loaded.wait(), 30)


async def ask(page: Page, question: str) -> None:
    await page.evaluate(
        f"document.getElementById('q').value = {json.dumps(question)};"
        "document.getElementById('go').click()"
    )


def expected_speech(text: str) -> list[str]:
    return [s.strip() for s in split_sentences(text, **voice_web.SPEECH_OPTIONS) if s.strip()]


async def test_the_page_speaks_while_the_model_writes_and_stop_closes_the_stream(
    tmp_path: Path,
) -> None:
    expected = expected_speech(REPLY)
    assert len(expected) == 4 and expected[1] == "Air scatters blue light most."
    async with (
        FakeOllama(models=[MODEL]) as server,
        oa.AsyncClient(server.url) as client,
        browser_page(tmp_path / "profile") as page,
    ):
        app = voice_web.make_app(client, "voice", think=await voice_web.thinks(client, "voice"))
        runner, url = await voice_web.serve(app, "127.0.0.1", 0)
        try:
            await open_voice_page(page, url)

            # First question: every sentence that ends before the last one is spoken,
            # then Stop. The server sees the client leave mid-reply: so each of those
            # sentences was handed to speak before the reply was finished.
            await ask(page, "Why is the sky blue?")
            assert await page.spoken(3) == expected[:3]
            await page.evaluate("document.getElementById('stop').click()")
            left = await server.wait_for_disconnect(timeout=30)
            assert left.path == "/api/chat"
            # The same reply in one piece, beside the second question: how many lines it has.
            whole = asyncio.ensure_future(
                client.chat("voice", [{"role": "user", "content": "?"}], think=True)
            )
            assert await page.speech.get() == {"cancel": True}
            assert await page.evaluate(TURN_STATUS) == "stopped"
            # Thinking is shown, dimmed, and was never spoken.
            thinking = await page.evaluate(
                "const t = document.querySelector('.turn .thinking');"
                "[t.textContent, getComputedStyle(t).color]"
            )
            assert thinking == [THINKING, "rgb(153, 153, 153)"]

            # A second question works after the barge-in, and runs to the end.
            await ask(page, "And at sunset?")
            assert await page.spoken(4) == expected
            assert await page.evaluate(TURN_STATUS) == "done"
            assert page.speech.empty()
            assert (
                left.lines_sent < ((await whole).eval_count or 0) + 1
            )  # a line per token, then done
            chats = [r.json for r in server.requests if r.path == "/api/chat" and r.json["stream"]]
            assert [c["messages"][-1]["content"] for c in chats] == [
                "Why is the sky blue?",
                "And at sunset?",
            ]
            assert all(c["think"] is True for c in chats)
            assert len(server.disconnects) == 1
        finally:
            await runner.cleanup()
