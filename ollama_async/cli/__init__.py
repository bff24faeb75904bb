"""``ollama-async``: the command line (also ``python -m ollama_async``).

Errors print one line on stderr and exit with status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Optional, TextIO

from .. import AsyncClient, OllamaError, __version__
from ._chat import chat_repl, print_reply
from ._progress import ProgressBar, format_bytes

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per action."""
    parser = argparse.ArgumentParser(
        prog="ollama-async", description="Talk to Ollama from the shell."
    )
    parser.add_argument("--host", help="Ollama server (default: $OLLAMA_HOST or 127.0.0.1:11434)")
    parser.add_argument("--version", action="version", version=f"ollama-async {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chat = commands.add_parser("chat", help="interactive chat (Ctrl-C stops a reply, Ctrl-D quits)")
    chat.add_argument("model")
    chat.add_argument(
        "--sentences", action="store_true", help="one sentence per line, with latency"
    )
    chat.add_argument("--think", action="store_true", help="show the model's thinking, dimmed")
    chat.add_argument("--system", help="system prompt")

    generate = commands.add_parser("generate", help="complete one prompt")
    generate.add_argument("model")
    generate.add_argument("prompt")
    generate.add_argument(
        "--sentences", action="store_true", help="one sentence per line, with latency"
    )

    for name, verb in (("pull", "download"), ("push", "upload")):
        sub = commands.add_parser(name, help=f"{verb} a model, with a progress bar")
        sub.add_argument("model")
        sub.add_argument("--insecure", action="store_true")
    create = commands.add_parser("create", help="create a model from another one")
    create.add_argument("model")
    create.add_argument("--from", dest="base", required=True, help="the model to start from")
    create.add_argument("--system", help="system prompt to store")
    create.add_argument("--quantize", help="e.g. q4_K_M")

    commands.add_parser("list", help="installed models")
    commands.add_parser("ps", help="models loaded in memory")
    show = commands.add_parser("show", help="details of a model")
    show.add_argument("model")
    remove = commands.add_parser("rm", help="delete models")
    remove.add_argument("models", nargs="+")
    copy = commands.add_parser("cp", help="copy a model")
    copy.add_argument("source")
    copy.add_argument("destination")
    commands.add_parser("version", help="the server's version")
    fake = commands.add_parser("serve-fake", help="run the built-in Ollama test server")
    fake.add_argument("--port", type=int, default=11434)
    fake.add_argument("--token-delay", type=float, default=0.0, help="seconds between tokens")
    return parser


async def run(args: argparse.Namespace) -> None:
    """Carry out one parsed command."""
    if args.command == "serve-fake":
        from ..testing.__main__ import serve

        await serve("127.0.0.1", args.port, args.token_delay)
        return
    out = sys.stdout
    async with AsyncClient(args.host) as client:
        command = args.command
        if command == "chat":
            await chat_repl(
                client, args.model, sentences=args.sentences, think=args.think, system=args.system
            )
        elif command == "generate":
            stream = await client.generate(args.model, args.prompt, stream=True)
            await print_reply(stream, sentences=args.sentences, think=False)
        elif command in ("pull", "push", "create"):
            if command == "create":
                progress = await client.create(
                    args.model,
                    from_=args.base,
                    system=args.system,
                    quantize=args.quantize,
                    stream=True,
                )
            else:
                method = client.pull if command == "pull" else client.push
                progress = await method(args.model, insecure=args.insecure, stream=True)
            bar = ProgressBar(
                sys.stderr, verb={"pull": "pulling", "push": "pushing"}.get(command, "creating")
            )
            async for update in progress:
                bar.update(update)
        elif command == "list":
            rows = [
                (
                    m.name,
                    m.digest[:12] if m.digest else "",
                    format_bytes(m.size or 0),
                    _ago(m.modified_at),
                )
                for m in (await client.list()).models
            ]
            _table(out, ("NAME", "ID", "SIZE", "MODIFIED"), rows)
        elif command == "ps":
            running = [
                (
                    m.name,
                    format_bytes(m.size or 0),
                    format_bytes(m.size_vram or 0),
                    str(m.context_length or ""),
                    _until(m.expires_at),
                )
                for m in (await client.ps()).models
            ]
            _table(out, ("NAME", "SIZE", "VRAM", "CONTEXT", "UNTIL"), running)
        elif command == "show":
            info = await client.show(args.model)
            details = info.details
            out.write(f"  model\n    family          {details.family if details else ''}\n")
            out.write(f"    parameters      {details.parameter_size if details else ''}\n")
            out.write(f"    quantization    {details.quantization_level if details else ''}\n")
            out.write(f"  capabilities\n    {', '.join(info.capabilities or [])}\n")
            if info.parameters:
                out.write(
                    "  parameters\n"
                    + "".join(f"    {line}\n" for line in info.parameters.splitlines())
                )
        elif command == "rm":
            for model in args.models:
                await client.delete(model)
                out.write(f"deleted '{model}'\n")
        elif command == "cp":
            await client.copy(args.source, args.destination)
            out.write(f"copied '{args.source}' to '{args.destination}'\n")
        else:
            out.write(await client.version() + "\n")


def _table(out: TextIO, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        line = "    ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
        out.write(line + "\n")


def _ago(moment: Optional[datetime]) -> str:
    if moment is None:
        return ""
    seconds = (datetime.now(timezone.utc) - moment).total_seconds()
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


def _until(moment: Optional[datetime]) -> str:
    if moment is None:
        return ""
    seconds = (moment - datetime.now(timezone.utc)).total_seconds()
    return (
        "forever" if seconds > 10 * 365 * 86400 else f"{max(seconds, 0) / 60:.0f} minutes from now"
    )


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Entry point of the ``ollama-async`` command."""
    args = build_parser().parse_args(argv)
    try:
        asyncio.run(run(args))
    except OllamaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
