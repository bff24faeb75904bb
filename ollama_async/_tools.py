"""Turn a plain Python function into an Ollama tool definition (protocol notes §4.8).

The signature gives the parameters and their JSON types, the docstring
(Google `Args:` or reST `:param x:` style) the descriptions. Results
are cached per function, so passing the same functions on every chat call
costs one dictionary lookup.
"""

from __future__ import annotations

import collections.abc
import contextlib
import enum
import inspect
import re
import types
import typing
import weakref
from typing import Any, Callable, Union

from ._exceptions import RequestError
from ._types import Tool

__all__ = ["function_to_tool"]

_SCALARS: dict[Any, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
    bytes: "string",
}
_ARRAYS = (list, tuple, set, frozenset, collections.abc.Sequence, collections.abc.Iterable)
_OBJECTS = (dict, collections.abc.Mapping)
_UNION_TYPES: tuple[Any, ...] = (Union, getattr(types, "UnionType", Union))

# Docstring patterns, as strings: re compiles (and caches) them only when a function
# is turned into a tool, not at import.
_GOOGLE_SECTION = r"^\s*(Args|Arguments|Parameters|Params)\s*:\s*$"
_GOOGLE_OTHER_SECTION = r"^\s*[A-Z][A-Za-z ]*:\s*$"
_GOOGLE_PARAM = r"^\s*\*{0,2}(\w+)\s*(?:\(([^)]*)\))?\s*:\s*(.*)$"
_REST_PARAM = r"^\s*:param\s+(?:[^:]*\s)?(\w+)\s*:\s*(.*)$"
_REST_FIELD = r"^\s*:\w+"

_cache: weakref.WeakKeyDictionary[Callable[..., Any], Tool] = weakref.WeakKeyDictionary()


def function_to_tool(function: Callable[..., Any]) -> Tool:
    """The tool definition of `function`: name, docstring summary and parameter schema."""
    try:
        return _cache[function]
    except (KeyError, TypeError):
        pass
    tool = _build(function)
    with contextlib.suppress(TypeError):  # not weak-referenceable (e.g. a builtin): not cached
        _cache[function] = tool
    return tool


def _build(function: Callable[..., Any]) -> Tool:
    name = getattr(function, "__name__", None)
    if not isinstance(name, str) or not name.isidentifier():
        raise RequestError(
            f"tools: {function!r} has no usable __name__; pass a named function or a tool dict"
        )
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError) as exc:
        raise RequestError(f"tools: cannot read the signature of {name}: {exc}") from exc
    try:
        hints = typing.get_type_hints(function)
    except Exception:  # unresolvable forward references: fall back to no type
        hints = {}
    summary, described = _parse_docstring(inspect.getdoc(function) or "")
    properties: dict[str, Any] = {}
    required: list[str] = []
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        schema = json_schema(hints.get(parameter.name, Any))
        if parameter.name in described:
            schema["description"] = described[parameter.name]
        properties[parameter.name] = schema
        if parameter.default is parameter.empty:
            required.append(parameter.name)
    function_schema: dict[str, Any] = {"name": name}
    if summary:
        function_schema["description"] = summary
    function_schema["parameters"] = {
        "type": "object",
        "properties": properties,
        "required": required,
    }
    return {"type": "function", "function": function_schema}  # type: ignore[typeddict-item]


def json_schema(annotation: Any) -> dict[str, Any]:
    """The JSON schema of one type annotation (`Optional[int]` → `{"type": ["integer", "null"]}`)."""
    if annotation is Any or annotation is inspect.Parameter.empty:
        return {}
    if annotation in _SCALARS:
        return {"type": _SCALARS[annotation]}
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        values = [member.value for member in annotation]
        return {**_type_of_values(values), "enum": values}
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return {**_type_of_values(list(args)), "enum": list(args)}
    if origin in _UNION_TYPES:
        schemas = [json_schema(arg) for arg in args]
        if all(set(schema) == {"type"} and isinstance(schema["type"], str) for schema in schemas):
            return {"type": [schema["type"] for schema in schemas]}
        return {"anyOf": schemas}
    if annotation in _ARRAYS or origin in _ARRAYS:
        items = json_schema(args[0]) if args else {}
        return {"type": "array", "items": items} if items else {"type": "array"}
    if annotation in _OBJECTS or origin in _OBJECTS:
        return {"type": "object"}
    if isinstance(annotation, type):
        return {"type": "object"}  # dataclasses, TypedDicts, models: described by the docstring
    return {}


def _type_of_values(values: list[Any]) -> dict[str, Any]:
    kinds = {_SCALARS.get(type(value)) for value in values}
    return {"type": kinds.pop()} if len(kinds) == 1 and None not in kinds else {}


def _parse_docstring(doc: str) -> tuple[str, dict[str, str]]:
    """The summary paragraph and the per-parameter descriptions of a docstring."""
    lines = doc.splitlines()
    summary: list[str] = []
    for line in lines:
        if not line.strip() or re.match(_GOOGLE_SECTION, line) or re.match(_REST_FIELD, line):
            break
        summary.append(line.strip())
    described: dict[str, str] = {}
    current: str | None = None
    in_args = False
    for line in lines:
        rest = re.match(_REST_PARAM, line)
        if rest:
            current = rest.group(1)
            described[current] = rest.group(2).strip()
            continue
        if re.match(_GOOGLE_SECTION, line):
            in_args, current = True, None
            continue
        if in_args and re.match(_GOOGLE_OTHER_SECTION, line):
            in_args, current = False, None
            continue
        google = re.match(_GOOGLE_PARAM, line) if in_args else None
        if google and google.group(1) not in described:
            current = google.group(1)
            described[current] = google.group(3).strip()
        elif current and line.strip() and not re.match(_REST_FIELD, line):
            described[current] = f"{described[current]} {line.strip()}".strip()
        elif not line.strip():
            current = None
    return " ".join(summary), described
