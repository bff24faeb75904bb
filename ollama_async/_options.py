"""The `options` of a request: every key Ollama reads, its type and range (protocol notes §4.1).

Ollama ignores unknown keys without a word (`max_tokens` does nothing) and
answers a wrong-typed value with HTTP 500, so both are caught here, with
the key that does the job when the caller used another API's name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

from ._content import as_dict
from ._exceptions import RequestError
from ._types import OptionsInput

__all__ = ["OPTION_TYPES", "encode_options"]

_INT, _FLOAT, _STRINGS, _OPT_INT, _OPT_BOOL = (
    "int",
    "float",
    "list of str",
    "int or None",
    "bool or None",
)

OPTION_TYPES: dict[str, str] = {
    "num_keep": _INT,
    "seed": _INT,
    "num_predict": _INT,
    "top_k": _INT,
    "top_p": _FLOAT,
    "min_p": _FLOAT,
    "typical_p": _FLOAT,
    "repeat_last_n": _INT,
    "temperature": _FLOAT,
    "repeat_penalty": _FLOAT,
    "presence_penalty": _FLOAT,
    "frequency_penalty": _FLOAT,
    "stop": _STRINGS,
    "num_ctx": _INT,
    "num_batch": _INT,
    "num_gpu": _INT,
    "main_gpu": _OPT_INT,
    "use_mmap": _OPT_BOOL,
    "num_thread": _INT,
    "draft_num_predict": _INT,
}
"""Every valid `options` key and the type Ollama requires (§4.1)."""

# Names from other APIs that Ollama silently ignores, and the key that does the job.
_OPTION_ALIASES = {
    "max_tokens": "num_predict",
    "max_new_tokens": "num_predict",
    "max_completion_tokens": "num_predict",
    "n_predict": "num_predict",
    "num_tokens": "num_predict",
    "context_length": "num_ctx",
    "context_window": "num_ctx",
    "n_ctx": "num_ctx",
    "num_context": "num_ctx",
    "stop_sequences": "stop",
    "stop_words": "stop",
    "repetition_penalty": "repeat_penalty",
    "n_gpu_layers": "num_gpu",
    "gpu_layers": "num_gpu",
    "n_threads": "num_thread",
    "threads": "num_thread",
    "n_batch": "num_batch",
    "n_keep": "num_keep",
    "random_seed": "seed",
}
_REMOVED_OPTIONS = frozenset(
    {"penalize_newline", "numa", "mirostat", "mirostat_eta", "mirostat_tau", "tfs_z", "low_vram",
     "f16_kv", "vocab_only", "use_mlock", "logits_all", "rope_frequency_base", "rope_frequency_scale"}
)  # fmt: skip

# (minimum, maximum) for values the server would turn into nonsense or an error.
_OPTION_RANGES: dict[str, tuple[float, float]] = {
    "num_predict": (-2, math.inf),
    "num_ctx": (4, math.inf),  # Ollama raises smaller values to 4 (protocol notes §4.1)
    "num_batch": (1, math.inf),
    "num_thread": (0, math.inf),
    "num_keep": (-1, math.inf),
    "top_k": (0, math.inf),
    "top_p": (0, 1),
    "min_p": (0, 1),
    "typical_p": (0, 1),
    "temperature": (0, math.inf),
    "repeat_last_n": (-1, math.inf),
}


def encode_options(
    options: Union[OptionsInput, Mapping[str, Any], None],
    name: str = "options",
    *,
    strict: bool = True,
) -> Optional[dict[str, Any]]:
    """Check option keys and value types; unknown keys are errors unless `strict` is off.

    Ollama ignores unknown keys silently (`max_tokens` does nothing) and
    answers a wrong-typed value with HTTP 500, so both are caught here.
    Options left `None` are not sent.
    """
    if options is None:
        return None
    given = as_dict(options, name)
    if given is None:
        raise RequestError(
            f"{name} must be a dict such as {{'temperature': 0}} or an ollama.Options, "
            f"got {type(options).__name__}"
        )
    encoded: dict[str, Any] = {}
    for key, value in given.items():
        kind = OPTION_TYPES.get(key)
        if kind is None:
            if strict:
                raise RequestError(_unknown_option_message(key))
        else:
            _check_option(key, kind, value)
        encoded[key] = list(value) if kind == _STRINGS else value
    return encoded


def _unknown_option_message(key: str) -> str:
    message = f"unknown option {key!r}: Ollama would ignore it without a word"
    if key in _OPTION_ALIASES:
        return f"{message}; use {_OPTION_ALIASES[key]!r} instead"
    if key in _REMOVED_OPTIONS:
        return f"{message}; Ollama no longer supports it, remove it"
    import difflib  # only for the message of a mistake

    close = difflib.get_close_matches(str(key), OPTION_TYPES, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(OPTION_TYPES)}"
    return f"{message}{hint} (AsyncClient(strict_options=False) sends unknown keys as they are)"


def _check_option(key: str, kind: str, value: Any) -> None:
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if kind == _STRINGS:
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise RequestError(
                f"option {key!r} must be a list of strings, e.g. {{'stop': [{value!r}]}}"
            )
        if not all(isinstance(item, str) for item in value):
            raise RequestError(f"option {key!r} must be a list of strings, got {value!r}")
        return
    if kind in (_INT, _OPT_INT):
        ok = is_int or (isinstance(value, float) and value.is_integer())
    elif kind == _FLOAT:
        ok = is_int or (isinstance(value, float) and math.isfinite(value))
    else:
        ok = isinstance(value, bool)
    if not ok:
        raise RequestError(
            f"option {key!r} must be {'a finite number' if kind == _FLOAT else kind}, got {value!r}"
        )
    low, high = _OPTION_RANGES.get(key, (-math.inf, math.inf))
    if not low <= value <= high:
        if key == "num_predict":
            raise RequestError(
                f"option 'num_predict' must be a token count >= 0, or -1 for no limit (Ollama stops at 10 × num_ctx; -2 is read the same), got {value}"
            )
        bounds = f"at least {low}" if high == math.inf else f"from {low} to {high}"
        raise RequestError(f"option {key!r} must be {bounds}, got {value!r}")
