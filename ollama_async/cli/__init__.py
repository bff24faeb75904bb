"""`ollama-async`: the command line (also `python -m ollama_async`).

Commands and flags follow the `ollama` CLI. Errors print one line on
stderr (`Error: ...`) and exit with status 1; Ctrl-C exits with 130.
Runs on uvloop when it is installed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Coroutine, Sequence
from datetime import datetime, timezone
from typing import Any, NoReturn, Optional

from .. import AsyncClient, OllamaError, RequestError, __version__
from .._host import parse_host
from ._layout import human_bytes, human_time, processor, show_info, table
from ._output import CLIError, colours, describe
from ._progress import ProgressBar
from ._reply import Display, print_reply
from ._run import pull_with_progress
from ._run import run as run_model
from ._settings import add_run_arguments, read_prompt

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """Bad flags and arguments are one-line errors with status 1, as everywhere else."""

    def error(self, message: str) -> NoReturn:
        usage = self.format_usage() if "arguments are required" in message else ""
        self.exit(1, f"Error: {message}\n{usage}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per action."""
    parser = _Parser(prog="ollama-async", description="Talk to Ollama from the shell.")
    parser.add_argument("--host", help="Ollama server (default: $OLLAMA_HOST or 127.0.0.1:11434)")
    parser.add_argument("--version", action="version", version=f"ollama-async {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    run = commands.add_parser(
        "run", aliases=["chat"], help="answer a prompt, or chat in a terminal (as `ollama run`)"
    )
    add_run_arguments(run)

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

    listing = commands.add_parser("list", aliases=["ls"], help="installed models")
    listing.add_argument("prefix", nargs="?", default="")
    running = commands.add_parser("ps", help="models loaded in memory")
    running.add_argument("prefix", nargs="?", default="")
    show = commands.add_parser("show", help="details of a model")
    show.add_argument("model")
    remove = commands.add_parser("rm", help="delete models")
    remove.add_argument("models", nargs="+")
    copy = commands.add_parser("cp", help="copy a model")
    copy.add_argument("source")
    copy.add_argument("destination")
    commands.add_parser("version", help="the server's version")
    fake = commands.add_parser("serve-fake", help="run the built-in Ollama test server")
    fake.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    fake.add_argument("--port", type=int, default=11434, help="port (0 picks a free one)")
    fake.add_argument("--token-delay", type=float, default=0.0, help="seconds between tokens")
    fake.add_argument("--reply", metavar="TEXT", help="what every chat model answers")
    fake.add_argument(
        "--script", metavar="FILE", help="JSON array or NDJSON of replies, answered in order"
    )
    return parser


async def dispatch(client: AsyncClient, args: argparse.Namespace) -> None:
    """Carry out one parsed command other than `serve-fake`."""
    out, err = sys.stdout, sys.stderr
    command = args.command
    if command in ("run", "chat"):
        await run_model(client, args, out, err)
    elif command == "generate":
        display = Display(out, err, colours(out), spinner=err.isatty(), sentences=args.sentences)
        stream = await client.generate(args.model, args.prompt, stream=True)
        reply = await print_reply(stream, display)
        if not args.sentences and reply.text:
            out.write("\n")
        if reply.image is not None:
            out.write(f"Image saved to {reply.image}\n")
    elif command == "pull":
        await pull_with_progress(client, args.model, args.insecure, err)
    elif command in ("push", "create"):
        if command == "create":
            progress = await client.create(
                args.model, from_=args.base, system=args.system, quantize=args.quantize, stream=True
            )
        else:
            progress = await client.push(args.model, insecure=args.insecure, stream=True)
        bar = ProgressBar(err, verb="pushing" if command == "push" else "creating")
        try:
            async with progress:
                async for update in progress:
                    bar.update(update)
        finally:
            bar.close()
    elif command in ("list", "ls"):
        now = datetime.now(timezone.utc)
        rows = [
            [m.name, (m.digest or "")[:12], human_bytes(m.size or 0) if m.size else "-",
             human_time(m.modified_at, now)]
            for m in (await client.list()).models
            if m.name.lower().startswith(args.prefix.lower())
        ]  # fmt: skip
        out.write(table(["NAME", "ID", "SIZE", "MODIFIED"], rows))
    elif command == "ps":
        now = datetime.now(timezone.utc)
        rows = [
            [m.name, (m.digest or "")[:12], human_bytes(m.size or 0), processor(m),
             str(m.context_length or 0), _until(m.expires_at, now)]
            for m in (await client.ps()).models
            if m.name.startswith(args.prefix)
        ]  # fmt: skip
        out.write(table(["NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL"], rows))
    elif command == "show":
        out.write(show_info(await client.show(args.model)))
    elif command == "rm":
        for model in args.models:
            try:  # unload first, as ollama does
                await client.unload(model)
            except OllamaError as exc:
                if "not found" not in str(exc).lower():
                    err.write(f"Warning: unable to stop model '{model}'\n")
            try:
                await client.delete(model)
            except OllamaError as exc:  # no "pull it" advice for a model being removed
                raise CLIError(describe(exc, client.base_url, hints=False)) from None
            out.write(f"deleted '{model}'\n")
    elif command == "cp":
        await client.copy(args.source, args.destination)
        out.write(f"copied '{args.source}' to '{args.destination}'\n")
    else:
        out.write(await client.version() + "\n")


def _until(moment: Optional[datetime], now: datetime) -> str:
    if moment is not None and moment < now:
        return "Stopping..."
    return human_time(moment, now)


async def _main(args: argparse.Namespace, host: Optional[str], base_url: str) -> int:
    """Run the command with Ctrl-C cancelling it; the exit status."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    interrupted = False

    def interrupt() -> None:
        nonlocal interrupted
        interrupted = True
        task.cancel()

    with contextlib.suppress(NotImplementedError):  # Windows: KeyboardInterrupt instead
        loop.add_signal_handler(signal.SIGINT, interrupt)
    try:
        if args.command == "serve-fake":
            from ..testing.__main__ import serve_args  # aiohttp.web only when serving

            await serve_args(args)
            return 0
        async with AsyncClient(host) as client:
            await dispatch(client, args)
        return 0
    except asyncio.CancelledError:
        if not interrupted:
            raise
        return 130
    except (OllamaError, CLIError) as exc:
        with contextlib.suppress(BrokenPipeError):
            sys.stdout.flush()
        print(f"Error: {describe(exc, base_url)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `| head` stopped reading: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def run_loop(coroutine: Coroutine[Any, Any, int]) -> int:
    """Run `coroutine` on uvloop when it is installed, else on asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def _host_setting(args: argparse.Namespace) -> tuple[Optional[str], str]:
    """The host to use and its base URL; a one-line error naming the bad part."""
    origin = "--host" if args.host is not None else "OLLAMA_HOST"
    host = args.host if args.host is not None else os.environ.get("OLLAMA_HOST")
    try:
        return host, parse_host(host, origin).base_url
    except RequestError as exc:  # the library's own message, worded for a shell
        raise CLIError(str(exc)) from None


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Entry point of the `ollama-async` command."""
    parser = build_parser()
    # A bare --think means true and takes no value, as with ollama: in
    # `--think high` the word belongs to the prompt; levels go `--think=high`.
    words = sys.argv[1:] if argv is None else list(argv)
    if not words:  # as `ollama` alone does: what there is to do
        parser.print_help()
        raise SystemExit(0)
    args, extra = parser.parse_known_args(["--think=true" if w == "--think" else w for w in words])
    flags = [word for word in extra if word.startswith("-")]
    if args.command in ("run", "chat") and not flags:
        args.prompt += extra  # prompt words may follow the flags, as with ollama
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        host, base_url = _host_setting(args)
    except CLIError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    try:
        if args.command in ("run", "chat"):
            read_prompt(args, sys.stdin, sys.stdout)
        status = run_loop(_main(args, host, base_url))
    except KeyboardInterrupt:  # reading stdin, or where signal handlers cannot be installed
        status = 130
    raise SystemExit(status)
