"""FakeOllama's Hugging Face registry: `hf.co/{user}/{repo}:{quant}` pulls, chats, and fails as Ollama does."""

from __future__ import annotations

import re
from typing import Any, Optional

import aiohttp
import orjson
import pytest

from ollama_async.testing import FakeModel, FakeOllama, RegistryError, hugging_face
from ollama_async.testing._generation import Answer, Generation
from ollama_async.testing._names import parse_name

QWQ = "hf-mirror.com/Qwen/QwQ-32B-GGUF:Q4_0"
BAD_QUANT = (
    'pull model manifest: 400: {"error":"The specified tag is not a valid quantization scheme. '
    'Please use another tag or \\"latest\\""}'
)
NOT_GGUF = 'pull model manifest: 400: {"error":"Repository is not GGUF or is not compatible with llama.cpp"}'


async def call(server: FakeOllama, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, server.url + path, json=body) as response,
    ):
        return response.status, await response.read()


async def lines(server: FakeOllama, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    status, raw = await call(server, "POST", path, body)
    assert status == 200, raw
    return [orjson.loads(line) for line in raw.splitlines()]


async def pull(server: FakeOllama, name: str) -> list[dict[str, Any]]:
    return await lines(server, "/api/pull", {"model": name})


async def show(server: FakeOllama, name: str) -> dict[str, Any]:
    status, raw = await call(server, "POST", "/api/show", {"model": name})
    assert status == 200, raw
    answer: dict[str, Any] = orjson.loads(raw)
    return answer


async def names(server: FakeOllama) -> list[str]:
    _, raw = await call(server, "GET", "/api/tags")
    return [model["name"] for model in orjson.loads(raw)["models"]]


async def test_pull_streams_progress_then_the_model_is_listed_shown_and_chats() -> None:
    async with FakeOllama(models=[]) as server:
        progress = await pull(server, QWQ)
        statuses = [line["status"] for line in progress]
        assert statuses[0] == "pulling manifest"
        assert statuses[-3:] == ["verifying sha256 digest", "writing manifest", "success"]
        layers = {line["digest"]: line["total"] for line in progress if "digest" in line}
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", digest) for digest in layers)
        assert all(
            line["status"] == "pulling " + line["digest"][7:19]
            for line in progress
            if "digest" in line
        )
        weights = max(layers.values())
        assert 17e9 < weights < 19.5e9  # 32B parameters at Q4_0's 4.5 bits
        assert any(line.get("completed") == weights for line in progress)
        assert await names(server) == [QWQ]

        info = await show(server, QWQ)
        assert info["details"]["quantization_level"] == "Q4_0"
        assert info["details"]["parameter_size"] == "32B"
        assert info["details"]["family"] == "qwen2"
        assert info["capabilities"] == ["completion"]
        assert info["template"].endswith("<|im_start|>assistant\n<think>\n")

        chat = {"model": QWQ, "messages": [{"role": "user", "content": "Hi"}], "stream": False}
        status, raw = await call(server, "POST", "/api/chat", chat)
        assert status == 200
        assert orjson.loads(raw)["model"] == QWQ
        _, raw = await call(server, "GET", "/api/ps")
        assert [model["name"] for model in orjson.loads(raw)["models"]] == [QWQ]


@pytest.mark.parametrize("host", ["hf.co", "huggingface.co", "hf-mirror.com", "HF.co"])
async def test_every_hugging_face_host_and_no_tag_pulls_q4_k_m(host: str) -> None:
    name = f"{host}/bartowski/Llama-3.2-1B-Instruct-GGUF"
    async with FakeOllama(models=[]) as server:
        assert (await pull(server, name))[-1] == {"status": "success"}
        assert await names(server) == [name + ":latest"]
        assert (await show(server, name))["details"]["quantization_level"] == "Q4_K_M"


async def test_quants_are_matched_in_any_case_and_the_name_kept_as_spelled() -> None:
    async with FakeOllama(models=[]) as server:
        await pull(server, "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:q8_0")
        await pull(server, "hf.co/unsloth/Qwen3-30B-A3B-GGUF:UD-Q4_K_XL")
        assert set(await names(server)) == {
            "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:q8_0",
            "hf.co/unsloth/Qwen3-30B-A3B-GGUF:UD-Q4_K_XL",
        }
        info = await show(server, "HF.CO/BARTOWSKI/llama-3.2-1b-instruct-gguf:Q8_0")
        assert info["details"]["quantization_level"] == "Q8_0"


async def test_a_second_pull_in_another_case_takes_the_installed_spelling() -> None:
    """Ollama's `getExistingName`: each part of the name is spelled as installed models spell it."""
    async with FakeOllama(models=[]) as server:
        await pull(server, "hf.co/Qwen/QwQ-32B-GGUF:Q4_0")
        await pull(server, "HF.CO/qwen/qwq-32b-gguf:q4_0")
        await pull(server, "hf.co/qwen/qwq-32b-gguf:Q8_0")
        assert sorted(await names(server)) == [
            "hf.co/Qwen/QwQ-32B-GGUF:Q4_0",
            "hf.co/Qwen/QwQ-32B-GGUF:Q8_0",
        ]


@pytest.mark.parametrize(
    ("repository", "low", "high"),
    [
        ("Qwen/QwQ-32B-GGUF:Q4_K_M", 19e9, 20.5e9),
        ("Qwen/QwQ-32B-GGUF:Q8_0", 33e9, 36e9),
        ("Qwen/QwQ-32B-GGUF:F16", 63e9, 66e9),
        ("Qwen/QwQ-32B-GGUF:IQ2_XXS", 7.5e9, 9e9),
        ("bartowski/Llama-3.2-1B-Instruct-GGUF:Q8_0", 1e9, 1.2e9),
        ("Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M", 0.25e9, 0.35e9),
        ("HuggingFaceTB/SmolLM2-135M-Instruct-GGUF:Q8_0", 0.13e9, 0.16e9),
        ("TheBloke/Mixtral-8x7B-Instruct-v0.1-GGUF:Q4_0", 30e9, 33e9),
        ("someone/Mystery-GGUF:Q4_K_M", 3.5e9, 5e9),  # no size in the name: 7B
    ],
)
def test_the_size_follows_the_parameters_in_the_name_and_the_quant(
    repository: str, low: float, high: float
) -> None:
    model = hugging_face(f"hf.co/{repository}")
    assert model is not None
    assert low < model.size < high


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("hf.co/Qwen/QwQ-32B", NOT_GGUF),  # the safetensors repository
        ("hf-mirror.com/Qwen/QwQ-32B-GGUF:Q8", BAD_QUANT),
        ("hf.co/Qwen/QwQ-32B-GGUF:Q4", BAD_QUANT),
        ("hf.co/Qwen/QwQ-32B-GGUF:lastest", BAD_QUANT),
        ("huggingface.co/Qwen/QwQ-32B-GGUF:fp16", BAD_QUANT),
    ],
)
async def test_refusals_come_inside_the_stream_in_ollamas_words(name: str, error: str) -> None:
    async with FakeOllama(models=[]) as server:
        assert await pull(server, name) == [{"status": "pulling manifest"}, {"error": error}]
        status, raw = await call(server, "POST", "/api/pull", {"model": name, "stream": False})
        assert (status, orjson.loads(raw)) == (500, {"error": error})
        assert await names(server) == []
    with pytest.raises(RegistryError) as refused:
        hugging_face(name)
    assert str(refused.value) == error


@pytest.mark.parametrize("name", ["hf.co/QwQ-32B-GGUF", "hf.co/a/b/c-GGUF", "hf.co/Qwen/QwQ-GGUF:"])
async def test_a_name_ollama_cannot_parse_is_a_400_before_the_stream(name: str) -> None:
    async with FakeOllama(models=[]) as server:
        status, raw = await call(server, "POST", "/api/pull", {"model": name})
        assert (status, orjson.loads(raw)) == (400, {"error": "invalid model name"})


async def test_other_hosts_and_hub_none_are_not_hugging_face() -> None:
    missing = [
        {"status": "pulling manifest"},
        {"error": "pull model manifest: file does not exist"},
    ]
    async with FakeOllama(models=[]) as server:
        assert await pull(server, "example.com/Qwen/QwQ-32B-GGUF:Q4_0") == missing
    async with FakeOllama(models=[], hub=None) as server:
        assert await pull(server, QWQ) == missing
    assert hugging_face("llama3.2") is None


async def test_the_registry_wins_over_the_hub() -> None:
    mine = FakeModel("hf.co/me/Tiny-GGUF:Q4_K_M", reply="Mine.")
    async with FakeOllama(models=[], registry=[mine]) as server:
        await pull(server, "hf.co/me/tiny-gguf:q4_k_m")
        chat = {"model": "hf.co/me/Tiny-GGUF:Q4_K_M", "prompt": "Hi", "stream": False}
        status, raw = await call(server, "POST", "/api/generate", chat)
        assert (status, orjson.loads(raw)["response"]) == (200, "Mine.")


@pytest.mark.parametrize(
    "name",
    [
        QWQ,
        "hf.co/unsloth/DeepSeek-R1-Distill-Qwen-7B-GGUF",
        "hf.co/bartowski/open-thoughts_OpenThinker-7B-GGUF:Q6_K",
    ],
)
async def test_a_reasoning_model_streams_its_thinking_in_the_reply_then_a_lone_close_tag(
    name: str,
) -> None:
    """The template pre-fills `<think>` and Ollama parses no thinking: all of it is `response`."""
    async with FakeOllama(models=[]) as server:
        await pull(server, name)
        assert (await show(server, name))["template"].endswith("<think>\n")
        status, raw = await call(
            server, "POST", "/api/generate", {"model": name, "prompt": "Why is the sky blue?"}
        )
        assert status == 200
        assert b"\\u003c/think\\u003e" in raw and b"</think>" not in raw  # Go's HTML escaping
        chunks = [orjson.loads(line) for line in raw.splitlines()]
        assert not any("thinking" in chunk for chunk in chunks)
        text = "".join(chunk["response"] for chunk in chunks)
        thinking, close, answer = text.partition("</think>")
        assert close and "<think>" not in text
        assert thinking.startswith("Okay, so the user")
        assert answer.startswith("\n\n") and answer.strip()

        chat = {"model": name, "messages": [{"role": "user", "content": "Hi"}], "stream": False}
        _, raw = await call(server, "POST", "/api/chat", chat)
        assert orjson.loads(raw)["message"]["content"] == text
        status, raw = await call(server, "POST", "/api/chat", {**chat, "think": True})
        assert (status, orjson.loads(raw)) == (
            400,
            {"error": f'"{name}" does not support thinking'},
        )


async def test_other_gguf_models_answer_plainly() -> None:
    name = "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"
    async with FakeOllama(models=[]) as server:
        await pull(server, name)
        body = {"model": name, "prompt": "Hi", "stream": False}
        _, raw = await call(server, "POST", "/api/generate", body)
        assert orjson.loads(raw)["response"] == "Hello! How can I help you today?"
        assert not (await show(server, name))["template"].rstrip().endswith("<think>")


def test_inline_thinking_is_the_template_s_doing_not_the_name_s() -> None:
    """Any FakeModel whose template opens `<think>` (and cannot think) reasons in its reply."""
    model = FakeModel("my-reasoner", thinking="Hmm.", reply="Yes.", template="<think>\n")
    generation = Generation(model, Answer("Yes.", "Hmm."), {}, thinking=False, prompt_tokens=1)
    assert generation.text == "Hmm.\n</think>\n\nYes."
    capable = FakeModel(
        "t", thinking="Hmm.", capabilities=("completion", "thinking"), template="<think>"
    )
    generation = Generation(capable, Answer("Yes.", "Hmm."), {}, thinking=True, prompt_tokens=1)
    assert (generation.text, generation.thought) == ("Yes.", "Hmm.")


@pytest.mark.parametrize(
    ("name", "parts", "valid", "display"),
    [
        (
            "llama3.2",
            ("registry.ollama.ai", "library", "llama3.2", "latest"),
            True,
            "llama3.2:latest",
        ),
        (QWQ, ("hf-mirror.com", "Qwen", "QwQ-32B-GGUF", "Q4_0"), True, QWQ),
        ("me/model:v1", ("registry.ollama.ai", "me", "model", "v1"), True, "me/model:v1"),
        (
            "localhost:5000/a/b",
            ("localhost:5000", "a", "b", "latest"),
            True,
            "localhost:5000/a/b:latest",
        ),
        ("hf.co/QwQ-GGUF", ("registry.ollama.ai", "hf.co", "QwQ-GGUF", "latest"), False, None),
        ("/etc/passwd", ("!MISSING!", "etc", "passwd", "latest"), False, None),
        ("llama3.2:", ("registry.ollama.ai", "library", "llama3.2", "!MISSING!"), False, None),
        ("a/b/c/d", ("a/b", "c", "d", "latest"), False, None),
    ],
)
def test_model_names_are_cut_as_ollama_cuts_them(
    name: str, parts: tuple[str, ...], valid: bool, display: Optional[str]
) -> None:
    parsed = parse_name(name)
    assert (tuple(parsed[:4]), parsed.valid) == (parts, valid)
    if display is not None:
        assert parsed.display() == display


def test_the_server_and_the_client_agree_on_which_families_pre_fill_think() -> None:
    """Written down twice (the test server imports nothing of the client): pinned together here."""
    from ollama_async._thinktags import PREFILLING_MODELS, prefills_think
    from ollama_async.testing._huggingface import _PREFILLING

    assert set(_PREFILLING) == set(PREFILLING_MODELS)
    for family in _PREFILLING:
        model = hugging_face(f"hf.co/someone/My-{family}-7B-GGUF")
        assert model is not None and model.template.endswith("<think>\n"), family
        assert prefills_think(model.name)
