"""``python -m ollama_async.testing --port 11434``: serve FakeOllama until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
from typing import Optional

from ._models import default_models
from ._server import FakeOllama


def parse_args(argv: Optional[list[str]] = None) -> argparse.Namespace:
    """The command line: ``--host`` (default 127.0.0.1) and ``--port`` (default 11434, 0 = any)."""
    parser = argparse.ArgumentParser(
        prog="python -m ollama_async.testing",
        description="Serve a protocol-faithful fake Ollama with scripted models.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=11434, help="port (0 picks a free one)")
    parser.add_argument("--token-delay", type=float, default=0.0, help="seconds between tokens")
    return parser.parse_args(argv)


async def serve(host: str, port: int, token_delay: float = 0.0) -> None:
    """Run the server with the default models until cancelled, announcing its URL on stdout."""
    models = [dataclasses.replace(model, token_delay=token_delay) for model in default_models()]
    async with FakeOllama(models, host=host, port=port) as server:
        print(
            f"FakeOllama listening on {server.url} (models: {', '.join(server.models)})", flush=True
        )
        await asyncio.Event().wait()


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point."""
    args = parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, args.token_delay))


if __name__ == "__main__":
    main()
