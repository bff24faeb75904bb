"""Request encoding: every accepted input form, and a clear error for every bad one."""

from __future__ import annotations

import base64
import datetime
import inspect
import re
from pathlib import Path
from typing import Any, Callable

import pytest

import ollama_async as oa
from ollama_async import _request as request
from ollama_async._content import encode_images, encode_messages, encode_tools
from ollama_async._options import OPTION_TYPES, encode_options
from ollama_async._request import duration, model_name, response_format, think_level
from ollama_async._signatures import ChatArguments, GenerateArguments

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
PNG_B64 = base64.b64encode(PNG).decode()


def test_a_body_leaves_out_unset_fields_only() -> None:
    arguments = {"model": "m", "prompt": "", "suffix": None, "raw": False, "stream": False}
    arguments |= {name: None for name in request.GENERATE.fields if name not in arguments}
    assert request.GENERATE.fields_of(arguments) == {
        "model": "m",
        "prompt": "",
        "stream": False,
        "raw": False,
    }


def test_every_documented_option_key_is_known() -> None:
    assert set(OPTION_TYPES) == set(oa.Options.__annotations__)
    assert encode_options({"temperature": 0, "stop": ("a", "b"), "num_ctx": 8192.0}) == {
        "temperature": 0,
        "stop": ["a", "b"],
        "num_ctx": 8192.0,
    }
    assert encode_options({"main_gpu": None, "seed": 1}) == {"seed": 1}
    assert encode_options(None) is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_tokens": 5}, "use 'num_predict'"),
        ({"context_length": 5}, "use 'num_ctx'"),
        ({"temprature": 0.5}, "did you mean 'temperature'"),
        ({"mirostat": 1}, "no longer supports"),
        ({"zzz": 1}, "valid keys: num_keep"),
        ({"stop": "###"}, r"\{'stop': \['###'\]\}"),
        ({"stop": ["a", 1]}, "list of strings"),
        ({"temperature": "0.7"}, "'temperature' must be a finite number"),
        ({"temperature": float("nan")}, "finite number"),
        ({"num_ctx": 4096.5}, "'num_ctx' must be int"),
        ({"num_ctx": True}, "'num_ctx' must be int"),
        ({"use_mmap": 1}, "bool or None"),
        ({"num_predict": -3}, "-1 for no limit"),
        ({"top_p": 1.5}, "from 0 to 1"),
        ({"temperature": -1}, "at least 0"),
        ({"num_ctx": 0}, "at least 4"),
        ({"num_ctx": 3}, "at least 4"),
    ],
)
def test_bad_options(options: dict[str, Any], message: str) -> None:
    with pytest.raises(oa.RequestError, match=message):
        encode_options(options)


def test_unknown_options_pass_when_not_strict_but_types_are_still_checked() -> None:
    assert encode_options({"max_tokens": 5}, strict=False) == {"max_tokens": 5}
    with pytest.raises(oa.RequestError):
        encode_options({"temperature": "hot"}, strict=False)
    with pytest.raises(oa.RequestError, match="must be a dict"):
        encode_options([("temperature", 0)])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        (2.5, 2.5),
        (-1, -1),
        (0, 0),
        (datetime.timedelta(minutes=5), 300),
        (datetime.timedelta(milliseconds=1500), 1.5),
        ("5m", "5m"),
        ("1h30m", "1h30m"),
        ("300ms", "300ms"),
        ("1.5h", "1.5h"),
        ("-1m", "-1m"),
        ("0", "0"),
        (None, None),
    ],
)
def test_keep_alive_forms(value: Any, expected: Any) -> None:
    assert duration(value, "keep_alive") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [("300", "300s"), ("five minutes", "not a duration"), (True, "timedelta"), ([5], "list")],
)
def test_bad_keep_alive(value: Any, message: str) -> None:
    with pytest.raises(oa.RequestError, match=message):
        duration(value, "keep_alive")


def test_think_and_format() -> None:
    assert think_level(True, "think") is True
    assert think_level("high", "think") == "high"
    assert think_level(None, "think") is None
    with pytest.raises(oa.RequestError, match="'low', 'medium', 'high', 'max'"):
        think_level("HIGH", "think")  # type: ignore[arg-type]
    assert response_format("json", "format") == "json"
    assert response_format({"type": "object"}, "format") == {"type": "object"}
    assert response_format(None, "format") is None

    class Model:
        @staticmethod
        def model_json_schema() -> dict[str, Any]:
            return {"type": "object", "properties": {}}

    assert response_format(Model, "format") == {"type": "object", "properties": {}}
    for bad in ("JSON", "yaml", ["json"]):
        with pytest.raises(oa.RequestError, match="'json'"):
            response_format(bad, "format")  # type: ignore[arg-type]


def test_images_from_bytes_paths_and_base64(tmp_path: Path) -> None:
    path = tmp_path / "cat.png"
    path.write_bytes(PNG)
    assert encode_images(PNG) == [PNG_B64]
    assert encode_images(path) == [PNG_B64]
    assert encode_images(str(path)) == [PNG_B64]
    assert encode_images(PNG_B64) == [PNG_B64]  # one string is one image, never split
    assert encode_images(f"data:image/png;base64,{PNG_B64}") == [PNG_B64]
    assert encode_images([PNG, path, PNG_B64]) == [PNG_B64] * 3
    assert encode_images(None) is None


@pytest.mark.parametrize(
    ("images", "message"),
    [
        (b"", "empty"),
        (b"hello, world", "is not an image: its bytes start b'hello, w'"),
        (base64.b64encode(b"plain text, not a picture").decode(), "is not an image"),
        (Path(__file__), "is not an image"),
        ("not base64!", "neither valid base64"),
        ("/no/such/file.png", "neither valid base64"),
        (Path("/no/such/file.png"), "cannot read"),
        ([1], "must be bytes"),
        (42, "images must be"),
    ],
)
def test_bad_images(images: Any, message: str) -> None:
    with pytest.raises(oa.RequestError, match=message):
        encode_images(images)


def test_messages_accept_dicts_and_response_messages() -> None:
    reply = oa.ChatResponse({"message": {"role": "assistant", "content": "Hi", "thinking": "t"}})
    encoded = encode_messages([{"role": "User", "content": "Hey", "images": [PNG]}, reply.message])
    assert encoded == [
        {"role": "user", "content": "Hey", "images": [PNG_B64]},
        {"role": "assistant", "content": "Hi", "thinking": "t"},
    ]
    call = {"function": {"name": "f", "arguments": {"x": 1}}}
    assert encode_messages([{"role": "assistant", "tool_calls": [call]}]) == [
        {"role": "assistant", "tool_calls": [call]}
    ]


@pytest.mark.parametrize(
    ("messages", "message"),
    [
        ("Hi", "must be a list of messages"),
        ({"role": "user"}, "must be a list of messages"),
        (["Hi"], r"messages\[0\] must be a dict"),
        ([{"content": "x"}], r"messages\[0\]\['role'\]"),
        ([{"role": ""}], "non-empty str"),
        ([{"role": "user", "content": 5}], r"\['content'\] must be a str"),
        (
            [{"role": "assistant", "tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]}],
            "OpenAI-style JSON strings",
        ),
    ],
)
def test_bad_messages(messages: Any, message: str) -> None:
    with pytest.raises(oa.RequestError, match=message):
        encode_messages(messages)


def test_tools_from_dicts_and_functions() -> None:
    def add(a: int, b: int = 0) -> int:
        """Add two numbers."""
        return a + b

    tool = {"type": "function", "function": {"name": "sub"}}
    encoded = encode_tools([tool, add, {"function": {"name": "mul"}}])
    assert encoded is not None
    assert encoded[0] == tool
    assert encoded[1]["function"]["name"] == "add"
    assert encoded[2] == {"type": "function", "function": {"name": "mul"}}


@pytest.mark.parametrize(
    ("tools", "message"),
    [
        ({"function": {"name": "f"}}, "must be a list"),
        ([{"name": "f"}], "'function'"),
        ([42], "tool dict or a function"),
    ],
)
def test_bad_tools(tools: Any, message: str) -> None:
    with pytest.raises(oa.RequestError, match=message):
        encode_tools(tools)


@pytest.mark.parametrize("model", ["", "   ", None, 3, "llama 3", " llama3"])
def test_bad_model_names(model: Any) -> None:
    with pytest.raises(oa.RequestError, match="chat: model"):
        model_name(model, "chat: model")


def test_good_model_names() -> None:
    check: Callable[[str], str] = lambda name: model_name(name, "x: model")  # noqa: E731
    for name in ("llama3.2", "library/llama3.2:3b", "host:5000/ns/m:tag", "gpt-oss:120b-cloud"):
        assert check(name) == name


ENDPOINTS = [value for value in vars(request).values() if isinstance(value, request.Endpoint)]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.name)
def test_each_endpoint_checks_exactly_its_coroutines_arguments(
    endpoint: request.Endpoint,
) -> None:
    """The coroutine hands `locals()` to its endpoint: a new argument needs a check here."""
    parameters = inspect.signature(getattr(oa.AsyncClient, endpoint.name)).parameters
    assert set(endpoint.fields) == set(parameters) - {"self"}


@pytest.mark.parametrize(
    ("method", "shape"),
    [("generate", GenerateArguments), ("chat", ChatArguments)],
)
def test_overload_shapes_are_the_keyword_arguments(method: str, shape: Any) -> None:
    """`**kwargs: Unpack[shape]` in the overloads stands for these implementation arguments."""
    parameters = inspect.signature(getattr(oa.AsyncClient, method)).parameters
    keyword_only = {
        name for name, parameter in parameters.items() if parameter.kind is parameter.KEYWORD_ONLY
    }
    assert shape.__optional_keys__ == keyword_only - {"stream"}


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (request.int_range(0, 20), 21, "x must be an int from 0 to 20, got 21"),
        (request.int_range(0, 20), True, "x must be an int from 0 to 20, got True"),
        (request.positive_int, 0, "x must be a positive int, got 0"),
        (request.positive_int, 1.0, "x must be a positive int, got 1.0"),
        (request.byte_limit, None, "x must be given, got None"),
        (request.byte_limit, "1", "x must be a positive int (bytes), got '1'"),
        (request.retry_count, -1, "x must be an int >= 0, got -1"),
        (request.connection_limit, -1, "x must be an int >= 0 (0: no limit), got -1"),
        (request.optional_str, 3, "x must be a str, got int"),
        (request.non_empty_str, " ", "x must be a non-empty str, got ' '"),
        (request.optional_bool, "yes", "x must be True or False, got 'yes'"),
        (request.boolean, None, "x must be True or False, got None"),
        (request.flag, 1, "x must be True or False, got 1"),
        (request.token_ids, [1, True], "x must be a list of token ids"),
        (request.texts, ["a", 1], "x must be a str or a list of str, got list"),
        (request.digest, "md5:ab", "x must be a blob digest 'sha256:<64 lowercase hex>'"),
        (request.digest_map, {"a.gguf": "x"}, "x['a.gguf'] must be a blob digest"),
        (request.blob_source, "/no/such/file", "x: '/no/such/file' is not a file"),
        (request.blob_source, 3, "x must be bytes or a file path, got int"),
    ],
)
def test_the_vocabulary_names_the_argument_and_what_it_must_be(
    check: request.Check, value: object, message: str
) -> None:
    with pytest.raises(oa.RequestError, match=f"^{re.escape(message)}"):
        check(value, "x")


@pytest.mark.parametrize(
    ("check", "value", "sent"),
    [
        (request.int_range(0, 20), None, None),
        (request.int_range(0, 20), 20, 20),
        (request.flag, False, None),
        (request.flag, True, True),
        (request.boolean, False, False),
        (request.text_list, "MIT", ["MIT"]),
        (request.text_list, ("a", "b"), ["a", "b"]),
        (request.token_ids, (1, 2), [1, 2]),
        (request.connection_limit, 0, 0),  # aiohttp's "no limit"
    ],
)
def test_the_vocabulary_sends_what_ollama_reads(
    check: request.Check, value: object, sent: object
) -> None:
    assert check(value, "x") == sent


def test_unknown_options_are_sent_only_when_options_are_not_strict() -> None:
    arguments = dict.fromkeys(request.EMBEDDINGS.fields) | {"model": "m", "options": {"x": 1}}
    with pytest.raises(oa.RequestError, match="unknown option 'x'"):
        request.EMBEDDINGS.body(arguments)
    assert request.EMBEDDINGS.body(arguments, strict_options=False) == (
        b'{"model":"m","options":{"x":1}}'
    )
