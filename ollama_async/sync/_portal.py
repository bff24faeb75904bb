"""The portal: one event loop in a daemon thread that runs the async core for sync code.

There is one portal per process, started on first use, shared by every
sync `Client`. One loop is enough: it only waits on sockets (the parsing
of a stream's lines runs in the caller's thread, see `_streams.py`), and
an `AsyncClient` keeps one connection pool per event loop, so every sync
client still has its own pool, while a process with many clients does not
get a thread (and a pool of idle keep-alive sockets) per client.

Lifecycle (after anyio's `BlockingPortal`):

- **Start**: lazily, in the first call; the thread is a daemon, so a
  program that never closes its clients is never kept alive by them.
- **Stop**: at interpreter exit (`atexit`, which runs after the
  non-daemon threads have been joined), the loop is stopped and
  shut down as `asyncio.run()` does — the tasks still running are
  cancelled, the async generators finalised (that closes every client's
  aiohttp session of this loop, so nothing warns about unclosed sessions),
  the default executor joined, the loop closed.
- **Fork**: the child inherits the parent's loop object but not its thread.
  `os.register_at_fork(after_in_child=...)` forgets the parent's loop
  (without closing it: its selector and sockets are the parent's too), so
  the child starts a loop of its own on first use, and each client opens a
  new pool in it: the child never reads or closes the parent's connections.
- **Calls** cross the boundary both ways: the caller's thread blocks on a
  lock until the coroutine's task is done and gets its result or its
  exception (with the traceback from the loop). A `KeyboardInterrupt` (or
  any exception a signal handler raises) while waiting cancels the task —
  which closes its socket — waits for the cancellation to finish, then
  propagates, so the client stays usable.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
from collections.abc import Coroutine
from typing import Any, Callable, Optional, TypeVar

__all__ = ["Portal", "portal"]

T = TypeVar("T")

_running_loop = asyncio._get_running_loop  # None outside a loop, without raising


class _Call:
    """One coroutine run in the portal's loop for a waiting thread."""

    __slots__ = ("coroutine", "done", "error", "result", "task")

    def __init__(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self.coroutine = coroutine
        self.done = threading.Lock()
        self.done.acquire()  # released by finish(), in the loop
        self.task: Optional[asyncio.Task[Any]] = None
        self.result: Any = None
        self.error: Optional[BaseException] = None

    def start(self) -> None:
        self.task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        # The waiting thread is woken from inside the task's last step: a done
        # callback would cost another turn of the loop on every call.
        try:
            self.result = await self.coroutine
        except BaseException as exc:  # cancelled too: it crosses to the waiting thread
            self.error = exc
        finally:
            self.done.release()

    def cancel(self) -> None:
        task = self.task
        if task is not None:
            task.cancel()


class Portal:
    """An event loop in a daemon thread, started on first use; see the module docstring."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def running(self) -> bool:
        """Whether the loop's thread has been started (and not stopped)."""
        return self._loop is not None

    def call(self, function: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        """Run `function(*args)` in the portal's loop; wait for its result (or its exception)."""
        loop = self._loop or self._start()
        if _running_loop() is loop:
            raise RuntimeError(
                "ollama_async.sync was called from inside its own event loop thread; "
                "use ollama_async.AsyncClient there"
            )
        call = _Call(function(*args))
        loop.call_soon_threadsafe(call.start)
        try:
            call.done.acquire()
        except BaseException:  # KeyboardInterrupt while waiting: cancel, let it close its socket
            loop.call_soon_threadsafe(call.cancel)
            call.done.acquire()
            raise
        error = call.error
        if error is not None:
            call.error = None  # no reference cycle through the traceback
            raise error
        result: T = call.result
        return result

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=_serve, args=(loop,), name="ollama_async.sync", daemon=True
                )
                thread.start()
                self._thread, self._loop = thread, loop
            return self._loop

    def stop(self) -> None:
        """Stop the loop and wait for its shutdown; the next call starts a new one."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()

    def _forget(self) -> None:
        """In a forked child: drop the parent's loop unclosed, it is not ours to close."""
        if self._loop is not None:
            _FORSAKEN.append(self._loop)  # never collected: its __del__ would warn
        self._reset()


def _serve(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    try:
        loop.run_forever()
    finally:
        try:
            tasks = asyncio.all_tasks(loop)
            for task in tasks:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())  # closes the sessions
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


_FORSAKEN: list[asyncio.AbstractEventLoop] = []

portal = Portal()
"""The process's portal, shared by every sync client."""

atexit.register(portal.stop)
if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=portal._forget)
