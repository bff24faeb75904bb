"""The voice frameworks the integration tests run in: imported, or skipped only where they can't be.

`make check` installs them (the `frameworks` extra) on the Pythons they
support. On an older Python the tests skip and say why; on a supported one a
missing framework is a skip locally and a failure on CI (`CI` set), as for
the real programs of `tests/system_programs.py`.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import sys

import pytest

from ollama_async import AsyncClient, split_sentences
from ollama_async.testing import FakeOllama

from .conftest import EXAMPLES
from .conftest import run_example as run_output

__all__ = [
    "EXAMPLE_SAID",
    "require_framework",
    "run_example",
    "said_by_example",
    "spoken_in_order",
]


def require_framework(module: str, *, package: str, python: tuple[int, int]) -> None:
    """Import `module` (from PyPI's `package`, which needs `python`), or skip the test module."""
    if sys.version_info < python:
        pytest.skip(
            f"{package} needs Python {python[0]}.{python[1]} or newer "
            f"(this is {sys.version_info.major}.{sys.version_info.minor})",
            allow_module_level=True,
        )
    try:
        importlib.import_module(module)
    except ImportError as exc:
        message = (
            f"{package} is not installed ({exc}): .venv/bin/pip install -e '.[dev,frameworks]'"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message}; make check installs it on CI", pytrace=False)
        pytest.skip(message, allow_module_level=True)


# What both voice examples' TTS is asked to say: their scripted reply, read aloud.
EXAMPLE_SAID = [
    "Install Ollama from its website.",
    "Then run ollama pull qwen3, which takes a few minutes, e.g. on a laptop.",
    "Start chatting with ollama run qwen3!",
]


def run_example(script: str) -> list[str]:
    """The lines `examples/script` prints, run against FakeOllama."""
    return run_output(script).splitlines()


def spoken_in_order(lines: list[str]) -> list[str]:
    """What an example's TTS said (its `speak:` lines), checking the first came before the end."""
    said = [line.split("speak: ", 1)[1] for line in lines if "speak: " in line]
    first = next(i for i, line in enumerate(lines) if "speak: " in line)
    finished = next(i for i, line in enumerate(lines) if "the model finished writing" in line)
    assert first < finished, lines  # spoken while the model was still writing
    return said


async def said_by_example(name: str) -> list[str]:
    """What `examples/name.py`'s `ask()` has its TTS say, against FakeOllama, checked to be
    our sentences of its scripted reply, read aloud (Markdown stripped, code skipped)."""
    sys.path.insert(0, str(EXAMPLES))
    example = importlib.import_module(name)
    fake = dataclasses.replace(example.FAKE, token_delay=0.0)
    async with FakeOllama(models=[fake]) as server, AsyncClient(server.url) as client:
        said: list[str] = await example.ask(client, fake.name, "How?")
    expected = split_sentences(fake.reply, strip_markdown=True, skip_code=True)
    assert said == [sentence.strip() for sentence in expected]
    return said
