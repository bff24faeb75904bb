"""The pump: a task in the portal's loop that reads a stream's socket ahead of its sync reader.

A hop into the loop per read (wake it, start a task, wake the caller back)
costs tens of microseconds, as much as a chunk's whole budget when one
line arrives per read. So each sync stream gets one task that keeps
reading — one socket read, split into lines, handed over as one batch
through a `queue.SimpleQueue` — and the reader's thread only waits on that
queue: per read, the loop wakes for the data as it would for `async for`,
and the reader's thread is woken once.

The read-ahead is bounded: with `AHEAD` batches not yet taken, the task
waits until the reader takes one (the reader wakes it only then), so a slow
reader holds at most that many reads in memory and the socket's own flow
control does the rest, as for an async stream that is not being read.
"""

from __future__ import annotations

import asyncio
import queue
from typing import Any, Optional, Union

from .._exceptions import OllamaError
from .._streaming import Stream

__all__ = ["AHEAD", "Batch", "Pump"]

AHEAD = 8
"""Socket reads a pump holds for its reader at most."""

Batch = Union[list[bytes], OllamaError, None]
"""What the reader gets: one read's lines (last first), the read's error, or `None` at the end."""


class Pump:
    """Reads `stream` in the loop it was opened in; `get()` from the reader's thread."""

    __slots__ = ("_demand", "_loop", "_put", "_queue", "_stream", "_taken", "_task", "_waiting")

    def __init__(self, stream: Stream[Any]) -> None:
        """Start reading; called in the stream's event loop."""
        self._stream = stream
        self._loop = asyncio.get_running_loop()
        self._queue: queue.SimpleQueue[Batch] = queue.SimpleQueue()
        self._put = 0  # batches put (by the loop) and taken (by the reader)
        self._taken = 0
        self._waiting = False  # the loop waits for the reader to take a batch
        self._demand = asyncio.Event()
        self._task: Optional[asyncio.Task[None]] = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        stream, put = self._stream, self._queue.put
        last: Batch = None
        try:
            while True:
                if self._put - self._taken >= AHEAD:
                    await self._wait_for_reader()
                lines = await stream._read_lines()
                if lines is None:
                    return
                self._put += 1
                put(lines)
        except OllamaError as exc:  # the socket is closed already
            last = exc
        finally:
            self._task = None
            put(last)  # the last word, always: the end, the error, or None when stopped

    async def _wait_for_reader(self) -> None:
        # The reader reads _waiting after counting its take, the loop counts
        # again after setting it: one of the two always sees the other.
        self._waiting = True
        while self._put - self._taken >= AHEAD:
            await self._demand.wait()
            self._demand.clear()
        self._waiting = False

    def get(self) -> Batch:
        """The next batch, waiting for it (interruptible: Ctrl-C raises `KeyboardInterrupt` here)."""
        batch = self._queue.get()
        if type(batch) is list:
            self._taken += 1
            if self._waiting:
                self._loop.call_soon_threadsafe(self._demand.set)
        return batch

    def stop(self) -> None:
        """In the loop: stop reading (the stream is closed by whoever stops the pump)."""
        task = self._task
        if task is not None:
            task.cancel()
