"""Faults FakeOllama can inject into a stream, to test what a client does when things break."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import orjson
from aiohttp import web

from ._models import FakeModel

__all__ = ["fault_due", "inject", "send_http10"]


def fault_due(model: FakeModel, sent: int, line: dict[str, Any]) -> bool:
    """Whether the fault hits this line (the final line, for ``truncated_final``)."""
    if model.fault == "truncated_final":
        return line.get("done") is True
    return model.fault not in ("slow_drip", "wrong_content_type") and sent == model.fault_after


async def inject(
    fault: str, model: FakeModel, request: web.Request, response: web.StreamResponse, data: bytes
) -> bool:
    """Apply ``fault`` in place of writing ``data``; ``False`` ends the stream."""
    if fault in ("drop_mid_line", "drop_mid_stream"):
        if fault == "drop_mid_line":
            await response.write(data[: len(data) // 2])
        transport = request.transport
        if transport is not None:
            transport.abort()
        return False
    if fault == "truncated_final":
        await response.write(data[: len(data) // 2])
        await response.write_eof()
        return False
    if fault == "garbage_line":
        await response.write(b"<html><body>502 Bad Gateway</body></html>\n")
    elif fault == "huge_line":
        huge = {"model": model.name, "response": "x" * 20_000_000, "done": False}
        await response.write(orjson.dumps(huge) + b"\n")
    elif fault == "stall":
        await asyncio.sleep(model.stall)
    await response.write(data)
    return True


async def send_http10(
    request: web.Request, lines: AsyncIterator[dict[str, Any]]
) -> web.StreamResponse:
    """Answer like an old proxy: HTTP/1.0, no length, the body ends when the socket closes."""
    transport = request.transport
    assert transport is not None
    transport.write(b"HTTP/1.0 200 OK\r\nContent-Type: application/x-ndjson\r\n\r\n")
    async for line in lines:
        transport.write(orjson.dumps(line) + b"\n")
        await asyncio.sleep(0)
    transport.close()
    raise asyncio.CancelledError  # aiohttp must not write a response of its own
