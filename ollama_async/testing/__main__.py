"""`python -m ollama_async.testing --port 11434`: serve FakeOllama until Ctrl-C.

`--reply TEXT` makes every chat model answer TEXT; `--script FILE` queues
scripted replies (a JSON array or NDJSON, see `._script`) that the next
requests answer in order. Other programs (`ollama-async serve-fake`) reuse
`add_arguments` and `serve_args`, or call `serve` with their own options.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import sys
from typing import Optional

from ._huggingface import hugging_face
from ._models import FakeModel, default_models
from ._script import load_script
from ._server import FakeOllama


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the server's options to `parser`: host, port, token delay, reply, script."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=11434, help="port (0 picks a free one)")
    parser.add_argument("--token-delay", type=float, default=0.0, help="seconds between tokens")
    parser.add_argument(
        "--reply", metavar="TEXT", help="what every chat model answers (default: its own reply)"
    )
    parser.add_argument(
        "--script",
        metavar="FILE",
        help="JSON array or NDJSON of replies the next requests answer in order "
        '(e.g. "Hi." or {"reply": ..., "thinking": ..., "tool_calls": [...], '
        '"error": ..., "status": 503, "delay": 1.5})',
    )


def parse_args(argv: Optional[list[str]] = None) -> argparse.Namespace:
    """The command line: `--host`, `--port` (0 = any), `--token-delay`, `--reply`, `--script`."""
    parser = argparse.ArgumentParser(
        prog="python -m ollama_async.testing",
        description="Serve a protocol-faithful fake Ollama with scripted models.",
    )
    add_arguments(parser)
    return parser.parse_args(argv)


async def serve(
    host: str,
    port: int,
    token_delay: float = 0.0,
    *,
    reply: Optional[str] = None,
    script: Optional[str] = None,
) -> None:
    """Run the server with the default models until cancelled, announcing its URL on stdout.

    It pulls Hugging Face GGUF names too (`hf.co/{user}/{repo}:{quant}`, see
    `hugging_face`). `reply` replaces every chat model's answer (pulled ones'
    too), `token_delay` paces every model; `script` is a file of
    scripted replies, queued in order. A script that cannot be read or parsed
    prints `error: --script: <file>: line N: <problem>` and exits with status 2.
    """
    try:
        replies = load_script(script) if script else []
    except (OSError, ValueError) as exc:
        print(f"error: --script: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

    def configured(model: FakeModel) -> FakeModel:
        model = dataclasses.replace(model, token_delay=token_delay)
        if reply is not None and "completion" in model.capabilities:
            model = dataclasses.replace(model, reply=reply, tool_calls=None)
        return model

    def hub(name: str) -> Optional[FakeModel]:
        model = hugging_face(name)
        return None if model is None else configured(model)

    models = [configured(model) for model in default_models()]
    async with FakeOllama(models, hub=hub, host=host, port=port, replies=replies) as server:
        print(
            f"FakeOllama listening on {server.url} (models: {', '.join(server.models)})", flush=True
        )
        await asyncio.Event().wait()


async def serve_args(args: argparse.Namespace) -> None:
    """Serve as the options `add_arguments` added ask."""
    await serve(args.host, args.port, args.token_delay, reply=args.reply, script=args.script)


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point: parse `argv` (default: `sys.argv[1:]`) and serve until Ctrl-C."""
    args = parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_args(args))


if __name__ == "__main__":
    main()
