"""The base of every response object: a frozen, slotted view over one JSON object.

Building a response costs one small object: the parsed dict is kept as it
came off the wire and each typed attribute reads it on access. So every
field the server sent is kept — including fields newer than this library,
reachable with `obj["name"]` or `WireObject.raw` — and nothing is
copied or converted that the caller never reads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, Callable, ClassVar, Literal, Optional, TypeVar

import orjson

__all__ = ["Field", "WireObject", "field", "parse_timestamp", "wrap_list"]

T = TypeVar("T")
W = TypeVar("W", bound="WireObject")

_new = object.__new__


class Field(property):
    """A typed, read-only attribute backed by one key of the wire object.

    A `property` whose getter is made for the field's kind (plain, with a
    default, converted), so reading it costs one small function call.
    """

    def __init__(self, key: str, default: Any, convert: Optional[Callable[[Any], Any]]) -> None:
        super().__init__(_getter(key, default, convert))
        self.key = key
        self.default = default
        self.convert = convert

    def __set_name__(self, owner: type[WireObject], name: str) -> None:
        if name != self.key:
            raise TypeError(f"field {name!r} must be declared with key {name!r}")


def _getter(
    key: str, default: Any, convert: Optional[Callable[[Any], Any]]
) -> Callable[[Any], Any]:
    """The getter of one field; absent and `null` both read as `default`."""
    nested = convert if isinstance(convert, type) and issubclass(convert, WireObject) else None
    if nested is not None:

        def get_nested(obj: WireObject) -> Any:
            # A nested object (a chat chunk's message): a parsed dict is
            # wrapped as is; anything else goes through the checking constructor.
            value = obj._data.get(key)
            if type(value) is dict:
                wrapped = _new(nested)
                wrapped._data = value
                return wrapped
            return default if value is None else nested(value)

        return get_nested
    if convert is not None:

        def get_converted(obj: WireObject) -> Any:
            value = obj._data.get(key)
            return default if value is None else convert(value)

        return get_converted
    if default is None:

        def get(obj: WireObject) -> Any:
            return obj._data.get(key)

        return get

    def get_or_default(obj: WireObject) -> Any:
        value = obj._data.get(key)
        return default if value is None else value

    return get_or_default


def _wrapper(cls: type[W]) -> Callable[[Any], W]:
    """Converter to a nested object: a parsed dict is wrapped as is, anything else checked."""

    def wrap(value: Any) -> W:
        if type(value) is dict:
            obj = _new(cls)
            obj._data = value
            return obj
        return cls(value)

    return wrap


def field(key: str, default: Any = None, convert: Optional[Callable[[Any], T]] = None) -> Any:
    """Declare a field: `response: str = field("response", "")`.

    `default` is returned when the key is absent or `null` (Ollama omits
    empty values); `convert` turns the JSON value into the typed one.
    """
    return Field(key, default, convert)


class WireObject(Mapping[str, Any]):
    """A response object: attribute access, `obj["field"]`, unknown fields kept.

    Read-only: fields cannot be assigned. `obj["name"]` returns the typed
    value for known fields and the raw JSON value for others; `raw` is
    the whole wire object.
    """

    __slots__ = ("_data",)
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, data: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> None:
        if fields:
            merged = dict(data or {})
            merged.update({key: _to_wire(value) for key, value in fields.items()})
            self._data: dict[str, Any] = merged
        else:
            self._data = data if type(data) is dict else dict(data or {})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = tuple(name for name, value in vars(cls).items() if isinstance(value, Field))
        cls._fields = (*cls._fields, *own)

    @property
    def raw(self) -> Mapping[str, Any]:
        """The object exactly as the server sent it (read-only)."""
        return MappingProxyType(self._data)

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the wire object, ready for `json.dumps`."""
        copied: dict[str, Any] = _copy_json(self._data)
        return copied

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        by_alias: Optional[bool] = None,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """Everything the server sent, as plain dicts and lists: pydantic's name for `to_dict`.

        Keys are always the wire names (`model_info`) and fields the server
        left out are not invented, so `mode` and `by_alias` change nothing:
        they are accepted for code written against pydantic. `exclude_none`
        also drops `null` values.
        """
        if mode not in ("python", "json"):
            raise ValueError(f"mode must be 'python' or 'json', got {mode!r}")
        copied: dict[str, Any] = _copy_json(self._data, exclude_none)
        return copied

    def model_dump_json(self, *, indent: Optional[int] = None, exclude_none: bool = False) -> str:
        """`model_dump` as a JSON string, non-ASCII text kept as is."""
        data = self.model_dump(exclude_none=exclude_none)
        if indent is None:
            return orjson.dumps(data).decode()
        if indent == 2:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
        return json.dumps(data, indent=indent, ensure_ascii=False)

    def __getitem__(self, key: str) -> Any:
        if key in self._fields:
            return getattr(self, key)
        return self._data[key]

    def __iter__(self) -> Any:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return self._data == other._data
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self._fields if name in self._data
        )
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))


def _to_wire(value: Any) -> Any:
    if isinstance(value, WireObject):
        return value._data
    if isinstance(value, (list, tuple)):
        return [_to_wire(item) for item in value]
    return value


def _copy_json(value: Any, exclude_none: bool = False) -> Any:
    if isinstance(value, dict):
        return {
            key: _copy_json(item, exclude_none)
            for key, item in value.items()
            if not (exclude_none and item is None)
        }
    if isinstance(value, list):
        return [_copy_json(item, exclude_none) for item in value]
    return value


def wrap_list(cls: type[W]) -> Callable[[Any], list[W]]:
    """Converter for a list of nested objects."""
    wrap = _wrapper(cls)

    def convert(items: Sequence[Any]) -> list[W]:
        return list(map(wrap, items))

    return convert


def parse_timestamp(text: str) -> datetime:
    """Parse Go's RFC 3339 timestamps on every Python version.

    Go writes 0–9 fractional digits and `Z` or an offset; Python before 3.11
    only reads exactly 3 or 6 digits and no `Z`, so normalise to 6.
    """
    date, sep, rest = text.partition(".")
    if sep:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        fraction, zone = rest[:digits], rest[digits:]
        text = f"{date}.{(fraction + '000000')[:6]}{zone}"
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
