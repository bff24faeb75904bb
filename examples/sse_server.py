"""Relay a reply to a browser sentence by sentence, as server-sent events (aiohttp).

    python examples/sse_server.py      # then open http://127.0.0.1:8080/

Each sentence is one ``data:`` event the moment it is complete; the page
appends them as they come. Closing the page closes the stream to Ollama.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack

from _backend import ollama_or_fake
from aiohttp import web

from ollama_async import AsyncClient
from ollama_async.testing import FakeModel

FAKE = FakeModel(
    "sse-model",
    reply="Server-sent events are simple. Each sentence arrives as one event. The page shows it at once!",
    token_delay=0.05,
)
PAGE = """<!doctype html><meta charset="utf-8"><title>ollama_async SSE</title>
<form id="f"><input id="q" value="Why is the sky blue?"><button>Ask</button></form><div id="out"></div>
<script>
f.onsubmit = (e) => {
  e.preventDefault(); out.textContent = "";
  const events = new EventSource("/ask?q=" + encodeURIComponent(q.value));
  events.onmessage = (m) => { const p = document.createElement("p"); p.textContent = JSON.parse(m.data); out.append(p); };
  events.addEventListener("done", () => events.close());
};
</script>"""

CLIENT: web.AppKey[AsyncClient] = web.AppKey("client", AsyncClient)
MODEL: web.AppKey[str] = web.AppKey("model", str)


async def page(request: web.Request) -> web.Response:
    return web.Response(text=PAGE, content_type="text/html")


async def ask(request: web.Request) -> web.StreamResponse:
    """``GET /ask?q=...``: one SSE event per sentence, then an ``event: done``."""
    question = request.query.get("q", "")
    client, model = request.app[CLIENT], request.app[MODEL]
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    messages = [{"role": "user", "content": question}]
    async with await client.chat(model, messages, stream=True) as stream:
        async for sentence in stream.sentences(strip_markdown=True):
            await response.write(f"data: {json.dumps(sentence.strip())}\n\n".encode())
    await response.write(b"event: done\ndata: {}\n\n")
    return response


def make_app(client: AsyncClient, model: str) -> web.Application:
    """The web application, talking to Ollama through ``client``."""
    app = web.Application()
    app[CLIENT] = client
    app[MODEL] = model
    app.router.add_get("/", page)
    app.router.add_get("/ask", ask)
    return app


async def main() -> None:
    async with AsyncExitStack() as stack:
        host, model = await ollama_or_fake(stack, FAKE)
        client = await stack.enter_async_context(AsyncClient(host))
        runner = web.AppRunner(make_app(client, model))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 8080).start()
        print("open http://127.0.0.1:8080/")
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
