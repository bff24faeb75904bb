"""FakeOllama's copy of ollama.com's web API (protocol notes §5.18, §8.2).

`POST /api/web_search` and `POST /api/web_fetch` answer as
`https://ollama.com` does, with made-up but deterministic pages, so a
client pointed at FakeOllama (`AsyncClient(web_host=server.url, ...)`)
can be tested offline. Like ollama.com they want `Authorization: Bearer
<key>`; any non-empty key is accepted.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Callable
from urllib.parse import urlsplit

from aiohttp import web

from ._errors import HTTPError

__all__ = ["web_routes"]

_DEFAULT_RESULTS = 5
_MAX_RESULTS = 10


def web_routes() -> list[tuple[str, str, Callable[[web.Request], Any]]]:
    """The routes to register: (method, path, handler)."""
    return [("POST", "/api/web_search", web_search), ("POST", "/api/web_fetch", web_fetch)]


async def _authorized_body(request: web.Request) -> dict[str, Any]:
    token = request.headers.get("Authorization", "").partition("Bearer ")[2].strip()
    if not token:
        raise HTTPError(401, "unauthorized")
    raw = await request.read()
    if not raw.strip():
        raise HTTPError(400, "missing request body")
    try:
        body = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise HTTPError(400, f"invalid request body: {exc.msg}") from None
    if not isinstance(body, dict):
        raise HTTPError(400, "invalid request body: expected a JSON object")
    return body


async def web_search(request: web.Request) -> web.Response:
    """`{"query", "max_results"?}` → `{"results": [{"title", "url", "content"}]}`."""
    body = await _authorized_body(request)
    query = body.get("query")
    if not isinstance(query, str) or not query.strip():
        raise HTTPError(400, "query is required")
    count = body.get("max_results") or _DEFAULT_RESULTS
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise HTTPError(400, "max_results must be a positive integer")
    slug = hashlib.sha256(query.encode()).hexdigest()[:8]
    results = [
        {
            "title": f"{query} ({rank})",
            "url": f"https://example.com/{slug}/{rank}",
            "content": f"Result {rank} about {query}.",
        }
        for rank in range(1, min(count, _MAX_RESULTS) + 1)
    ]
    return web.json_response({"results": results})


async def web_fetch(request: web.Request) -> web.Response:
    """`{"url"}` → `{"title", "content", "links"}`; a bare host such as `ollama.com` works."""
    body = await _authorized_body(request)
    url = body.get("url")
    if not isinstance(url, str) or not url.strip():
        raise HTTPError(400, "url is required")
    host = urlsplit(url if "://" in url else f"https://{url}").hostname or url
    return web.json_response(
        {
            "title": host,
            "content": f"# {host}\n\nThe text of {url}.",
            "links": [f"https://{host}/", f"https://{host}/about"],
        }
    )
