"""Plain Python functions become tool definitions: types from hints, text from docstrings."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Optional, Union

from ollama_async._tools import function_to_tool, json_schema


class Unit(enum.Enum):
    CELSIUS = "celsius"
    FAHRENHEIT = "fahrenheit"


def get_weather(
    city: str, days: int = 1, unit: Unit = Unit.CELSIUS, *, hourly: bool = False
) -> str:
    """Get the weather forecast for a city.

    Uses the national weather service.

    Args:
        city: The city name,
            for example Tokyo.
        days (int): How many days ahead.
        unit: Temperature unit.

    Returns:
        The forecast text.
    """
    return "sunny"


def search(query: str, tags: Sequence[str], limit: Optional[int] = None) -> list[str]:
    """Search the notes.

    :param query: Words to look for.
    :param tags: Only notes with these tags.
    :returns: Matching note ids.
    """
    return []


def test_google_docstring_and_signature() -> None:
    tool = function_to_tool(get_weather)
    assert tool["type"] == "function"
    function = tool["function"]
    assert function["name"] == "get_weather"
    assert function.get("description") == "Get the weather forecast for a city."
    assert function.get("parameters") == {
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "The city name, for example Tokyo."},
            "days": {"type": "integer", "description": "How many days ahead."},
            "unit": {
                "type": "string",
                "enum": ["celsius", "fahrenheit"],
                "description": "Temperature unit.",
            },
            "hourly": {"type": "boolean"},
        },
        "required": ["city"],
    }


def test_rest_docstring() -> None:
    parameters = function_to_tool(search)["function"].get("parameters")
    assert parameters is not None
    assert parameters["properties"] == {
        "query": {"type": "string", "description": "Words to look for."},
        "tags": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Only notes with these tags.",
        },
        "limit": {"type": ["integer", "null"]},
    }
    assert parameters["required"] == ["query", "tags"]


def test_results_are_cached_per_function() -> None:
    assert function_to_tool(search) is function_to_tool(search)


def test_no_docstring_and_var_args() -> None:
    def ping(*args: Any, **kwargs: Any) -> None:
        pass

    tool = function_to_tool(ping)
    assert "description" not in tool["function"]
    assert tool["function"].get("parameters") == {
        "type": "object",
        "properties": {},
        "required": [],
    }


def test_json_schema_of_annotations() -> None:
    assert json_schema(float) == {"type": "number"}
    assert json_schema(Literal["a", "b"]) == {"type": "string", "enum": ["a", "b"]}
    assert json_schema(Literal[1, "a"]) == {"enum": [1, "a"]}
    assert json_schema(dict[str, int]) == {"type": "object"}
    assert json_schema(Mapping[str, Any]) == {"type": "object"}
    assert json_schema(list) == {"type": "array"}
    assert json_schema(Union[int, list[int]]) == {
        "anyOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]
    }
    assert json_schema(Any) == {}
