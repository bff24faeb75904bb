"""The aiohttp internals the transport relies on, each in one function, with where it was checked.

aiohttp's public API leaves out what the transport needs for its own read
deadline, for pools per event loop (and letting go of a finished loop's), and
for noticing at once that a response's connection is gone or its parser gave
up. Each function below names the internal it touches. All
of them were read in the source of, and are exercised by the suite on, the
newest patch release of every aiohttp line `pyproject.toml` allows:
3.10.11, 3.11.18, 3.12.15, 3.13.5 and 3.14.5 (`make check` runs the suite on
the lowest of these and on the newest). Only `_transport.py` imports this.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Optional

import aiohttp

__all__ = [
    "cut_short",
    "mark_connector_closed",
    "session_loop",
    "stop_read_timer",
    "watch_connection_lost",
]

# aiohttp's own words, in ResponseHandler.connection_lost, for a body the connection
# ended before its declared end (the same on every line above).
_CUT_SHORT = "Response payload is not completed"


def stop_read_timer(protocol: Any) -> None:
    """Stop aiohttp's `sock_read` timer for the rest of the response on `protocol`.

    `ResponseHandler.read_timeout` (a property): `data_received` re-creates a
    timer from it on every network read; the transport keeps one deadline
    per body instead.
    """
    protocol.read_timeout = None


def session_loop(session: aiohttp.ClientSession) -> Optional[asyncio.AbstractEventLoop]:
    """The event loop `session` was made in (`ClientSession._loop`), `None` if unknown."""
    return getattr(session, "_loop", None)


def mark_connector_closed(connector: aiohttp.BaseConnector) -> None:
    """Mark closed a connector whose event loop is gone (`BaseConnector._close()`).

    Its sockets died with the loop; `close()` would need that loop. Marking
    it closed stops its "unclosed connector" warning at garbage collection.
    """
    connector._close()


def watch_connection_lost(
    protocol: Any, callback: Callable[[Optional[BaseException]], None]
) -> Callable[[], None]:
    """Call `callback` once `protocol`'s connection is lost, after aiohttp handled the loss.

    Returns the function that stops watching (call it before the connection
    goes back to the pool or is closed). `callback` gets the error aiohttp
    recorded on the protocol (its parser's `HttpProcessingError` when the
    parser failed), or `None`. aiohttp has no such hook on every line (3.12
    added a `closed` future; 3.10 and 3.11 have nothing), but asyncio calls
    `protocol.connection_lost` looked up on the instance, which has a
    `__dict__` (`ResponseHandler` declares no `__slots__`): an attribute
    there wraps aiohttp's method. It is set once per response, so reading
    costs nothing. If the connection is lost already, `callback` runs soon.
    """
    if protocol.transport is None:  # lost before the body was opened
        handle = asyncio.get_running_loop().call_soon(callback, protocol.exception())
        return handle.cancel
    handle_loss = type(protocol).connection_lost

    def connection_lost(exc: Optional[BaseException]) -> None:
        unwatch()
        try:
            handle_loss(protocol, exc)
        finally:
            callback(protocol.exception())

    def unwatch() -> None:
        # Only its own wrapper: aiohttp returns a connection to the pool at the
        # body's end, and the next response on it may be watching it already.
        if protocol.connection_lost is connection_lost:
            del protocol.connection_lost

    # Set and deleted as attributes, never through vars(): on Python 3.11+ that
    # would turn the protocol's inline attributes into a dict, and every attribute
    # read of aiohttp's parsing path would get slower (benchmarks/bench_read_deadline.py
    # has a row for a watched connection).
    protocol.connection_lost = connection_lost
    return unwatch


def cut_short(error: aiohttp.ClientPayloadError) -> bool:
    """Whether aiohttp raised `error` because the connection ended before the body did."""
    return str(error).startswith(_CUT_SHORT)
