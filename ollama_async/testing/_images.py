"""FakeOllama's experimental image models (protocol notes §8.3).

A model with the `"image"` capability answers `/api/generate` as
Ollama v0.14.3 to v0.32.5 did: one `{"completed": step, "total": steps}`
line per diffusion step, then a final line with the PNG in `image`. A
FakeOllama whose `version` is 0.32.6 or newer answers 400, as current
servers do, since image generation was removed.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import struct
import zlib
from collections.abc import AsyncGenerator, Mapping
from datetime import datetime, timezone
from typing import Any

from ._errors import HTTPError
from ._models import FakeModel

__all__ = ["REMOVED_IN", "image_lines", "png"]

REMOVED_IN = (0, 32, 6)
"""The first Ollama release without image generation."""

_DEFAULT_SIZE = 64  # pixels: real models default to 1024, but a test wants small bytes
_DEFAULT_STEPS = 4
_MAX_SIZE = 4096


def _version(text: str) -> tuple[int, ...]:
    numbers = text.lstrip("v").split("-", 1)[0].split(".")
    return tuple(int(number) for number in numbers if number.isdigit())


def png(width: int, height: int, seed: str) -> bytes:
    """A valid `width` × `height` PNG of one colour chosen by `seed`."""
    red, green, blue = hashlib.sha256(seed.encode()).digest()[:3]
    row = b"\x00" + bytes((red, green, blue)) * width  # filter byte "none", then RGB pixels

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _size(body: Mapping[str, Any], key: str, default: int) -> int:
    value = body.get(key) or 0
    if not isinstance(value, int) or isinstance(value, bool):
        raise HTTPError(
            400,
            f"json: cannot unmarshal {type(value).__name__} into Go struct field "
            f"GenerateRequest.{key} of type int32",
        )
    return value or default


async def image_lines(
    name: str, body: Mapping[str, Any], model: FakeModel, server_version: str
) -> AsyncGenerator[dict[str, Any], None]:
    """The lines an image model answers `body` with: step progress, then the image."""
    if _version(server_version) >= REMOVED_IN:
        raise HTTPError(400, "image generation models are not currently supported")
    width = _size(body, "width", _DEFAULT_SIZE)
    height = _size(body, "height", _DEFAULT_SIZE)
    steps = _size(body, "steps", _DEFAULT_STEPS)
    if width > _MAX_SIZE or height > _MAX_SIZE:
        raise HTTPError(400, "width and height must be <= 4096")
    prompt = body.get("prompt") or ""
    if not prompt:
        yield {**_head(name), "response": "", "done": True, "done_reason": "load"}
        return
    for step in range(1, steps + 1):
        if step > 1 and model.token_delay:
            await asyncio.sleep(model.token_delay)
        yield {**_head(name), "completed": step, "total": steps, "done": False}
    image = png(width, height, f"{prompt}:{(body.get('options') or {}).get('seed')}")
    yield {
        **_head(name),
        "response": "",
        "image": base64.b64encode(image).decode("ascii"),
        "done": True,
        "done_reason": "stop",
        "total_duration": 41_000_000 + 250_000_000 * steps,
        "load_duration": 41_000_000,
    }


def _head(name: str) -> dict[str, Any]:
    created = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
    return {"model": name, "created_at": created}
