"""How FakeOllama answers on the wire: one JSON object, or NDJSON one write per line."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Mapping
from typing import Any, Callable, Optional

from aiohttp import web

from ._errors import HTTPError
from ._faults import FAULT_TABLE, send_line
from ._gojson import encode
from ._models import FakeModel

__all__ = ["JSON", "Lines", "json_response", "progress", "stream"]

JSON = "application/json; charset=utf-8"
NDJSON = "application/x-ndjson"

Lines = AsyncGenerator[dict[str, Any], None]
OnDisconnect = Callable[[str, int], None]
"""Told the path and the number of lines sent when a client leaves mid-answer."""


def json_response(status: int, data: Any) -> web.Response:
    """One JSON object, as gin's `c.JSON` sends it."""
    return web.Response(status=status, body=encode(data), headers={"Content-Type": JSON})


async def stream(
    request: web.Request,
    lines: Lines,
    on_disconnect: OnDisconnect,
    model: Optional[FakeModel] = None,
) -> web.StreamResponse:
    """Send `lines` as NDJSON, one write per line; tell `on_disconnect` of a client leaving.

    An error raised before the first line is an ordinary error answer with
    its status (§2.3); a later one becomes a last `{"error": ...}` line
    (§2.4). `model` may script a delay before the headers (`load_delay`)
    and a fault (`fault`, after `fault_after` lines).
    """
    fault = FAULT_TABLE[model.fault] if model is not None and model.fault else None
    content_type = (fault and fault.content_type) or NDJSON
    response = web.StreamResponse(status=200, headers={"Content-Type": content_type})
    sent = 0
    try:
        if model is not None and model.load_delay:
            await asyncio.sleep(model.load_delay)  # Ollama sends nothing while it loads
        if fault is not None and fault.takeover is not None:
            return await fault.takeover(request, lines)
        line = await _next_line(lines, first=True)
        await response.prepare(request)
        while line is not None:
            data = encode(line) + b"\n"
            final = line.get("done") is True
            if not await send_line(model, request, response, data, sent, final):
                return response
            sent += 1
            line = None if "error" in line else await _next_line(lines)
        await response.write_eof()
    except asyncio.CancelledError:  # handler_cancellation: the client closed the socket
        if fault is None or fault.takeover is None:  # a takeover closes the socket itself
            on_disconnect(request.path, sent)
        raise
    except ConnectionResetError:  # a write found the socket closed
        on_disconnect(request.path, sent)
    finally:
        await lines.aclose()
    return response


async def progress(
    request: web.Request, body: Mapping[str, Any], lines: Lines, on_disconnect: OnDisconnect
) -> web.StreamResponse:
    """Progress lines streamed, or for `stream: false` only the last one (an error raises)."""
    if body.get("stream", True) is not False:
        return await stream(request, lines, on_disconnect)
    last: dict[str, Any] = {}
    async for line in lines:
        last = line
    return json_response(200, last)


async def _next_line(lines: Lines, *, first: bool = False) -> Optional[dict[str, Any]]:
    """The next line, `None` at the end; an error after the first line becomes an error line."""
    try:
        return await lines.__anext__()
    except StopAsyncIteration:
        return None
    except HTTPError as error:
        if first:
            raise
        return {"error": error.message}
