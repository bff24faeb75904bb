"""Input JSON cannot carry, or Ollama cannot use: ``RequestError`` before anything is sent.

The last step of every request encodes the body with orjson; whatever it
cannot encode (lone surrogates, integers beyond 64 bits, non-str keys,
nesting too deep) or would encode wrongly (``NaN`` becomes ``null``) is a
``RequestError`` naming where it is. Model names are checked against the
name grammar (protocol notes §1.6).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import ollama_async as oa
from ollama_async.testing import FakeOllama

USER = [{"role": "user", "content": "Hi"}]


def nested(depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


def tool(parameters: Any) -> dict[str, Any]:
    return {"type": "function", "function": {"name": "f", "parameters": parameters}}


BAD_INPUT = [
    # Lone surrogates: not UTF-8.
    (lambda c: c.generate("llama3.2", "\ud800"), "body['prompt'] contains a lone surrogate"),
    (lambda c: c.generate("llama3.2", "x", system="a\udfffb"), "body['system']"),
    (
        lambda c: c.chat("llama3.2", [{"role": "user", "content": "\ud83d"}]),
        "body['messages'][0]['content'] contains a lone surrogate",
    ),
    # Integers beyond 64 bits.
    (lambda c: c.generate("llama3.2", "x", options={"seed": 2**70}), "body['options']['seed']"),
    (lambda c: c.generate("llama3.2", "x", keep_alive=10**30), "body['keep_alive'] is 1000"),
    (lambda c: c.generate("llama3.2", "x", context=[2**70]), "body['context'][0]"),
    # Keys that are not str.
    (
        lambda c: c.chat("llama3.2", [{"role": "user", "content": "x", 1: "y"}]),
        "JSON keys must be str",
    ),
    (lambda c: c.generate("llama3.2", "x", format={1: "object"}), "has the key 1"),
    (lambda c: c.chat("llama3.2", USER, tools=[tool({b"type": "object"})]), "has the key b'type'"),
    # Nesting deeper than JSON encoders take.
    (lambda c: c.generate("llama3.2", "x", format=nested(300)), "nested more than 250 levels"),
    # Numbers JSON cannot carry: orjson would send null.
    (
        lambda c: c.generate("llama3.2", "x", format={"type": "number", "maximum": float("nan")}),
        "body['format']['maximum'] is nan",
    ),
    (
        lambda c: c.chat("llama3.2", USER, tools=[tool({"minimum": float("-inf")})]),
        "is -inf",
    ),
    # Model names outside the name grammar.
    (lambda c: c.generate("../../x", "Hi"), "not a model name"),
    (lambda c: c.generate("llama\x00", "Hi"), "not a model name"),
    (lambda c: c.chat("llama3.2\x1b[31m", USER), "not a model name"),
    (lambda c: c.pull("/etc/passwd"), "not a model name"),
    (lambda c: c.show("a//b"), "not a model name"),
    # Limits of the client itself.
    (lambda c: oa.AsyncClient(c.base_url, max_response_bytes=0).version(), "max_response_bytes"),
]


@pytest.mark.parametrize(("call", "message"), BAD_INPUT)
async def test_unencodable_input_is_a_request_error_before_sending(
    client: oa.AsyncClient, server: FakeOllama, call: Any, message: str
) -> None:
    with pytest.raises(oa.RequestError, match=re.escape(message)):
        await call(client)
    assert server.requests == []


@pytest.mark.parametrize(
    "model",
    [
        "llama3.2",
        "llama3.2:latest",
        "Qwen2.5-Coder:7b-instruct-q4_K_M",
        "library/llama3.2",
        "registry.ollama.ai/library/llama3.2:latest",
        "localhost:5000/team/model:v1",
        "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
        "gpt-oss:120b-cloud",
        "_private",
    ],
)
async def test_valid_model_names_are_sent(
    client: oa.AsyncClient, server: FakeOllama, model: str
) -> None:
    await client.exists(model)
    assert server.requests[-1].json == {"model": model}


async def test_values_orjson_encodes_itself_still_go_out(
    client: oa.AsyncClient, server: FakeOllama
) -> None:
    # A null inside a schema is fine: only NaN and infinities are refused.
    schema = {"type": "object", "default": None, "maximum": 2**63 - 1}
    await client.generate("llama3.2", "Hi", format=schema)
    assert server.requests[-1].json["format"] == schema
