"""Facts about Ollama that FakeOllama answers by, copied from the protocol notes.

Section numbers (§) are those of `ollama-protocol.md`, the wire reference
this project builds against. FakeOllama is an oracle for the client, so it
takes none of these from the client's own tables: a test pins both to the
notes, and a wrong entry on either side fails it.
"""

from __future__ import annotations

__all__ = [
    "OLLAMA_VERSION",
    "OPTION_KINDS",
    "REQUEST_FIELDS",
    "THINK_LEVELS",
    "TOP_LOGPROBS_MAX",
]

OLLAMA_VERSION = "0.33.0"
"""What `/api/version` reports: the current release line (§0: snapshot tag v0.33.0-rc2)."""

OPTION_KINDS: dict[str, str] = {
    # api.Options, per-request sampling (§4.1)
    "num_keep": "integer",
    "seed": "integer",
    "num_predict": "integer",
    "top_k": "integer",
    "top_p": "float32",
    "min_p": "float32",
    "typical_p": "float32",
    "repeat_last_n": "integer",
    "temperature": "float32",
    "repeat_penalty": "float32",
    "presence_penalty": "float32",
    "frequency_penalty": "float32",
    "stop": "array",
    # api.Runner, load-time (§4.1); main_gpu and use_mmap may be null
    "num_ctx": "integer",
    "num_batch": "integer",
    "num_gpu": "integer",
    "main_gpu": "integer",
    "use_mmap": "boolean",
    "num_thread": "integer",
    "draft_num_predict": "integer",
}
"""Every valid `options` key and the Go type `FromMap` names when its value is wrong (§4.2)."""

THINK_LEVELS = ("low", "medium", "high", "max")
"""The strings `think` accepts besides `true` and `false` (§4.4, §8.5)."""

TOP_LOGPROBS_MAX = 20
"""`top_logprobs` must lie in 0..20 (§4.9, §8.4)."""

_MODEL = {"model": "string", "name": "string"}
_INFERENCE = {
    **_MODEL,
    "keep_alive": "api.Duration",
    "think": "api.ThinkValue",
    "stream": "bool",
    "options": "map[string]interface {}",
    "truncate": "bool",
    "shift": "bool",
    "logprobs": "bool",
    "top_logprobs": "int",
}
_TRANSFER = {**_MODEL, "stream": "bool", "insecure": "bool"}

REQUEST_FIELDS: dict[str, dict[str, str]] = {
    "GenerateRequest": {  # §5.3
        **_INFERENCE,
        **dict.fromkeys(("prompt", "suffix", "system", "template"), "string"),
        "context": "[]int",
        "raw": "bool",
    },
    "ChatRequest": {**_INFERENCE, "messages": "[]api.Message", "tools": "api.Tools"},  # §5.4
    "EmbedRequest": {  # §5.5
        **_MODEL,
        "keep_alive": "api.Duration",
        "options": "map[string]interface {}",
        "truncate": "bool",
        "dimensions": "int",
    },
    "EmbeddingRequest": {  # §5.6
        **_MODEL,
        "prompt": "string",
        "keep_alive": "api.Duration",
        "options": "map[string]interface {}",
    },
    "ShowRequest": {**_MODEL, "system": "string", "verbose": "bool"},  # §5.8
    "PullRequest": _TRANSFER,  # §5.10
    "PushRequest": _TRANSFER,  # §5.11
    "CreateRequest": {  # §5.12
        **_MODEL,
        **dict.fromkeys(("from", "quantize", "template", "system"), "string"),
        "stream": "bool",
        "files": "map[string]string",
        "adapters": "map[string]string",
        "parameters": "map[string]interface {}",
        "messages": "[]api.Message",
    },
    "CopyRequest": {"source": "string", "destination": "string"},  # §5.13
    "DeleteRequest": _MODEL,  # §5.14
}
"""The typed fields of Ollama's request structs (`api/types.go`), by Go type."""
