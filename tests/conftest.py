"""Shared fixtures: a FakeOllama server on loopback and a client talking to it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp import web

from ollama_async import AsyncClient
from ollama_async.testing import FakeModel, FakeOllama

CHAT_REPLY = "Hello there. How are you today?"


def default_models() -> list[FakeModel]:
    """The models most tests use: a chat model, a thinking model and an embedding model."""
    return [
        FakeModel("llama3.2", reply=CHAT_REPLY, capabilities=("completion", "tools")),
        FakeModel(
            "qwen3",
            reply="The answer is 4.",
            thinking="Two plus two is four.",
            capabilities=("completion", "tools", "thinking"),
        ),
        FakeModel("nomic-embed-text", embedding_dim=8, capabilities=("embedding",)),
    ]


@pytest.fixture
async def server() -> AsyncIterator[FakeOllama]:
    """A running FakeOllama with the default test models."""
    async with FakeOllama(models=default_models()) as fake:
        yield fake


@pytest.fixture
async def client(server: FakeOllama) -> AsyncIterator[AsyncClient]:
    """An AsyncClient connected to ``server``."""
    async with AsyncClient(server.url) as fresh:
        yield fresh


@asynccontextmanager
async def serve_app(app: web.Application) -> AsyncIterator[str]:
    """Run an aiohttp ``app`` on a free loopback port; yield its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run_example(script: str) -> str:
    """What `examples/script` prints, run with no Ollama to answer (so against FakeOllama)."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"OLLAMA_HOST": "127.0.0.1:9", "PATH": ""},
        check=True,
    )
    assert "using the built-in test server" in result.stdout
    return result.stdout
