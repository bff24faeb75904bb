"""Ollama's model names (`types/model/name.go`): their parts, their validity, their display.

`[scheme://][host/][namespace/]model[:tag]`, cut from the right: the tag
after the last `:` that follows the last `/`, then the model, the namespace
and the host. Missing parts default to `registry.ollama.ai`, `library` and
`latest`; a part left empty between separators is invalid (protocol notes §1.6).
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["ModelName", "parse_name"]

_MISSING = "!MISSING!"  # Ollama's marker for a part left empty between separators
_DEFAULT_HOST = "registry.ollama.ai"
_DEFAULT_NAMESPACE = "library"
_FIRST = "A-Za-z0-9_"
_PART = {  # Go's isValidPart, by kind: `.` not in a namespace, `:` only in a host (its port)
    "host": re.compile(rf"[{_FIRST}][{_FIRST}.:-]{{0,349}}\Z"),
    "namespace": re.compile(rf"[{_FIRST}][{_FIRST}-]{{0,79}}\Z"),
    "model": re.compile(rf"[{_FIRST}][{_FIRST}.-]{{0,79}}\Z"),
    "tag": re.compile(rf"[{_FIRST}][{_FIRST}.-]{{0,79}}\Z"),
}


class ModelName(NamedTuple):
    """The parts of a model name, defaults filled in; `scheme` is `https` unless given."""

    host: str
    namespace: str
    model: str
    tag: str
    scheme: str = "https"

    @property
    def valid(self) -> bool:
        """Whether every part is a valid one (else Ollama answers `invalid model name`)."""
        parts = zip(("host", "namespace", "model", "tag"), self[:4])
        return all(_PART[kind].match(part) for kind, part in parts)

    def display(self) -> str:
        """The shortest form, as `list` shows it: `hf.co/Qwen/QwQ-32B-GGUF:latest`, `llama3.2:latest`."""
        if self.host.lower() != _DEFAULT_HOST:
            return f"{self.host}/{self.namespace}/{self.model}:{self.tag}"
        if self.namespace.lower() != _DEFAULT_NAMESPACE:
            return f"{self.namespace}/{self.model}:{self.tag}"
        return f"{self.model}:{self.tag}"

    def same(self, other: ModelName) -> bool:
        """Whether both name the same model, case ignored (Ollama's `EqualFold`)."""
        return all(a.lower() == b.lower() for a, b in zip(self[:4], other[:4]))


def parse_name(name: str) -> ModelName:
    """`name` cut into its parts as Ollama's `ParseName` cuts it."""
    tag = ""
    if name.rfind(":") > name.rfind("/"):
        name, tag = _cut(name, ":")
    rest, model = _cut(name, "/") if "/" in name else ("", name)
    rest, namespace = _cut(rest, "/") if "/" in rest else ("", rest)
    scheme, cut, host = rest.partition("://")
    if not cut:
        scheme, host = "", rest
    return ModelName(
        host or _DEFAULT_HOST,
        namespace or _DEFAULT_NAMESPACE,
        model,
        tag or "latest",
        scheme or "https",
    )


def _cut(text: str, separator: str) -> tuple[str, str]:
    """Cut at the last `separator`; an empty side becomes Ollama's missing-part marker."""
    before, _, after = text.rpartition(separator)
    return before or _MISSING, after or _MISSING
