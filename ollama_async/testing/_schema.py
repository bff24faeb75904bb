"""Build a JSON value that satisfies a JSON Schema, as a constrained model's output would.

Used for `format` (a schema, or `"json"`) and for the arguments of the
tool calls the default tool model makes. It understands the schemas pydantic
and hand-written tool definitions produce: `type` (a name or a list),
`properties` and `required`, `items` with `minItems`/`maxItems`,
`enum`, `const`, `default`, `anyOf`/`oneOf` (the first branch that is
not `null`), `allOf` (merged), local `$ref` into `$defs` or
`definitions`, string `minLength`/`maxLength` and common `format`\\ s,
and number bounds. `pattern` is not honoured.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["instance"]

_MAX_DEPTH = 8  # past this, recursive schemas get only what they require
_FORMATS = {
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "time": "00:00:00Z",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "hostname": "example.com",
}


def instance(schema: Any, text: str = "example") -> Any:
    """A value valid against `schema`; free strings are `text` (cut or padded to fit)."""
    root = schema if isinstance(schema, Mapping) else {}
    return _Builder(root, text).build(root, 0)


class _Builder:
    def __init__(self, root: Mapping[str, Any], text: str) -> None:
        self.root = root
        self.text = text

    def build(self, schema: Any, depth: int) -> Any:
        if not isinstance(schema, Mapping):
            return None
        schema = self.resolve(schema)
        for key in ("const", "enum", "default"):
            if key in schema:
                value = schema[key]
                if key != "enum":
                    return value
                if isinstance(value, list) and value:
                    return value[0]
        for key in ("anyOf", "oneOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                concrete = [b for b in branches if self.resolve(b).get("type") != "null"]
                return self.build((concrete or branches)[0], depth)
        if isinstance(schema.get("allOf"), list):
            return self.build(self.merge(schema), depth)
        kind = self.type_of(schema)
        if kind == "object":
            return self.object(schema, depth)
        if kind == "array":
            return self.array(schema, depth)
        if kind == "string":
            return self.string(schema)
        if kind in ("integer", "number"):
            return _number(schema, integer=kind == "integer")
        if kind == "boolean":
            return True
        return None

    def resolve(self, schema: Any) -> Mapping[str, Any]:
        """Follow local `$ref` s (`#/$defs/Name`, `#/definitions/Name`, `#`)."""
        seen = 0
        while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
            target: Any = self.root
            for part in schema["$ref"].lstrip("#").strip("/").split("/"):
                if part:
                    target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
            extra = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **extra} if isinstance(target, Mapping) else extra
            seen += 1
            if seen > _MAX_DEPTH:
                break
        return schema if isinstance(schema, Mapping) else {}

    def merge(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        """`allOf` as one schema: properties and required lists joined."""
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties = dict(merged.get("properties") or {})
        required = list(merged.get("required") or [])
        for part in schema["allOf"]:
            part = self.resolve(part)
            properties.update(part.get("properties") or {})
            required.extend(part.get("required") or [])
            merged.update((k, v) for k, v in part.items() if k not in ("properties", "required"))
        if properties:
            merged["properties"] = properties
        if required:
            merged["required"] = required
        return merged

    @staticmethod
    def type_of(schema: Mapping[str, Any]) -> str:
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if isinstance(kind, str):
            return kind
        if "properties" in schema:
            return "object"
        return "array" if "items" in schema else "string"

    def object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        properties = schema.get("properties")
        if not isinstance(properties, Mapping):
            return {}
        required = set(schema.get("required") or ())
        return {
            name: self.build(sub, depth + 1)
            for name, sub in properties.items()
            if depth < _MAX_DEPTH or name in required
        }

    def array(self, schema: Mapping[str, Any], depth: int) -> list[Any]:
        low = schema.get("minItems", 0)
        count = max(low, 0 if depth >= _MAX_DEPTH else 1)
        count = min(count, schema.get("maxItems", count))
        items = schema.get("items")
        return [self.build(items if isinstance(items, Mapping) else {}, depth + 1)] * count

    def string(self, schema: Mapping[str, Any]) -> str:
        text = _FORMATS.get(str(schema.get("format")), self.text)
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        if len(text) < low:
            text += "x" * (low - len(text))
        return text if high is None else text[:high]


def _number(schema: Mapping[str, Any], *, integer: bool) -> float:
    """The value nearest 1 within the schema's bounds (and a multiple of `multipleOf`)."""
    low, high = schema.get("minimum", -math.inf), schema.get("maximum", math.inf)
    step = 1 if integer else 0.5
    if "exclusiveMinimum" in schema:
        low = max(low, schema["exclusiveMinimum"] + step)
    if "exclusiveMaximum" in schema:
        high = min(high, schema["exclusiveMaximum"] - step)
    value: float = min(max(1, low), high)
    multiple = schema.get("multipleOf")
    if multiple:
        value = math.ceil(value / multiple) * multiple
    if integer:
        return math.ceil(value)
    return value
