"""The interactive chat REPL: streaming replies, sentence mode, thinking, Ctrl-C per reply."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from typing import Any, Optional

from .. import AsyncClient, ChatStream, ReplyStream

__all__ = ["chat_repl", "print_reply"]

DIM, RESET = "\x1b[2m", "\x1b[0m"


async def print_reply(stream: ReplyStream[Any], *, sentences: bool, think: bool) -> str:
    """Print one streamed reply; return the text the user saw (all of it, or up to Ctrl-C)."""
    out = sys.stdout
    shown: list[str] = []
    started = time.perf_counter()
    try:
        if sentences:
            async for sentence in stream.sentences():
                shown.append(sentence)
                elapsed = time.perf_counter() - started
                out.write(f"{DIM}[{elapsed:5.2f}s]{RESET} {sentence.strip()}\n")
                out.flush()
            return "".join(shown)
        if think:
            thinking = False
            async for chunk in stream:
                thought, text = stream._thinking(chunk.raw), stream._content(chunk.raw)
                if thought:
                    out.write(thought if thinking else DIM + thought)
                    thinking = True
                if text:
                    if thinking:
                        out.write(RESET + "\n")
                        thinking = False
                    out.write(text)
                    shown.append(text)
                out.flush()
            out.write((RESET if thinking else "") + "\n")
            return "".join(shown)
        async for token in stream.text():
            out.write(token)
            out.flush()
            shown.append(token)
        out.write("\n")
        return "".join(shown)
    finally:
        await stream.aclose()


async def chat_repl(
    client: AsyncClient, model: str, *, sentences: bool, think: bool, system: Optional[str]
) -> None:
    """Read prompts until EOF or ``/bye``; Ctrl-C stops the reply being printed, not the program."""
    messages: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    loop = asyncio.get_running_loop()
    reply: Optional[asyncio.Task[str]] = None

    def interrupt() -> None:
        if reply is not None and not reply.done():
            reply.cancel()
        else:
            sys.stdout.write("\n(Ctrl-D or /bye to quit)\n>>> ")
            sys.stdout.flush()

    async def turn(streams: list[ChatStream]) -> str:
        # One task for the request and the reply: Ctrl-C also works while the
        # model is still loading and no byte has come back.
        stream = await client.chat(model, messages, stream=True, think=think or None)
        streams.append(stream)
        return await print_reply(stream, sentences=sentences, think=think)

    with contextlib.suppress(NotImplementedError):  # Windows: Ctrl-C ends the program
        loop.add_signal_handler(signal.SIGINT, interrupt)
    try:
        while True:
            try:
                prompt = await asyncio.to_thread(input, ">>> ")
            except EOFError:
                sys.stdout.write("\n")
                return
            if prompt.strip() in ("/bye", "/exit"):
                return
            if not prompt.strip():
                continue
            messages.append({"role": "user", "content": prompt})
            streams: list[ChatStream] = []
            reply = asyncio.ensure_future(turn(streams))
            try:
                text = await reply
            except asyncio.CancelledError:
                text = _heard(streams[0], sentences) if streams else ""
                sys.stdout.write(f"{RESET}\n[interrupted]\n")
            reply = None
            messages.append({"role": "assistant", "content": text})
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGINT)


def _heard(stream: ChatStream, sentences: bool) -> str:
    """After Ctrl-C: what was on screen goes into the history."""
    if sentences:
        return "".join(stream.sentences_yielded)
    partial = stream.partial()
    return partial.message.content if partial is not None else ""
