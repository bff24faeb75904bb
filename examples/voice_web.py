"""A browser page that speaks the reply while the model is still writing it (aiohttp).

    python examples/voice_web.py      # then open http://127.0.0.1:8080/

Ask a question: each sentence arrives as a server-sent event the moment it is
complete and is spoken at once with the browser's ``speechSynthesis``.
Thinking is shown dimmed and never spoken. Stop closes the event stream; the
server notices the closed connection, which cancels the request handler and
closes the stream to Ollama, so Ollama stops generating (barge-in).

``http://127.0.0.1:8080/?q=Why+is+the+sky+blue%3F`` asks at once.
Talks to a real Ollama when one answers, otherwise to the built-in test server.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from contextlib import AsyncExitStack
from typing import Any, Callable

from _backend import ollama_or_fake
from aiohttp import web

from ollama_async import AsyncClient, ChatStream, OllamaError
from ollama_async.testing import FakeModel

FAKE = FakeModel(
    "voice-model",
    thinking="The user wants a short answer they can listen to. Three sentences will do.",
    reply=(
        "Sunlight holds every colour of the rainbow. The air scatters blue light "
        "far more than red, so blue reaches your eyes from every direction. "
        "That is why the sky looks blue!"
    ),
    capabilities=("completion", "thinking"),
    token_delay=0.08,
)
# What a listener should hear: no Markdown markers, emoji or code blocks.
SPEECH_OPTIONS: dict[str, Any] = {"strip_markdown": True, "strip_emoji": True, "skip_code": True}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ollama_async voice</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 17px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
  form { display: flex; gap: .5rem; }
  #q { flex: 1; font: inherit; padding: .4rem .6rem; }
  button { font: inherit; padding: .4rem 1rem; }
  .question { font-weight: 600; margin-top: 1.5rem; }
  .thinking { color: #999; font-style: italic; white-space: pre-wrap; }
  .thinking:not(:empty)::before { content: "thinking: "; font-style: normal; }
  .sentence.speaking { background: #dbeaff; }
  .status { color: #777; font-size: 90%; }
</style></head>
<body>
<h1>Ask, and listen</h1>
<p class="status">Each sentence is spoken the moment it is complete; Stop interrupts the model too.</p>
<form id="ask"><input id="q" value="Why is the sky blue?" aria-label="question">
<button id="go">Ask</button><button id="stop" type="button" disabled>Stop</button></form>
<div id="turns"></div>
<script>
let events = null;

function speak(text, span) {
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = /[\\u3400-\\u9fff]/.test(text) ? "zh-CN" : "en-US";
  utterance.onstart = () => span.classList.add("speaking");
  utterance.onend = utterance.onerror = () => span.classList.remove("speaking");
  speechSynthesis.speak(utterance);
}

function finish(status, message) {
  if (events) { events.close(); events = null; }
  document.getElementById("stop").disabled = true;
  const turn = document.querySelector(".turn:last-child");
  if (turn) { turn.querySelector(".status").textContent = message; turn.dataset.status = status; }
}

function stop() {
  if (!events) return;
  finish("stopped", "stopped");  // closing the event stream stops the model too
  speechSynthesis.cancel();
}

function ask(question) {
  stop();
  const turn = document.createElement("div");
  turn.className = "turn";
  turn.innerHTML = '<p class="question"></p><p class="thinking"></p><p class="answer"></p><p class="status">writing…</p>';
  turn.querySelector(".question").textContent = question;
  document.getElementById("turns").append(turn);
  const thinking = turn.querySelector(".thinking"), answer = turn.querySelector(".answer");
  events = new EventSource("/ask?q=" + encodeURIComponent(question));
  document.getElementById("stop").disabled = false;
  events.addEventListener("thinking", (m) => { thinking.textContent += JSON.parse(m.data); });
  events.addEventListener("sentence", (m) => {
    const text = JSON.parse(m.data), span = document.createElement("span");
    span.className = "sentence"; span.textContent = text + " ";
    answer.append(span);
    speak(text, span);
  });
  events.addEventListener("failed", (m) => finish("failed", JSON.parse(m.data)));
  events.addEventListener("done", () => finish("done", "done"));
  // The server closed the stream without "done": do not let EventSource reconnect and ask again.
  events.onerror = () => finish("failed", "connection lost");
}

document.getElementById("ask").onsubmit = (e) => { e.preventDefault(); ask(document.getElementById("q").value); };
document.getElementById("stop").onclick = stop;
const preset = new URLSearchParams(location.search).get("q");
if (preset) { document.getElementById("q").value = preset; ask(preset); }
</script>
</body></html>
"""

CLIENT: web.AppKey[AsyncClient] = web.AppKey("client", AsyncClient)
MODEL: web.AppKey[str] = web.AppKey("model", str)
THINK: web.AppKey[bool] = web.AppKey("think", bool)

Send = Callable[[str, Any], Awaitable[None]]


async def page(request: web.Request) -> web.Response:
    """``GET /``: the voice page."""
    return web.Response(text=PAGE, content_type="text/html")


async def relay(stream: ChatStream, send: Send) -> None:
    """Send thinking as it comes and the reply sentence by sentence, ready to speak.

    One read of the stream serves both: its deltas come in arrival order.
    """
    async for delta in stream.deltas(sentences=True, **SPEECH_OPTIONS):
        if delta.type == "thinking":
            await send("thinking", delta.text)
        elif delta.type == "sentence" and delta.text.strip():
            await send("sentence", delta.text.strip())


async def ask(request: web.Request) -> web.StreamResponse:
    """``GET /ask?q=...``: ``thinking`` and ``sentence`` events, then ``done`` (or ``failed``)."""
    question = request.query.get("q", "")
    app = request.app
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)

    async def send(event: str, data: Any) -> None:
        await response.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())

    messages = [{"role": "user", "content": question}]
    try:
        # A page that goes away cancels this handler (handler_cancellation in serve()),
        # and leaving the `async with` closes the stream, so Ollama stops generating.
        async with await app[CLIENT].chat(
            app[MODEL], messages, stream=True, think=app[THINK] or None
        ) as stream:
            await relay(stream, send)
    except OllamaError as exc:
        await send("failed", str(exc))
    else:
        await send("done", {})
    return response


def make_app(client: AsyncClient, model: str, *, think: bool) -> web.Application:
    """The web application, asking ``model`` through ``client`` (with thinking if ``think``)."""
    app = web.Application()
    app[CLIENT] = client
    app[MODEL] = model
    app[THINK] = think
    app.router.add_get("/", page)
    app.router.add_get("/ask", ask)
    return app


async def serve(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, str]:
    """Serve ``app`` on ``host:port`` (0: any free port); the runner and the page's URL.

    ``handler_cancellation`` makes a closed page cancel its ``/ask`` handler at
    once, even while no sentence is being written (aiohttp's default would
    notice only at the next write).
    """
    runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.25)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound_host, bound_port = runner.addresses[0][:2]
    return runner, f"http://{bound_host}:{bound_port}/"


async def thinks(client: AsyncClient, model: str) -> bool:
    """Whether ``model`` can think (Ollama refuses ``think`` for a model that cannot)."""
    info = await client.show(model)
    return "thinking" in (info.capabilities or ())


async def main() -> None:
    """Serve the page on http://127.0.0.1:8080/ until interrupted."""
    async with AsyncExitStack() as stack:
        host, model = await ollama_or_fake(stack, FAKE)
        client = await stack.enter_async_context(AsyncClient(host))
        app = make_app(client, model, think=await thinks(client, model))
        runner, url = await serve(app, "127.0.0.1", 8080)
        print(f"open {url}")
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
