"""Experimental image generation (Ollama v0.14.3–v0.32.5), against FakeOllama's image model."""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import AsyncIterator

import aiohttp
import pytest

import ollama_async as oa
from ollama_async.testing import FakeModel, FakeOllama

IMAGE_MODEL = FakeModel("x/z-image-turbo", capabilities=("image",))


@pytest.fixture
async def images() -> AsyncIterator[tuple[FakeOllama, oa.AsyncClient]]:
    async with (
        FakeOllama(models=[IMAGE_MODEL], version="0.20.0") as server,
        oa.AsyncClient(server.url) as client,
    ):
        yield server, client


def read_png(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking every chunk's CRC and the pixel data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, {}
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, kind
        chunks[kind] = body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 2)
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 3 * width)
    assert b"IEND" in chunks
    return width, height


async def test_generate_an_image(images: tuple[FakeOllama, oa.AsyncClient]) -> None:
    server, client = images
    reply = await client.generate("x/z-image-turbo", "a red fox", width=40, height=24, steps=3)
    assert reply.done and reply.done_reason == "stop"
    assert reply.image is not None
    assert read_png(base64.b64decode(reply.image)) == (40, 24)
    assert reply.response == ""
    body = server.requests[-1].json
    assert (body["width"], body["height"], body["steps"]) == (40, 24, 3)


async def test_stream_step_progress(images: tuple[FakeOllama, oa.AsyncClient]) -> None:
    _, client = images
    stream = await client.generate("x/z-image-turbo", "a fox", steps=5, stream=True)
    chunks = [chunk async for chunk in stream]
    progress, final = chunks[:-1], chunks[-1]
    assert [(c.completed, c.total) for c in progress] == [(step, 5) for step in range(1, 6)]
    assert all(c.image is None and not c.done for c in progress)
    assert final.done and final.image
    merged = stream.partial()
    assert merged is not None and merged.image == final.image
    assert read_png(base64.b64decode(final.image)) == (64, 64)


async def test_the_same_prompt_and_seed_give_the_same_image(
    images: tuple[FakeOllama, oa.AsyncClient],
) -> None:
    _, client = images
    one = await client.generate("x/z-image-turbo", "fox", options={"seed": 1})
    two = await client.generate("x/z-image-turbo", "fox", options={"seed": 1})
    other = await client.generate("x/z-image-turbo", "fox", options={"seed": 2})
    assert one.image == two.image != other.image


async def test_a_current_server_answers_400_clearly() -> None:
    async with (
        FakeOllama(models=[IMAGE_MODEL], version="0.33.0") as server,
        oa.AsyncClient(server.url) as client,
    ):
        for stream in (False, True):
            with pytest.raises(oa.BadRequestError, match="removed image generation") as info:
                await client.generate("x/z-image-turbo", "a fox", width=512, stream=stream)
            assert info.value.error == "image generation models are not currently supported"
        assert len(server.requests) == 2  # a 400 is not retried


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"width": 5000}, "width must be an int from 1 to 4096"),
        ({"height": 0}, "height must be an int from 1 to 4096"),
        ({"steps": -1}, "positive int"),
        ({"width": 2.5}, "from 1 to 4096"),
        ({"steps": True}, "positive int"),
    ],
)
async def test_bad_image_sizes_are_caught_before_sending(
    images: tuple[FakeOllama, oa.AsyncClient], kwargs: dict[str, object], message: str
) -> None:
    server, client = images
    with pytest.raises(oa.RequestError, match=message):
        await client.generate("x/z-image-turbo", "fox", **kwargs)  # type: ignore[call-overload]
    assert server.requests == []


async def test_fake_server_checks_sizes_as_ollama_did(
    images: tuple[FakeOllama, oa.AsyncClient],
) -> None:
    server, _ = images
    async with aiohttp.ClientSession() as session:
        body = {"model": "x/z-image-turbo", "prompt": "fox", "width": 8192, "stream": False}
        async with session.post(f"{server.url}/api/generate", json=body) as response:
            assert response.status == 400
            assert (await response.json()) == {"error": "width and height must be <= 4096"}
        body = {"model": "x/z-image-turbo", "prompt": "", "stream": False}
        async with session.post(f"{server.url}/api/generate", json=body) as response:
            assert (await response.json())["done_reason"] == "load"
