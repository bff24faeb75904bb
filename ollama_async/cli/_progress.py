"""One progress bar across all layers of a pull, push or create."""

from __future__ import annotations

import time
from typing import Optional, TextIO

from .._responses import ProgressResponse

__all__ = ["ProgressBar", "format_bytes", "render"]

_WIDTH = 30


def format_bytes(size: float) -> str:
    """`1536` → `1.5 KB` (decimal units, as Ollama prints them)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def render(completed: int, total: int, rate: Optional[float]) -> str:
    """`[#######.......]  45%  0.9 GB/2.0 GB  35.2 MB/s  ETA 0:23`."""
    fraction = completed / total if total else 0.0
    filled = int(fraction * _WIDTH)
    bar = "#" * filled + "." * (_WIDTH - filled)
    text = f"[{bar}] {fraction:4.0%}  {format_bytes(completed)}/{format_bytes(total)}"
    if rate:
        remaining = (total - completed) / rate
        minutes, seconds = divmod(int(remaining), 60)
        text += f"  {format_bytes(rate)}/s  ETA {minutes}:{seconds:02d}"
    return text


class ProgressBar:
    """Sums `completed`/`total` over every digest seen and redraws one line."""

    def __init__(self, out: TextIO, verb: str = "pulling") -> None:
        self._out = out
        self._verb = verb
        self._tty = out.isatty()
        self._totals: dict[str, int] = {}
        self._done: dict[str, int] = {}
        self._status = ""
        self._started = time.monotonic()
        self._first_bytes: Optional[tuple[float, int]] = None
        self._drawn = False

    def update(self, progress: ProgressResponse) -> None:
        """Take one progress object into account and redraw."""
        if progress.digest and progress.total:
            self._totals[progress.digest] = progress.total
            self._done[progress.digest] = progress.completed or 0
            self._draw_bar()
        elif progress.status != self._status:
            self._status = progress.status
            self._line(progress.status)

    def _draw_bar(self) -> None:
        total = sum(self._totals.values())
        completed = sum(self._done.values())
        now = time.monotonic()
        if self._first_bytes is None:
            self._first_bytes = (now, completed)
        since, base = self._first_bytes
        rate = (completed - base) / (now - since) if now - since > 0.2 else None
        text = f"{self._verb} {len(self._totals)} layer(s) {render(completed, total, rate)}"
        if self._tty:
            self._out.write("\r\x1b[K" + text)
            self._drawn = True
        elif completed >= total:
            self._out.write(text + "\n")
        self._out.flush()

    def close(self) -> None:
        """End a half-drawn bar line, so what follows (a prompt, an error) starts on its own line."""
        if self._drawn:
            self._out.write("\n")
            self._out.flush()
            self._drawn = False

    def _line(self, text: str) -> None:
        if self._drawn:
            self._out.write("\n")
            self._drawn = False
        self._out.write(text + "\n")
        self._out.flush()
