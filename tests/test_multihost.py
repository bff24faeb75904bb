"""The docs/multihost.md nginx recipe, run for real in front of two FakeOllama servers."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama

from .system_programs import require_program

USER = [{"role": "user", "content": "Hi"}]
REPLY = "First sentence. Second sentence. Third one!"

CONFIG = """
daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    upstream ollama {{
        least_conn;
        server 127.0.0.1:{port_a} max_fails=2 fail_timeout=10s;
        server 127.0.0.1:{port_b} max_fails=2 fail_timeout=10s;
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location /ollama/ {{
            proxy_pass http://ollama/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host localhost:11434;
            proxy_buffering off;
            proxy_read_timeout 600s;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            client_max_body_size 0;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def wait_for_port(port: int) -> None:
    for _ in range(200):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.02)  # nginx is starting; no event to wait on across processes
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise TimeoutError(f"nginx did not listen on {port}")


@pytest.fixture
async def balanced(tmp_path: Path) -> AsyncIterator[tuple[str, FakeOllama, FakeOllama]]:
    """nginx on a free port, balancing /ollama/ over two FakeOllama servers."""
    models = [FakeModel("llama3.2", reply=REPLY, token_delay=0.01, capabilities=("completion",))]
    async with (
        FakeOllama(models=models, allowed_hosts=["localhost"]) as a,
        FakeOllama(models=models, allowed_hosts=["localhost"]) as b,
    ):
        port = free_port()
        config = tmp_path / "nginx.conf"
        config.write_text(
            CONFIG.format(
                dir=tmp_path,
                port=port,
                port_a=a.url.rsplit(":", 1)[1],
                port_b=b.url.rsplit(":", 1)[1],
            )
        )
        nginx = require_program("nginx", apt="nginx-light", also=("/usr/sbin/nginx",))
        process = await asyncio.create_subprocess_exec(
            nginx, "-p", str(tmp_path), "-c", str(config), stderr=asyncio.subprocess.PIPE
        )
        try:
            await wait_for_port(port)
            yield f"http://127.0.0.1:{port}/ollama", a, b
        finally:
            process.terminate()
            await process.wait()


async def test_requests_and_streams_pass_through(
    balanced: tuple[str, FakeOllama, FakeOllama],
) -> None:
    url, a, b = balanced
    async with oa.AsyncClient(url) as client:
        assert await client.version() == "0.33.0"
        for _ in range(4):
            stream = await client.chat("llama3.2", USER, stream=True)
            assert [s async for s in stream.sentences()] == [
                "First sentence. ",
                "Second sentence. ",
                "Third one!",
            ]
            assert stream.chunks_received > 3  # unbuffered: chunk by chunk
    assert a.requests
    assert b.requests
    assert all(r.path.startswith("/api/") for r in a.requests + b.requests)


async def test_a_busy_server_is_absorbed(balanced: tuple[str, FakeOllama, FakeOllama]) -> None:
    url, a, b = balanced
    a.fail_next(503, times=2)
    b.fail_next(503, times=1)
    async with oa.AsyncClient(url) as client:
        for _ in range(3):
            assert (await client.chat("llama3.2", USER)).message.content == REPLY


async def test_breaking_out_stops_the_upstream_generation(
    balanced: tuple[str, FakeOllama, FakeOllama],
) -> None:
    url, a, b = balanced
    long = FakeModel("long", reply="word " * 500, token_delay=0.01)
    a.models["long:latest"] = b.models["long:latest"] = long
    async with oa.AsyncClient(url) as client:
        async for _ in await client.generate("long", "Hi", stream=True):
            break
        done, _ = await asyncio.wait(
            [asyncio.ensure_future(server.wait_for_disconnect(timeout=5)) for server in (a, b)],
            return_when=asyncio.FIRST_COMPLETED,
        )
        disconnect = done.pop().result()
        assert disconnect.path == "/api/generate"
        assert disconnect.lines_sent < 500
