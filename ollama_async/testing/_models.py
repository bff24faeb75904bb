"""Scripted models for `FakeOllama`: what each one answers, and how."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
import secrets
import string
import struct
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Callable, Optional, Union

from ._errors import HTTPError
from ._faults import FAULTS

__all__ = [
    "FAULTS",
    "FakeModel",
    "HTTPError",
    "count_prompt_tokens",
    "default_models",
    "details",
    "embedding",
    "full_name",
    "layers",
    "parameter_count",
    "reply_tokens",
    "thinks_inline",
    "tokenize",
    "tool_call",
]

# CJK characters come one or two to a token, other text one word (with the
# whitespace after it) to a token; joined back, the tokens give the text.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKEN = re.compile(rf"[{_CJK}]{{1,2}}\s*|[^\s{_CJK}]+\s*|\s+")


@dataclasses.dataclass(frozen=True)
class FakeModel:
    """A model FakeOllama serves, with a scripted answer (every field but `name` keyword-only).

    `reply` is streamed one word (or one or two CJK characters) per chunk,
    after `thinking` when thinking is on; `tool_calls` are sent on the
    final chat chunk when the request has `tools` and the last message is
    not a tool's result; `tool_calls="auto"` calls the best-matching tool
    with arguments built from its schema, and answers its result in prose. `token_delay` seconds pass between chunks,
    `load_delay` before the headers. `error_after=N` sends an
    `{"error": error_message}` line after N reply tokens; `end_without_done`
    ends the stream without its `done: true` chunk. `embedding_dim` is the
    length of its embeddings (0: 8). `capabilities`, `family`,
    `parameter_size`, `quantization_level`, `size`, `system` and
    `template` are what `list`, `show` and `ps` report; a `template` that
    ends by opening `<think>` on a model without the `thinking` capability
    makes it stream its `thinking` in the reply text, closed by `</think>`
    (as QwQ- and R1-style GGUFs do). `fault` (one
    of `FAULTS`) breaks the stream after `fault_after` lines; `stall` is
    how long the `"stall"` fault stays silent. `tokenizer` replaces the
    default split into tokens (any function whose pieces join back to its input),
    e.g. to stream the sub-word pieces a real BPE model sends.
    """

    name: str
    if sys.version_info >= (3, 10):  # keyword-only fields need 3.10; 3.9 also takes them in order
        _: dataclasses.KW_ONLY
    reply: str = "Hello! How can I help you today?"
    thinking: Optional[str] = None
    tool_calls: Union[Sequence[Mapping[str, Any]], str, None] = None
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
    tokenizer: Optional[Callable[[str], list[str]]] = None

    def __post_init__(self) -> None:
        if self.fault is not None and self.fault not in FAULTS:
            raise ValueError(f"fault must be one of {', '.join(FAULTS)}; got {self.fault!r}")
        if isinstance(self.tool_calls, str) and self.tool_calls != "auto":
            raise ValueError(
                f'tool_calls must be a list of calls or "auto"; got {self.tool_calls!r}'
            )

    @property
    def digest(self) -> str:
        """A stable 64-hex manifest digest derived from the name."""
        return hashlib.sha256(full_name(self.name).encode()).hexdigest()


def thinks_inline(model: FakeModel) -> bool:
    """Whether `model`'s template pre-fills `<think>` and Ollama does not parse its thinking."""
    return "thinking" not in model.capabilities and model.template.rstrip().endswith("<think>")


def full_name(name: str) -> str:
    """`llama3.2` → `llama3.2:latest`, as Ollama lists names."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


def tokenize(text: str) -> list[str]:
    """Split `text` into LLM-like tokens whose concatenation is `text`."""
    return _TOKEN.findall(text)


def reply_tokens(model: FakeModel, text: str) -> list[str]:
    """The tokens `model` streams `text` in: its own `tokenizer`'s, or `tokenize`'s."""
    tokens = (model.tokenizer or tokenize)(text)
    if "".join(tokens) != text:
        raise HTTPError(500, f"the tokenizer of FakeModel {model.name!r} lost or changed text")
    return tokens


def embedding(text: str, dimensions: int, *, normalize: bool) -> list[float]:
    """A deterministic vector for `text`: equal texts, equal vectors."""
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


def default_models() -> list[FakeModel]:
    """What `FakeOllama()` installs: a tool-calling chat model, a thinking model, an embedder."""
    return [
        FakeModel("llama3.2", capabilities=("completion", "tools"), tool_calls="auto"),
        FakeModel(
            "qwen3",
            reply="The answer is 4.",
            thinking="Two plus two is four.",
            capabilities=("completion", "tools", "thinking"),
            family="qwen3",
            parameter_size="8.2B",
        ),
        FakeModel(
            "nomic-embed-text",
            embedding_dim=768,
            capabilities=("embedding",),
            family="nomic-bert",
            parameter_size="137M",
            quantization_level="F16",
            size=274_302_450,
        ),
    ]


def details(model: FakeModel) -> dict[str, Any]:
    """The `details` object of `list`, `show` and `ps`."""
    return {
        "parent_model": "",
        "format": "gguf",
        "family": model.family,
        "families": [model.family],
        "parameter_size": model.parameter_size,
        "quantization_level": model.quantization_level,
    }


def parameter_count(size: str) -> int:
    """`"3.2B"` → 3200000000, for `general.parameter_count`."""
    match = re.fullmatch(r"([\d.]+)([KMB]?)", size.strip().upper())
    if match is None:
        return 0
    scale = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9}[match.group(2)]
    return int(float(match.group(1)) * scale)


def layers(model: FakeModel) -> list[tuple[str, int]]:
    """(sha256 hex, size) of the model's weights and template layers."""
    weights = hashlib.sha256(f"weights:{model.name}".encode()).hexdigest()
    template = hashlib.sha256(f"template:{model.name}".encode()).hexdigest()
    return [(weights, model.size), (template, 1429)]


def tool_call(call: Mapping[str, Any], index: int) -> dict[str, Any]:
    """A tool call as Ollama sends it: an `id`, and `index` first in `function`."""
    function = dict(call.get("function") or {})
    alphabet = string.ascii_lowercase + string.digits
    identifier = call.get("id") or "call_" + "".join(secrets.choice(alphabet) for _ in range(8))
    return {"id": identifier, "function": {"index": function.pop("index", index), **function}}


def count_prompt_tokens(texts: Iterable[Any]) -> int:
    """A plausible `prompt_eval_count`: the texts' tokens plus template overhead."""
    return 8 + sum(len(tokenize(text)) + 3 for text in texts if isinstance(text, str))
