"""FakeOllama and the client are pinned, separately, to the protocol notes.

FakeOllama is the oracle the client's tests run against, so it must not share
the client's tables: a wrong entry in one would then hide in both. Each test
here copies a fact from ``ollama-protocol.md`` as a literal (section given)
and checks the fake and the client against it independently.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from ollama_async import AsyncClient, RequestError
from ollama_async import _options as client_options
from ollama_async import _request as client_request
from ollama_async.testing import FakeOllama
from ollama_async.testing import _protocol as fake

from .test_testing_server import call

# §4.1, the two tables `api.Options` and `api.Runner`: key and "JSON type" column
# ("nullable" from the Runner table's `main_gpu (nullable)` / `use_mmap (nullable)`).
NOTES_OPTIONS = [
    ("num_keep", "int"),
    ("seed", "int"),
    ("num_predict", "int"),
    ("top_k", "int"),
    ("top_p", "float"),
    ("min_p", "float"),
    ("typical_p", "float"),
    ("repeat_last_n", "int"),
    ("temperature", "float"),
    ("repeat_penalty", "float"),
    ("presence_penalty", "float"),
    ("frequency_penalty", "float"),
    ("stop", "array of strings"),
    ("num_ctx", "int"),
    ("num_batch", "int"),
    ("num_gpu", "int"),
    ("main_gpu", "int (nullable)"),
    ("use_mmap", "bool (nullable)"),
    ("num_thread", "int"),
    ("draft_num_predict", "int"),
]
# §4.2: the Go type FromMap names in `option "x" must be of type <T>`.
NOTES_GO_TYPE = {
    "int": "integer",
    "int (nullable)": "integer",
    "float": "float32",
    "array of strings": "array",
    "bool (nullable)": "boolean",
}
# The client's spelling of the same JSON types (`_request.OPTION_TYPES`).
CLIENT_TYPE = {
    "int": "int",
    "int (nullable)": "int or None",
    "float": "float",
    "array of strings": "list of str",
    "bool (nullable)": "bool or None",
}
# A value of the wrong JSON type for each kind (§4.2: "float fields require a JSON number ...").
WRONG_VALUE: dict[str, Any] = {
    "integer": "4096",
    "float32": "0.5",
    "array": "stop here",  # a bare string is rejected (§4.1)
    "boolean": 1,
}
NOTES_THINK_LEVELS = ("low", "medium", "high", "max")  # §4.4, §8.5
NOTES_TOP_LOGPROBS = range(21)  # §4.9, §8.4: 0..20
NOTES_GENERATE_FIELDS = {  # §5.3, request table
    *("model", "prompt", "suffix", "system", "template", "context", "raw", "format"),
    *("images", "think", "keep_alive", "options", "stream", "truncate", "shift"),
    *("logprobs", "top_logprobs"),
}
NOTES_CHAT_FIELDS = {  # §5.4
    *("model", "messages", "tools", "format", "options", "stream", "keep_alive", "think"),
    *("truncate", "shift", "logprobs", "top_logprobs"),
}


def test_fake_option_table_is_the_notes() -> None:
    assert {key: NOTES_GO_TYPE[kind] for key, kind in NOTES_OPTIONS} == fake.OPTION_KINDS


def test_client_option_table_is_the_notes() -> None:
    assert {key: CLIENT_TYPE[kind] for key, kind in NOTES_OPTIONS} == client_options.OPTION_TYPES


def test_the_fake_does_not_read_the_clients_tables() -> None:
    from pathlib import Path

    import ollama_async.testing

    for source in Path(ollama_async.testing.__file__).parent.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "from .." not in text and "import ollama_async" not in text, source.name


@pytest.mark.parametrize(("key", "kind"), NOTES_OPTIONS)
async def test_fake_answers_a_wrong_option_type_as_the_notes_say(key: str, kind: str) -> None:
    go_type = NOTES_GO_TYPE[kind]
    body = {"model": "llama3.2", "prompt": "Hi", "options": {key: WRONG_VALUE[go_type]}}
    async with FakeOllama() as server:
        status, _, raw = await call(server, "POST", "/api/generate", body)
        assert status == 500  # §4.2: handleScheduleError's default branch
        assert orjson.loads(raw) == {"error": f'option "{key}" must be of type {go_type}'}
        null = {**body, "options": {key: None}, "stream": False}  # §4.2: null values skipped
        assert (await call(server, "POST", "/api/generate", null))[0] == 200


@pytest.mark.parametrize(("key", "kind"), NOTES_OPTIONS)
async def test_client_refuses_a_wrong_option_type_before_sending(key: str, kind: str) -> None:
    async with FakeOllama() as server, AsyncClient(server.url) as client:
        with pytest.raises(RequestError, match=key):
            wrong: Any = {key: WRONG_VALUE[NOTES_GO_TYPE[kind]]}  # past the static Options type
            await client.generate("llama3.2", "Hi", options=wrong)
        assert server.requests == []


def test_think_levels_are_the_notes() -> None:
    assert fake.THINK_LEVELS == NOTES_THINK_LEVELS
    assert client_request.THINK_LEVELS == NOTES_THINK_LEVELS


def test_top_logprobs_range_is_the_notes() -> None:
    assert NOTES_TOP_LOGPROBS[-1] == fake.TOP_LOGPROBS_MAX
    check = client_request.CHAT.fields["top_logprobs"]
    assert check(NOTES_TOP_LOGPROBS[-1], "top_logprobs") == 20
    with pytest.raises(RequestError):
        check(NOTES_TOP_LOGPROBS[-1] + 1, "top_logprobs")


def test_request_fields_are_the_notes() -> None:
    # `format` and `images` are decoded as raw JSON / base64, not checked by Go type here;
    # `name` is the deprecated alias of `model` that every request struct still carries.
    generate = set(fake.REQUEST_FIELDS["GenerateRequest"]) - {"name"}
    chat = set(fake.REQUEST_FIELDS["ChatRequest"]) - {"name"}
    assert generate == NOTES_GENERATE_FIELDS - {"format", "images"}
    assert chat == NOTES_CHAT_FIELDS - {"format"}


def test_version_is_current_ollama() -> None:
    # §0: the snapshot's newest tag is v0.33.0-rc2; §8.1 lists releases up to v0.32.10.
    assert fake.OLLAMA_VERSION == "0.33.0"
    assert FakeOllama().version == "0.33.0"
