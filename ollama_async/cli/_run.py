"""`ollama-async run MODEL [PROMPT]`: pull if missing, then one answer or the REPL."""

from __future__ import annotations

import argparse
from typing import TextIO

import orjson

from .. import AsyncClient, ModelNotFoundError, ShowResponse
from ._inline import prefills
from ._output import CLIError, colours
from ._progress import ProgressBar
from ._repl import Repl
from ._reply import Display, finish_reply, print_reply
from ._settings import RunSettings, terminal_width
from ._speak import Speaker

__all__ = ["ensure_model", "pull_with_progress", "run"]


async def pull_with_progress(client: AsyncClient, model: str, insecure: bool, err: TextIO) -> None:
    """Pull `model` with the progress bar; the bar's line is ended even on Ctrl-C."""
    bar = ProgressBar(err)
    try:
        stream = await client.pull(model, insecure=insecure, stream=True)
        async with stream:
            async for update in stream:
                bar.update(update)
    finally:
        bar.close()


async def ensure_model(
    client: AsyncClient, model: str, insecure: bool, err: TextIO
) -> ShowResponse:
    """`show` the model, pulling it first when it is not installed (as `ollama run` does)."""
    try:
        return await client.show(model)
    except ModelNotFoundError:
        pass
    await pull_with_progress(client, model, insecure, err)
    return await client.show(model)


async def run(client: AsyncClient, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    """Carry out `run`: one answer for a prompt or piped input, else the REPL."""
    settings = RunSettings.from_args(args)
    prompt, interactive = args.prompt_text, args.interactive
    speaker = Speaker.find(err, args.speak_to) if args.speak or args.speak_to else None
    info = await ensure_model(client, settings.model, settings.insecure, err)
    capabilities = list(info.capabilities or [])
    if not settings.think_given and "thinking" in capabilities:
        settings.think = True
    if "embedding" in capabilities:
        if not prompt:
            raise CLIError(
                "embedding models require input text. "
                f'Usage: ollama-async run {settings.model} "your text here"'
            )
        result = await client.embed(settings.model, prompt, keep_alive=settings.keep_alive)
        out.write(orjson.dumps(list(result.embeddings[0])).decode() + "\n")
        return
    display = Display(
        out=out,
        err=err,
        colours=colours(out),
        spinner=err.isatty(),
        hide_thinking=args.hidethinking,
        sentences=args.sentences,
        verbose=args.verbose,
        speaker=speaker,
        wrap_width=None if args.nowordwrap else terminal_width(out),
        think_prefill=prefills(settings.model, info),
    )
    if interactive and "image" in capabilities:
        raise CLIError(
            f'image generation models need a prompt: ollama-async run {settings.model} "a red fox"'
        )
    try:
        if interactive:
            await Repl(client, settings, display, capabilities).loop()
        elif prompt:
            stream = await client.generate(
                settings.model,
                prompt,
                stream=True,
                system=settings.system,
                think=settings.think,
                format=settings.format,
                keep_alive=settings.keep_alive,
            )
            reply = await print_reply(stream, display)
            if speaker is not None:
                await speaker.finish()
            finish_reply(reply, display)
        else:  # an empty prompt only loads the model, as ollama does
            await client.generate(settings.model, keep_alive=settings.keep_alive)
    finally:
        if speaker is not None:
            await speaker.aclose()
