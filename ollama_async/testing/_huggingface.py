"""Hugging Face's Ollama registry as FakeOllama answers it: every GGUF repository, every quant.

`ollama pull hf.co/{user}/{repo}:{quant}` (or `huggingface.co/…`, or the
`hf-mirror.com/…` mirror) asks that host for the manifest of tag `{quant}`:
Hugging Face builds it from the repository's GGUF file of that quantisation,
with a Go template and parameters mapped from the file's chat template. No
tag (`latest`) picks `Q4_K_M`, the quant Hugging Face prefers. Quants are
matched case-insensitively; the name is installed as it was spelled.

Hugging Face's refusals reach the user as Ollama wraps any registry error,
`pull model manifest: <status>: <body>` (`server/images.go`), for example
`pull model manifest: 400: {"error":"The specified tag is not a valid
quantization scheme. Please use another tag or \\"latest\\""}`.

What is invented here, as nothing is downloaded: a repository whose name
contains `GGUF` holds every quant; the size comes from the parameter count in
its name (`QwQ-32B` → 32B) and the quant's bits per weight; the family from
its name. QwQ- and R1-style repositories get a template that pre-fills
`<think>`, as theirs do, and so answer with their reasoning first in the
reply text, closed by `</think>` (see `FakeModel.template`).
"""

from __future__ import annotations

import json
import re
from typing import Optional

from ._models import FakeModel
from ._names import parse_name

__all__ = ["HOSTS", "QUANTS", "RegistryError", "hugging_face"]

HOSTS = ("hf.co", "huggingface.co", "hf-mirror.com")
"""The hosts that serve Hugging Face's Ollama registry (the last a mirror of it)."""

DEFAULT_QUANT = "Q4_K_M"

QUANTS: dict[str, float] = {
    # Hugging Face's GGUF file types (huggingface.js `GGMLFileQuantizationType`),
    # with the bits per weight of a whole file in that type.
    "F32": 32.0, "F16": 16.0, "BF16": 16.0,
    "Q8_0": 8.5, "Q6_K": 6.6, "Q5_K_M": 5.7, "Q5_K_S": 5.5, "Q5_1": 6.0, "Q5_0": 5.5,
    "Q4_K_M": 4.85, "Q4_K_S": 4.6, "Q4_1": 5.0, "Q4_0": 4.5, "Q4_1_SOME_F16": 5.0,
    "Q4_2": 5.0, "Q4_3": 6.0, "Q4_0_4_4": 4.5, "Q4_0_4_8": 4.5, "Q4_0_8_8": 4.5,
    "Q3_K_L": 4.3, "Q3_K_M": 3.9, "Q3_K_S": 3.5, "Q2_K": 3.0, "Q2_K_S": 2.9,
    "IQ4_NL": 4.5, "IQ4_XS": 4.25, "IQ3_M": 3.66, "IQ3_S": 3.44, "IQ3_XS": 3.3,
    "IQ3_XXS": 3.06, "IQ2_M": 2.7, "IQ2_S": 2.5, "IQ2_XS": 2.31, "IQ2_XXS": 2.06,
    "IQ1_M": 1.75, "IQ1_S": 1.56, "TQ2_0": 2.06, "TQ1_0": 1.69,
    "MXFP4_MOE": 4.25, "NVFP4": 4.5, "Q1_0": 1.5,
    # Unsloth's and bartowski's names for K quants with larger embeddings.
    "Q8_K_XL": 9.0, "Q6_K_XL": 7.0, "Q6_K_L": 6.9, "Q5_K_XL": 6.0, "Q5_K_L": 6.0,
    "Q4_K_XL": 5.1, "Q4_K_L": 5.1, "Q3_K_XL": 4.3, "Q2_K_XL": 3.3, "Q2_K_L": 3.3,
}  # fmt: skip
"""Every quant tag Hugging Face accepts (upper case), with its bits per weight."""

_SIZE_VARIANTS = {"": 0.0, "_L": 0.3, "_XL": 0.3}  # `Q4_K_M_L`: embeddings kept at Q8_0
_DEFAULT_PARAMETERS = 7_000_000_000  # a repo whose name gives no size

# Families whose chat templates end by opening the reasoning block (`<think>\n`),
# matched anywhere in the repository's name, case ignored.
_PREFILLING = (
    "qwq", "deepseek-r1", "r1-distill", "openthinker", "deepscaler", "exaone-deep",
    "smallthinker",
)  # fmt: skip

# (part of the repository's name, GGUF architecture), the first match wins.
_FAMILIES = (
    ("distill-qwen", "qwen2"), ("distill-llama", "llama"), ("deepseek", "deepseek2"),
    ("qwq", "qwen2"), ("qwen3", "qwen3"), ("qwen", "qwen2"), ("thinker", "qwen2"),
    ("deepscaler", "qwen2"), ("gemma-3", "gemma3"), ("gemma3", "gemma3"), ("gemma", "gemma2"),
    ("phi", "phi3"), ("exaone", "exaone"), ("gpt-oss", "gptoss"),
)  # fmt: skip

# `32B`, `1.5B`, `135M`, `8x7B`: a size on its own between separators.
_SIZE = re.compile(r"(?<![A-Za-z0-9.])(?:(\d+)x)?(\d+(?:\.\d+)?)([BM])(?![A-Za-z0-9])", re.I)

_CHATML = (
    "{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}"
    "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}"
    "<|im_start|>assistant\n"
)
_DEEPSEEK = (
    "{{- if .System }}{{ .System }}{{ end }}"
    '{{- range .Messages }}{{ if eq .Role "user" }}<｜User｜>{{ .Content }}'
    "{{ else }}<｜Assistant｜>{{ .Content }}<｜end▁of▁sentence｜>{{ end }}{{ end }}"
    "<｜Assistant｜>"
)
_THINKING = (
    "Okay, so the user wants an answer. Let me think about what they are asking, "
    "keep it short, and then reply."
)
_ANSWER = "Here is my answer: hello! How can I help you today?"


class RegistryError(LookupError):
    """A pull the registry refuses; `str(error)` is what Ollama reports in the stream."""


def hugging_face(name: str) -> Optional[FakeModel]:
    """The model `name` pulls from Hugging Face, or `None` when it names no Hugging Face host.

    Raises `RegistryError` with Ollama's words when Hugging Face would refuse
    it: a repository that is not a GGUF one, or a tag that is no quant.
    """
    parts = parse_name(name)
    if parts.host.lower() not in HOSTS:
        return None
    repository = parts.model
    if "gguf" not in repository.lower():
        raise _refused(400, "Repository is not GGUF or is not compatible with llama.cpp")
    latest = parts.tag.lower() == "latest"
    quant = DEFAULT_QUANT if latest else parts.tag.upper()
    bits = _bits(quant)
    if bits is None:
        raise _refused(
            400,
            'The specified tag is not a valid quantization scheme. Please use another tag or "latest"',
        )
    parameters = _parameters(repository)
    lower = repository.lower()
    prefills = any(family in lower for family in _PREFILLING)
    family = next((arch for part, arch in _FAMILIES if part in lower), "llama")
    template = _DEEPSEEK if "deepseek" in lower else _CHATML
    return FakeModel(
        name,
        reply=_ANSWER if prefills else FakeModel.reply,
        thinking=_THINKING if prefills else None,
        family=family,
        parameter_size=_human_count(parameters),
        quantization_level=quant.removeprefix("UD-"),
        size=int(parameters * bits / 8),
        template=template + ("<think>\n" if prefills else ""),
    )


def _bits(quant: str) -> Optional[float]:
    """Bits per weight of a quant tag (`UD-` prefix and `_L`/`_XL` variants allowed)."""
    base = quant[3:] if quant.startswith("UD-") else quant
    for suffix, extra in _SIZE_VARIANTS.items():
        if suffix and not base.endswith(suffix):
            continue
        bits = QUANTS.get(base[: len(base) - len(suffix)])
        if bits is not None:
            return bits + extra
    return None


def _parameters(repository: str) -> int:
    """The parameter count a repository's name gives (`Mixtral-8x7B` → 56B), else 7B."""
    match = _SIZE.search(repository)
    if match is None:
        return _DEFAULT_PARAMETERS
    experts, count, unit = match.groups()
    scale = 10**9 if unit.upper() == "B" else 10**6
    return int(float(count) * scale * int(experts or 1))


def _human_count(count: int) -> str:
    """`32000000000` → `32B`, `135000000` → `135M`, as `details.parameter_size` reads."""
    if count >= 10**9:
        return f"{count / 10**9:.4g}B"
    return f"{count / 10**6:.4g}M"


def _refused(status: int, message: str) -> RegistryError:
    """Hugging Face's error body, as Ollama wraps it."""
    body = json.dumps({"error": message}, separators=(",", ":"))
    return RegistryError(f"pull model manifest: {status}: {body}")
