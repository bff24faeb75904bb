"""Code written for the official `ollama` package works with only the import changed.

Every test uses real objects from the official package (a dev dependency,
never a runtime one) against FakeOllama, and checks what went over the wire.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import ollama
import pydantic
import pytest

import ollama_async as oa
from ollama_async._wire import WireObject
from ollama_async.testing import FakeModel, FakeOllama

from .test_responses import CAPTURED, CAPTURES

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(24))
PNG_B64 = base64.b64encode(PNG).decode()


def sent(server: FakeOllama) -> dict[str, Any]:
    body = server.requests[-1].json
    assert isinstance(body, dict)
    return body


async def test_official_messages_are_sent_without_their_none_fields(
    client: oa.AsyncClient, server: FakeOllama
) -> None:
    reply = await client.chat(
        "llama3.2",
        messages=[
            ollama.Message(role="system", content="Be brief."),
            ollama.Message(role="user", content="hi", images=[ollama.Image(value=PNG)]),
        ],
    )
    assert reply.message.content
    assert sent(server)["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "hi", "images": [PNG_B64]},
    ]


async def test_official_images_in_generate_and_in_message_dicts(
    client: oa.AsyncClient, server: FakeOllama, tmp_path: Path
) -> None:
    path = tmp_path / "pixel.png"
    path.write_bytes(PNG)
    await client.generate("llama3.2", "What is it?", images=[ollama.Image(value=path)])
    assert sent(server)["images"] == [PNG_B64]
    await client.generate("llama3.2", "And this?", images=ollama.Image(value=PNG_B64))
    assert sent(server)["images"] == [PNG_B64]
    message = {"role": "user", "content": "this?", "images": [ollama.Image(value=PNG)]}
    await client.chat("llama3.2", [message])
    assert sent(server)["messages"][0]["images"] == [PNG_B64]


async def test_our_image_checks_apply_to_official_images(
    client: oa.AsyncClient, server: FakeOllama
) -> None:
    with pytest.raises(oa.RequestError, match=r"images\[0\] is not an image"):
        await client.generate("llama3.2", "x", images=[ollama.Image(value=b"plain text")])
    with pytest.raises(oa.RequestError, match=r"messages\[0\]: Message.model_dump\(\) failed"):
        await client.chat(
            "llama3.2",
            [ollama.Message(role="user", content="x", images=[ollama.Image(value="gone.png")])],
        )
    assert server.requests == []


async def test_official_options(client: oa.AsyncClient, server: FakeOllama) -> None:
    await client.generate("llama3.2", "Hi", options=ollama.Options(temperature=0.1, num_predict=3))
    assert sent(server)["options"] == {"num_predict": 3, "temperature": 0.1}
    # Ollama would ignore these; ollama.Options keeps the keys it knows, so the check still runs.
    with pytest.raises(oa.RequestError, match="no longer supports"):
        await client.generate("llama3.2", "Hi", options=ollama.Options(mirostat=1))
    with pytest.raises(oa.RequestError, match="must be at least 0"):
        await client.generate("llama3.2", "Hi", options=ollama.Options(temperature=-1.0))


async def test_official_tools_and_tool_calls(client: oa.AsyncClient, server: FakeOllama) -> None:
    tool = ollama.Tool(
        type="function",
        function=ollama.Tool.Function(
            name="get_weather",
            description="The weather in a city.",
            parameters=ollama.Tool.Function.Parameters(  # type: ignore[call-arg]  # its $defs alias
                type="object",
                properties={
                    "city": ollama.Tool.Function.Parameters.Property(
                        type="string", description="The city."
                    )
                },
                required=["city"],
            ),
        ),
    )
    call = ollama.Message.ToolCall(
        function=ollama.Message.ToolCall.Function(
            name="get_weather", arguments={"city": "Tokyo", "unit": None}
        )
    )
    await client.chat(
        "llama3.2",
        [
            ollama.Message(role="user", content="Weather in Tokyo?"),
            ollama.Message(role="assistant", content="", tool_calls=[call]),
            {"role": "tool", "content": "Sunny", "tool_name": "get_weather"},
        ],
        tools=[tool],
    )
    body = sent(server)
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "The weather in a city.",
                "parameters": {
                    "type": "object",
                    "required": ["city"],
                    "properties": {"city": {"type": "string", "description": "The city."}},
                },
            },
        }
    ]
    # A None inside the arguments is the model's data, not an unset field: kept.
    assert body["messages"][1]["tool_calls"] == [
        {"function": {"name": "get_weather", "arguments": {"city": "Tokyo", "unit": None}}}
    ]


async def test_official_tool_call_checks_still_apply(
    client: oa.AsyncClient, server: FakeOllama
) -> None:
    class Call:  # pydantic-like, as an OpenAI-style call with string arguments would dump
        def model_dump(self, *, by_alias: bool = True, exclude_none: bool = True) -> Any:
            return {"function": {"name": "f", "arguments": '{"x": 1}'}}

    with pytest.raises(oa.RequestError, match="OpenAI-style JSON strings"):
        await client.chat("llama3.2", [{"role": "assistant", "tool_calls": [Call()]}])
    assert server.requests == []


@pytest.mark.parametrize("role", ["developer", "somerandomrole", "Critic"])
async def test_any_role(client: oa.AsyncClient, server: FakeOllama, role: str) -> None:
    await client.chat("llama3.2", [ollama.Message(role=role, content="hi"), {"role": role}])
    assert [m["role"] for m in sent(server)["messages"]] == [role.lower()] * 2


async def test_none_fields_of_dicts_are_not_sent(
    client: oa.AsyncClient, server: FakeOllama
) -> None:
    message = {"role": "user", "content": "Hi", "images": None, "tool_calls": None}
    options: Any = {"temperature": None, "seed": 1}
    await client.chat("llama3.2", [message], options=options)
    assert sent(server)["messages"] == [{"role": "user", "content": "Hi"}]
    assert sent(server)["options"] == {"seed": 1}


@pytest.mark.parametrize(("role", "message"), [("", "non-empty"), (" user", "whitespace")])
async def test_roles_that_are_mistakes(
    client: oa.AsyncClient, server: FakeOllama, role: str, message: str
) -> None:
    with pytest.raises(oa.RequestError, match=message):
        await client.chat("llama3.2", [{"role": role, "content": "x"}])
    assert server.requests == []


async def test_dict_access_idioms(client: oa.AsyncClient) -> None:
    reply = await client.chat("llama3.2", [{"role": "user", "content": "Hi"}])
    assert reply["message"]["content"] == reply.message.content
    text = ""
    async for chunk in await client.chat(
        "llama3.2", [{"role": "user", "content": "Hi"}], stream=True
    ):
        text += chunk["message"]["content"]
    assert text == reply.message.content


async def test_show_modelinfo_alias_both_ways(client: oa.AsyncClient) -> None:
    shown = await client.show("llama3.2")
    assert shown.model_info
    assert shown.modelinfo == shown.model_info == shown["modelinfo"] == shown["model_info"]
    assert "modelinfo" in shown
    # Ours → the official type, and the official type's dump → ours.
    official = ollama.ShowResponse.model_validate(shown.model_dump())
    assert official.modelinfo == shown.model_info
    back = oa.ShowResponse(official.model_dump())
    assert back.model_info == shown.model_info
    assert "modelinfo" not in back.raw
    assert oa.ShowResponse(modelinfo={"a": 1}).model_info == {"a": 1}


async def test_model_dump_of_responses_validates_as_the_official_types(
    client: oa.AsyncClient,
) -> None:
    reply = await client.chat("llama3.2", [{"role": "user", "content": "Hi"}])
    official = ollama.ChatResponse.model_validate(reply.model_dump())
    assert official.message.content == reply.message.content
    assert official.eval_count == reply.eval_count
    listed = await client.list()
    assert ollama.ListResponse.model_validate(listed.model_dump()).models[0].model
    embedded = await client.embed("nomic-embed-text", "x")
    assert ollama.EmbedResponse.model_validate(embedded.model_dump()).embeddings


async def test_a_message_from_a_reply_goes_back_in_the_history(
    client: oa.AsyncClient, server: FakeOllama
) -> None:
    history: list[Any] = [ollama.Message(role="user", content="Hi")]
    reply = await client.chat("llama3.2", history)
    history += [reply.message, ollama.Message(role="user", content="And?")]
    await client.chat("llama3.2", history)
    assert [m["role"] for m in sent(server)["messages"]] == ["user", "assistant", "user"]


async def test_structured_output_with_a_pydantic_model() -> None:
    class Answer(pydantic.BaseModel):
        answer: str
        confidence: float

    model = FakeModel("llama3.2", reply='{"answer": "Rayleigh scattering", "confidence": 0.9}')
    async with FakeOllama(models=[model]) as server, oa.AsyncClient(server.url) as client:
        reply = await client.chat("llama3.2", [{"role": "user", "content": "Why?"}], format=Answer)
        assert sent(server)["format"] == Answer.model_json_schema()
        assert reply.message.parsed(Answer) == Answer(answer="Rayleigh scattering", confidence=0.9)
        assert reply.parsed(Answer).confidence == 0.9
        generated = await client.generate("llama3.2", "Why?", format=Answer)
        assert generated.parsed(Answer).answer == "Rayleigh scattering"

        class Other(pydantic.BaseModel):
            verdict: bool

        with pytest.raises(oa.StructuredOutputError, match="not a valid Other") as info:
            reply.parsed(Other)
        assert isinstance(info.value.__cause__, pydantic.ValidationError)


async def test_an_image_path_that_is_also_valid_base64(
    client: oa.AsyncClient, server: FakeOllama, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Temporary file names such as /tmp/tmpab12cd34 are valid base64 too: the file wins.
    (tmp_path / "tmp" / "abcd1234").parent.mkdir()
    (tmp_path / "tmp" / "abcd1234").write_bytes(PNG)
    monkeypatch.chdir(tmp_path)
    await client.generate("llama3.2", "What is it?", images=["tmp/abcd1234"])
    assert sent(server)["images"] == [PNG_B64]
    with pytest.raises(oa.RequestError, match="is no existing file, and as base64"):
        await client.generate("llama3.2", "What is it?", images=["tmp/nothere1"])


def migration_blocks() -> list[str]:
    """The before and after programs of docs/migrating.md."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "migrating.md").read_text()
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)[:2]


async def test_the_migration_example_prints_the_same_with_either_client(
    capsys: pytest.CaptureFixture[str],
) -> None:
    before, after = migration_blocks()
    assert "from ollama import AsyncClient" in before
    assert "from ollama_async import AsyncClient" in after
    assert before.replace("AsyncClient, ", "") == after.replace(
        "\nfrom ollama_async import AsyncClient\n", ""
    )
    printed = []
    async with FakeOllama() as server:
        for program in (before, after):
            namespace: dict[str, Any] = {"__name__": "migrating"}
            exec(compile(program, "migrating.md", "exec"), namespace)
            await namespace["main"](server.url)
            printed.append(capsys.readouterr().out)
        assert [r.path for r in server.requests] == ["/api/chat", "/api/chat", "/api/show"] * 2
        official, ours = server.requests[0].json, server.requests[3].json
        assert official.pop("tools") == []  # the official client always sends it; we omit it
        assert ours == official
    assert printed[0] == printed[1]
    assert printed[1].startswith("assistant Hello!")


async def test_official_options_as_create_parameters(
    client: oa.AsyncClient, server: FakeOllama
) -> None:
    await client.create("mine", from_="llama3.2", parameters=ollama.Options(temperature=0.5))
    assert sent(server)["parameters"] == {"temperature": 0.5}
    with pytest.raises(oa.RequestError, match="'stop' must be a list"):
        await client.create("mine", from_="llama3.2", parameters={"stop": "###"})


OFFICIAL_TYPES: dict[type[Any], type[pydantic.BaseModel]] = {
    oa.GenerateResponse: ollama.GenerateResponse,
    oa.ChatResponse: ollama.ChatResponse,
    oa.EmbedResponse: ollama.EmbedResponse,
    oa.EmbeddingsResponse: ollama.EmbeddingsResponse,
    oa.ShowResponse: ollama.ShowResponse,
    oa.ListResponse: ollama.ListResponse,
    oa.ProcessResponse: ollama.ProcessResponse,
    oa.ProgressResponse: ollama.ProgressResponse,
}


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/ollama-wire is not present")
@pytest.mark.parametrize(("where", "response_type", "data"), CAPTURED, ids=[c[0] for c in CAPTURED])
def test_every_captured_response_dumps_to_what_the_official_types_read(
    where: str, response_type: type[WireObject], data: dict[str, Any]
) -> None:
    dumped = response_type(data).model_dump()
    assert dumped == data
    OFFICIAL_TYPES[response_type].model_validate(dumped)
