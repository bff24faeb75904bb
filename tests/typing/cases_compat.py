# ruff: noqa: F821 - reveal_type is a mypy builtin
"""Type-checking cases: mypy must report exactly the errors and types marked on each line.

Run by ``test_typing.py``; excluded from the project's own mypy run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ollama
import pydantic

import ollama_async as oa


class Answer(pydantic.BaseModel):
    answer: str


async def cases(client: oa.AsyncClient) -> None:
    # Options as a dict literal are checked against the Options TypedDict.
    await client.chat("m", options={"temperature": 0.2, "stop": ["\n"]})
    await client.chat("m", options={"max_tokens": 5})  # E: call-overload
    await client.generate("m", "hi", options={"temperature": "hot"})  # E: call-overload
    await client.embed("m", "hi", options={"num_ctx": 2048})
    await client.embed("m", "hi", options={"num_ctxx": 2048})  # E: arg-type
    await client.embed("m", "hi", options={"seed": "1"})  # E: arg-type
    annotated: oa.Options = {"num_predict": 3}
    await client.chat("m", options=annotated)
    loose: Mapping[str, Any] = {"num_predict": 3}
    await client.chat("m", options=loose)  # E: call-overload

    # The official package's types are accepted as they are.
    await client.chat("m", options=ollama.Options(temperature=0))
    await client.chat(
        "m",
        [ollama.Message(role="developer", content="hi"), {"role": "user", "content": "x"}],
        tools=[ollama.Tool(type="function", function=ollama.Tool.Function(name="f"))],
    )
    await client.generate("m", "hi", images=[ollama.Image(value=b"png")])
    await client.generate("m", "hi", images=ollama.Image(value="pixel.png"))
    await client.generate("m", "hi", images=[42])  # E: list-item

    # A pydantic class as format, and the reply read back as one.
    reply = await client.chat("m", [{"role": "user", "content": "?"}], format=Answer)
    reveal_type(reply.message.parsed(Answer))  # R: tests.typing.cases_compat.Answer
    reveal_type(reply.parsed(Answer).answer)  # R: str
    reply.parsed(dict)  # E: type-var

    # Responses: the official names, and plain data back.
    shown = await client.show("m")
    reveal_type(shown.modelinfo)  # R: typing.Mapping[str, Any] | None
    reveal_type(shown.model_dump())  # R: dict[str, Any]
    reveal_type(reply.model_dump_json(indent=2))  # R: str
    image = await client.generate("m", "a fox", width=512, height=512, steps=4)
    reveal_type(image.image)  # R: str | None
    found = await client.web_search("ollama", max_results=5)
    reveal_type(found.results[0].url)  # R: str
    await client.web_fetch(url=3)  # E: arg-type
