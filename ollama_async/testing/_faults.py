"""Faults FakeOllama can inject into a stream, to test what a client does when things break.

`FAULT_TABLE` says, for each fault name `FakeModel(fault=...)`
accepts, what it does and where: in place of one line (`at_line`, on line
`fault_after` or on the final line), on every write (`write`), in the
headers (`content_type`), or instead of the whole answer (`takeover`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from typing import Any, Callable, Optional, Protocol

import orjson
from aiohttp import web

__all__ = ["FAULTS", "FAULT_TABLE", "Fault", "Faulty", "send_line"]


class Faulty(Protocol):
    """What a fault reads of the model it breaks (a `FakeModel` has it all).

    Named here, not imported: the models module reads `FAULTS` from this one.
    """

    @property
    def name(self) -> str:
        """The model's name, as the `huge_line` fault's chunk names it."""

    @property
    def fault(self) -> Optional[str]:
        """Which of `FAULTS` breaks its answers, if any."""

    @property
    def fault_after(self) -> int:
        """After how many lines the fault strikes."""

    @property
    def stall(self) -> float:
        """How long the `stall` fault stays silent, in seconds."""


LineInjector = Callable[[Faulty, web.Request, web.StreamResponse, bytes], Awaitable[bool]]
"""Sends (or breaks) one due line in place of writing it; `False` ends the stream."""


@dataclass(frozen=True)
class Fault:
    """One way to break an answer; exactly one of the hooks is set."""

    description: str
    at_line: Optional[LineInjector] = None
    on_final_line: bool = False  # `at_line` hits the final chunk instead of line `fault_after`
    write: Optional[Callable[[web.StreamResponse, bytes], Awaitable[None]]] = None
    content_type: Optional[str] = None
    takeover: Optional[
        Callable[[web.Request, AsyncIterator[dict[str, Any]]], Awaitable[web.StreamResponse]]
    ] = None


def _abort(request: web.Request) -> None:
    transport = request.transport
    if transport is not None:
        transport.abort()


async def _drop_mid_line(
    model: Faulty, request: web.Request, response: web.StreamResponse, data: bytes
) -> bool:
    await response.write(data[: len(data) // 2])
    _abort(request)
    return False


async def _drop_mid_stream(
    model: Faulty, request: web.Request, response: web.StreamResponse, data: bytes
) -> bool:
    _abort(request)
    return False


async def _truncated_final(
    model: Faulty, request: web.Request, response: web.StreamResponse, data: bytes
) -> bool:
    await response.write(data[: len(data) // 2])
    await response.write_eof()
    return False


async def _garbage_line(
    model: Faulty, request: web.Request, response: web.StreamResponse, data: bytes
) -> bool:
    await response.write(b"<html><body>502 Bad Gateway</body></html>\n")
    await response.write(data)
    return True


async def _huge_line(
    model: Faulty, request: web.Request, response: web.StreamResponse, data: bytes
) -> bool:
    huge = {"model": model.name, "response": "x" * 20_000_000, "done": False}
    await response.write(orjson.dumps(huge) + b"\n")
    await response.write(data)
    return True


async def _stall(
    model: Faulty, request: web.Request, response: web.StreamResponse, data: bytes
) -> bool:
    await asyncio.sleep(model.stall)
    await response.write(data)
    return True


async def _drip(response: web.StreamResponse, data: bytes) -> None:
    for byte in data:
        await response.write(bytes((byte,)))


async def _http10(request: web.Request, lines: AsyncIterator[dict[str, Any]]) -> web.StreamResponse:
    """Answer like an old proxy: HTTP/1.0, no length, the body ends when the socket closes."""
    transport = request.transport
    assert transport is not None
    transport.write(b"HTTP/1.0 200 OK\r\nContent-Type: application/x-ndjson\r\n\r\n")
    async for line in lines:
        transport.write(orjson.dumps(line) + b"\n")
        await asyncio.sleep(0)
    transport.close()
    raise asyncio.CancelledError  # aiohttp must not write a response of its own


FAULT_TABLE: dict[str, Fault] = {
    "drop_mid_line": Fault("write half of a line, then drop the connection", _drop_mid_line),
    "drop_mid_stream": Fault("drop the connection between two lines", _drop_mid_stream),
    "truncated_final": Fault(
        "end the body cleanly in the middle of the final line",
        _truncated_final,
        on_final_line=True,
    ),
    "garbage_line": Fault("send a line that is not JSON", _garbage_line),
    "huge_line": Fault("send a 20 MB line", _huge_line),
    "stall": Fault("go silent for `stall` seconds", _stall),
    "slow_drip": Fault("send every byte in its own write", write=_drip),
    "wrong_content_type": Fault("stream as text/html", content_type="text/html; charset=utf-8"),
    "http10": Fault("answer HTTP/1.0 with a close-delimited body", takeover=_http10),
}

FAULTS = tuple(FAULT_TABLE)
"""The names `FakeModel(fault=...)` accepts."""


async def send_line(
    model: Optional[Faulty],
    request: web.Request,
    response: web.StreamResponse,
    data: bytes,
    sent: int,
    final: bool,
) -> bool:
    """Write one NDJSON line, or the model's fault in its place; `False` ends the stream."""
    if model is None or model.fault is None:
        await response.write(data)
        return True
    fault = FAULT_TABLE[model.fault]
    due = final if fault.on_final_line else sent == model.fault_after
    if fault.at_line is not None and due:
        return await fault.at_line(model, request, response, data)
    await (fault.write or _plain)(response, data)
    return True


async def _plain(response: web.StreamResponse, data: bytes) -> None:
    await response.write(data)
