"""Text layout as the `ollama` CLI prints it: sizes, ages, Go durations, tables, timings.

Pure functions of their arguments (the current time is a parameter), so each
rule of ollama's `format` package and `tablewriter` setup is testable alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Optional

from .._responses import RunningModel, ShowResponse

__all__ = [
    "go_duration",
    "human_bytes",
    "human_time",
    "metrics_summary",
    "processor",
    "show_info",
    "table",
]

_UNITS = (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("KB", 10**3))


def human_bytes(size: int) -> str:
    """Ollama's `HumanBytes`: `999 B`, `1.0 KB` (1024), `1 KB` (1000), `17 GB`."""
    for unit, scale in _UNITS:
        if size >= scale:
            value = size / scale
            if value >= 10 or value == int(value):
                return f"{int(value)} {unit}"
            return f"{value:.1f} {unit}"
    return f"{size} B"


def _human_duration(seconds: float) -> str:
    if seconds < 1:
        return "Less than a second"
    if int(seconds) == 1:
        return "1 second"
    if seconds < 60:
        return f"{int(seconds)} seconds"
    minutes = int(seconds // 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)  # Go's math.Round: halves away from zero
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds // 3600) // 24 // 365} years"


def human_time(moment: Optional[datetime], now: datetime, zero: str = "Never") -> str:
    """Ollama's `HumanTime`: `About a minute ago`, `4 minutes from now`, `Forever`."""
    if moment is None:
        return zero
    delta = (now - moment).total_seconds()
    if int(delta / 3600) // 24 // 365 < -20 and delta < 0:
        return "Forever"
    if delta < 0:
        return _human_duration(-delta) + " from now"
    return _human_duration(delta) + " ago"


def _fraction(value: int, unit: int, digits: int) -> str:
    whole, rest = divmod(value, unit)
    return f"{whole}.{rest:0{digits}d}".rstrip("0") if rest else str(whole)


def go_duration(ns: int) -> str:
    """Go's `time.Duration.String`: `850µs`, `512.3ms`, `1.234567891s`, `2m3.5s`."""
    if ns == 0:
        return "0s"
    if ns < 1_000:
        return f"{ns}ns"
    if ns < 1_000_000:
        return _fraction(ns, 1_000, 3) + "µs"
    if ns < 1_000_000_000:
        return _fraction(ns, 1_000_000, 6) + "ms"
    minutes, rest = divmod(ns, 60_000_000_000)
    hours, minutes = divmod(minutes, 60)
    text = _fraction(rest, 1_000_000_000, 9) + "s"
    if hours or minutes:
        text = f"{minutes}m" + text
    if hours:
        text = f"{hours}h" + text
    return text


def metrics_summary(final: Mapping[str, Any]) -> str:
    """The `--verbose` block ollama prints after a reply (only the fields above zero)."""
    lines: list[str] = []

    def add(label: str, value: str) -> None:
        lines.append(f"{label + ':':<22}{value}\n")

    def number(key: str) -> int:
        value = final.get(key)
        return value if isinstance(value, int) else 0

    if number("total_duration"):
        add("total duration", go_duration(number("total_duration")))
    if number("load_duration"):
        add("load duration", go_duration(number("load_duration")))
    for prefix, label in (("prompt_eval", "prompt eval"), ("eval", "eval")):
        count, duration = number(f"{prefix}_count"), number(f"{prefix}_duration")
        if count:
            add(f"{label} count", f"{count} token(s)")
        if duration:
            add(f"{label} duration", go_duration(duration))
            add(f"{label} rate", f"{count / (duration / 1e9):.2f} tokens/s")
    return "".join(lines)


def table(header: Optional[Sequence[str]], rows: Sequence[Sequence[str]]) -> str:
    """`tablewriter` as ollama sets it up: every cell padded and followed by 4 spaces.

    The header's last cell is followed by one space instead (pinned in ollama's tests).
    """
    every = [header, *rows] if header is not None else list(rows)
    columns = max((len(row) for row in every if row is not None), default=0)
    widths = [
        max(len(row[i]) for row in every if row is not None and i < len(row))
        for i in range(columns)
    ]
    lines = []
    for index, row in enumerate(every):
        assert row is not None
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        if index == 0 and header is not None:
            lines.append("    ".join(cells) + " \n")
        else:
            lines.append("".join(cell + "    " for cell in cells) + "\n")
    return "".join(lines)


def processor(model: RunningModel) -> str:
    """The PROCESSOR column of `ps`: `100% GPU`, `100% CPU`, `48%/52% CPU/GPU`."""
    size, vram = model.size or 0, model.size_vram or 0
    if vram == 0:
        return "100% CPU"
    if vram == size:
        return "100% GPU"
    if vram > size or size == 0:
        return "Unknown"
    cpu = int((size - vram) / size * 100 + 0.5)
    return f"{cpu}%/{100 - cpu}% CPU/GPU"


def _number(value: Any) -> str:
    return (
        str(int(value)) if isinstance(value, (int, float)) and value == int(value) else str(value)
    )


def show_info(info: ShowResponse) -> str:
    """`ollama show MODEL`: Model, Capabilities, Parameters, System and License sections."""
    raw = info.raw
    model_info = raw.get("model_info")
    details = raw.get("details") or {}
    rows: list[list[str]] = []
    if raw.get("remote_host"):
        rows += [["", "Remote model", str(raw.get("remote_model", ""))]]
        rows += [["", "Remote URL", str(raw["remote_host"])]]
    if isinstance(model_info, Mapping):
        arch = str(model_info.get("general.architecture") or "")
        if arch:
            rows.append(["", "architecture", arch])
        parameters = details.get("parameter_size") or ""
        if parameters:
            rows.append(["", "parameters", parameters])
        for key, label in (
            ("context_length", "context length"),
            ("embedding_length", "embedding length"),
        ):
            if f"{arch}.{key}" in model_info:
                rows.append(["", label, _number(model_info[f"{arch}.{key}"])])
    else:
        rows.append(["", "architecture", details.get("family") or ""])
        rows.append(["", "parameters", details.get("parameter_size") or ""])
    rows.append(["", "quantization", details.get("quantization_level") or ""])
    if raw.get("requires"):
        rows.append(["", "requires", str(raw["requires"])])
    sections = [("Model", rows)]
    capabilities = raw.get("capabilities") or []
    if capabilities:
        sections.append(("Capabilities", [["", str(name)] for name in capabilities]))
    parameters_text = raw.get("parameters") or ""
    if parameters_text:
        parameter_rows = [["", *line.split()] for line in parameters_text.splitlines() if line]
        sections.append(("Parameters", parameter_rows))
    for title in ("System", "License"):
        text = raw.get(title.lower())
        if isinstance(text, str) and text:
            sections.append((title, _head(text, 2)))
    return "".join(f"  {title}\n{table(None, body)}\n" for title, body in sections)


def _head(text: str, count: int) -> list[list[str]]:
    """The first `count` non-blank lines of `text` as rows, then `...` if there is more."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rows = [["", line] for line in lines[:count]]
    return [*rows, ["", "..."]] if len(lines) > count else rows
