"""The I/O-free NDJSON decoder: response bytes in, JSON objects out.

Bytes go in with `NDJSONDecoder.feed` in any chunking (one read may
hold many lines, one line may span many reads, a UTF-8 character may be cut
between reads); each complete line comes out as a parsed object. End of
input is explicit: `NDJSONDecoder.feed_eof` returns a final line that
had no `\\n` and reports one that was cut off. A reader that parses each
line only when it hands it out uses `NDJSONDecoder.split` (complete
lines, unparsed) and `NDJSONDecoder.decode` (one line) instead of
`feed`.

Lines are split on `b"\\n"` only, never on U+0085 or U+2028, which Go
leaves raw inside JSON strings; a trailing `\\r` and blank lines are
ignored. Each byte is searched for a newline once, so a long line arriving
in small pieces costs O(n). An `{"error": ...}` line is an object like any
other: the stream layer turns it into `ollama_async.StreamError`.
"""

from __future__ import annotations

from typing import Any, Optional, TypeVar

import orjson

from ._constants import MAX_LINE_BYTES
from ._exceptions import IncompleteStreamError, LineTooLongError, ProtocolError

__all__ = ["NDJSONDecoder"]

_loads = orjson.loads
_JSONDecodeError = orjson.JSONDecodeError
T = TypeVar("T")


class NDJSONDecoder:
    """Incremental decoder of newline-delimited JSON objects.

    `max_line_bytes` bounds one line (default 16 MiB); a longer line raises
    `LineTooLongError` as soon as the limit is passed, without waiting
    for its end.
    """

    __slots__ = ("_error", "_tail", "max_line_bytes")

    def __init__(self, max_line_bytes: int = MAX_LINE_BYTES) -> None:
        if max_line_bytes < 1:
            raise ValueError(f"max_line_bytes must be positive, got {max_line_bytes}")
        self.max_line_bytes = max_line_bytes
        self._tail = bytearray()
        # An error found after good lines in the same read is raised on the
        # next call, so the lines before it are handed out first.
        self._error: Optional[ProtocolError] = None

    @property
    def pending(self) -> int:
        """How many bytes of an unfinished line are buffered."""
        return len(self._tail)

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        """Add bytes; return the objects of every line they complete."""
        lines = self.split(data)
        decode = self.decode
        objects: list[dict[str, Any]] = []
        try:
            for line in lines:
                obj = decode(line)
                if obj is not None:
                    objects.append(obj)
        except ProtocolError as exc:
            return self._defer(objects, exc)
        return objects

    def split(self, data: bytes) -> list[bytes]:
        """Add bytes; return every line they complete, unparsed: `decode` parses one.

        For a reader that parses each line only when it hands it out, so a
        read of many lines never holds many parsed objects at once (the
        garbage collector would walk them all, again and again).
        """
        if self._error is not None:
            raise self._error
        limit = self.max_line_bytes
        end = data.rfind(b"\n")
        tail = self._tail
        if end < 0:
            tail += data
            if len(tail) > limit:
                self._too_long(len(tail))
            return []
        if not tail:
            if end == len(data) - 1 and data.find(b"\n") == end:
                # The common case: the server flushed exactly one whole line.
                if end > limit:
                    self._too_long(end)
                return [data[:end]]
            block = data[: end + 1]
        else:
            tail += data[: end + 1]
            block = bytes(tail)
        self._tail = bytearray(data[end + 1 :])
        lines = block.split(b"\n")
        lines.pop()  # the block ends with b"\n"
        if len(block) > limit:
            for index, line in enumerate(lines):
                if len(line) > limit:
                    try:
                        self._too_long(len(line))
                    except ProtocolError as exc:
                        return self._defer(lines[:index], exc)
        if len(self._tail) > limit:
            try:
                self._too_long(len(self._tail))
            except ProtocolError as exc:
                return self._defer(lines, exc)
        return lines

    def feed_eof(self) -> list[dict[str, Any]]:
        """Signal the end of input; return the last line if it lacked `\\n`.

        Raises `IncompleteStreamError` when the last line was cut off.
        """
        if self._error is not None:
            raise self._error
        tail, self._tail = self._tail, bytearray()
        if not tail.strip():
            return []
        try:
            obj = self.decode(bytes(tail))
        except ProtocolError:
            preview = bytes(tail[:80]).decode("utf-8", "replace")
            raise IncompleteStreamError(
                f"the response ended in the middle of a line ({len(tail)} bytes: {preview!r}...)"
            ) from None
        return [] if obj is None else [obj]

    def split_eof(self) -> list[bytes]:
        """Like `feed_eof`, but the last line comes out unparsed, as from `split`."""
        tail = bytes(self._tail)
        return [tail] if self.feed_eof() else []

    def _defer(self, items: list[T], exc: ProtocolError) -> list[T]:
        """Hand out what came before an error now, and raise the error on the next call."""
        if not items:
            raise exc
        self._error = exc
        return items

    @staticmethod
    def decode(line: bytes) -> Optional[dict[str, Any]]:
        """Parse one line from `split`; `None` for a blank line.

        Raises `ProtocolError` for a line that is not a JSON object.
        """
        try:
            obj = _loads(line)
        except _JSONDecodeError as exc:
            if not line.strip():
                return None
            preview = line[:200].decode("utf-8", "replace")
            raise ProtocolError(
                f"the server sent a line that is not JSON ({exc}): {preview!r}"
            ) from None
        if type(obj) is not dict:
            preview = line[:200].decode("utf-8", "replace")
            raise ProtocolError(f"the server sent a JSON line that is not an object: {preview!r}")
        return obj

    def _too_long(self, size: int) -> None:
        self._tail = bytearray()
        raise LineTooLongError(
            f"an NDJSON line exceeded max_line_bytes={self.max_line_bytes} (at least {size} bytes); "
            "raise max_line_bytes on the AsyncClient if the server really sends lines this long"
        )
