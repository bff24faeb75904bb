"""Scripted models for :class:`FakeOllama`: what each one answers, and how."""

from __future__ import annotations

import hashlib
import math
import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional

__all__ = ["FAULTS", "FakeModel", "embedding", "full_name", "tokenize"]

FAULTS = (
    "drop_mid_line",  # write half of a line, then drop the connection
    "drop_mid_stream",  # drop the connection between two lines
    "truncated_final",  # end the body cleanly in the middle of the final line
    "garbage_line",  # send a line that is not JSON
    "huge_line",  # send a 20 MB line
    "stall",  # go silent for `stall` seconds
    "slow_drip",  # send every byte in its own write
    "wrong_content_type",  # stream as text/html
    "http10",  # answer HTTP/1.0 with a close-delimited body
)
"""The names ``FakeModel(fault=...)`` accepts."""

# CJK characters come one or two to a token, other text one word (with the
# whitespace after it) to a token; joined back, the tokens give the text.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKEN = re.compile(rf"[{_CJK}]{{1,2}}\s*|[^\s{_CJK}]+\s*|\s+")


@dataclass(frozen=True)
class FakeModel:
    """A model FakeOllama serves, with a scripted answer.

    ``reply`` is streamed one word (or one or two CJK characters) per chunk,
    after ``thinking`` when thinking is on; ``tool_calls`` are sent on the
    final chat chunk when the request has ``tools`` and the last message is
    not a tool's result. ``token_delay`` seconds
    pass between chunks, ``load_delay`` before the headers. ``error_after=N``
    sends an ``{"error": ...}`` line after N reply tokens; ``end_without_done``
    ends the stream without its ``done: true`` chunk. ``embedding_dim`` is
    the length of its embeddings. ``fault`` (one of ``FAULTS``) breaks the
    stream after ``fault_after`` lines; ``stall`` is how long the ``"stall"``
    fault stays silent.
    """

    name: str
    reply: str = "Hello! How can I help you today?"
    thinking: Optional[str] = None
    tool_calls: Optional[Sequence[Mapping[str, Any]]] = None
    embedding_dim: int = 0
    capabilities: Sequence[str] = ("completion",)
    token_delay: float = 0.0
    family: str = "llama"
    parameter_size: str = "3.2B"
    quantization_level: str = "Q4_K_M"
    size: int = 2_019_393_189
    error_after: Optional[int] = None
    error_message: str = "model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details"
    end_without_done: bool = False
    system: str = ""
    template: str = "{{ .Prompt }}"
    load_delay: float = 0.0
    fault: Optional[str] = None
    fault_after: int = 0
    stall: float = 30.0

    def __post_init__(self) -> None:
        if self.fault is not None and self.fault not in FAULTS:
            raise ValueError(f"fault must be one of {', '.join(FAULTS)}; got {self.fault!r}")

    @property
    def digest(self) -> str:
        """A stable 64-hex manifest digest derived from the name."""
        return hashlib.sha256(full_name(self.name).encode()).hexdigest()


def full_name(name: str) -> str:
    """``llama3.2`` → ``llama3.2:latest``, as Ollama lists names."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


def tokenize(text: str) -> list[str]:
    """Split ``text`` into LLM-like tokens whose concatenation is ``text``."""
    return _TOKEN.findall(text)


def embedding(text: str, dimensions: int, *, normalize: bool) -> list[float]:
    """A deterministic vector for ``text``: equal texts, equal vectors."""
    values: list[float] = []
    counter = 0
    while len(values) < dimensions:
        block = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        values.extend(x / 2**31 - 1.0 for x in struct.unpack("<8I", block))
        counter += 1
    values = values[:dimensions]
    if normalize:
        norm = math.sqrt(sum(x * x for x in values)) or 1.0
        values = [x / norm for x in values]
    return values
