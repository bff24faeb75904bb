"""What one generate or chat request produces: thinking, text, tool calls, logprobs, metrics.

The I/O-free core of FakeOllama's two inference routes. `compose`
decides the answer (the model's reply, JSON for `format`, a tool call for
a tool model), `Generation` cuts it into tokens and chunks.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import AsyncGenerator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Callable, Optional

import orjson

from ._errors import HTTPError
from ._models import FakeModel, reply_tokens, thinks_inline, tool_call
from ._schema import instance

__all__ = ["Answer", "Generation", "compose", "logprob_entries"]

Chunk = Callable[[str, str], dict[str, Any]]
"""Builds one streamed line from its text and thinking."""

# Alternatives offered in `top_logprobs`, after the token that was chosen.
_ALTERNATIVES = (
    " the", ",", " a", ".", " and", " to", " of", " is", " in", " I", " it",
    " that", " you", " for", " on", " with", " was", " as", " be", " at", " this",
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(frozen=True)
class Answer:
    """What the model says: `text` after `thinking`, and its `tool_calls`."""

    text: str
    thinking: str = ""
    tool_calls: Sequence[Mapping[str, Any]] = ()


def compose(
    model: FakeModel, body: Mapping[str, Any], *, chat: bool, verbatim: bool = False
) -> Answer:
    """The answer `model` gives to `body`; a `verbatim` (scripted) reply is kept as is.

    With `format`, a reply that is not JSON becomes a JSON object (`"json"`)
    or an instance of the schema, as a constrained model's output would be.
    A model whose `tool_calls` is `"auto"` calls the request's best-matching
    tool, and answers the tool's result in prose.
    """
    thinking = model.thinking or ""
    messages: list[Any] = list(body.get("messages") or []) if chat else []
    last = messages[-1] if messages and isinstance(messages[-1], Mapping) else {}
    answering_a_tool = last.get("role") == "tool"
    tools = [t for t in body.get("tools") or () if isinstance(t, Mapping)] if chat else []
    if tools and not answering_a_tool:
        if model.tool_calls == "auto":
            return Answer("", thinking, [_call_for(_prompt(messages), tools)])
        if model.tool_calls:
            calls = [call for call in model.tool_calls if isinstance(call, Mapping)]
            return Answer(_formatted(model.reply, body, verbatim), thinking, calls)
    if answering_a_tool and model.tool_calls == "auto":
        return Answer(_formatted(_prose_about(messages), body, verbatim), thinking)
    return Answer(_formatted(model.reply, body, verbatim), thinking)


def _formatted(reply: str, body: Mapping[str, Any], verbatim: bool) -> str:
    """`reply` as a model constrained by the request's `format` would write it."""
    schema = body.get("format")
    if verbatim or schema in (None, "") or _is_json(reply):
        return reply
    value = {"answer": reply} if schema == "json" else instance(schema, reply)
    # Spaces after separators, as models write JSON, so it streams in several chunks.
    return json.dumps(value, ensure_ascii=False)


def _is_json(text: str) -> bool:
    try:
        orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    return True


def _prompt(messages: Sequence[Any]) -> str:
    """The last user message's text."""
    for message in reversed(messages):
        if isinstance(message, Mapping) and message.get("role") == "user":
            return str(message.get("content") or "")
    return ""


def _call_for(prompt: str, tools: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A call of the tool whose name and description share most words with `prompt`.

    Its arguments are an instance of the tool's `parameters` schema whose
    strings are the prompt's last capitalised word after the first (`Tokyo`
    in `What is the weather in Tokyo?`), else `"example"`.
    """
    words = {word.lower() for word in _WORD.findall(prompt)}

    def score(tool: Mapping[str, Any]) -> int:
        function = tool.get("function") or {}
        text = f"{function.get('name', '')} {function.get('description', '')}".replace("_", " ")
        return len(words & {word.lower() for word in _WORD.findall(text)})

    best = max(tools, key=score)  # the first of the best, as max keeps the first
    function = best.get("function") or {}
    names = [word for word in _WORD.findall(prompt)[1:] if word[:1].isupper()]
    arguments = instance(function.get("parameters") or {}, names[-1] if names else "example")
    if not isinstance(arguments, dict):  # no object schema: arguments are still an object
        arguments = {}
    return {"function": {"name": function.get("name", ""), "arguments": arguments}}


def _prose_about(messages: Sequence[Any]) -> str:
    """Sentences that report the tool results at the end of `messages`."""
    results: list[str] = []
    for message in reversed(messages):
        if not isinstance(message, Mapping) or message.get("role") != "tool":
            break
        name = message.get("tool_name") or "the"
        said = str(message.get("content") or "").strip().rstrip(".")
        results.insert(0, f"The {name} tool says: {said}.")
    return " ".join(results)


def logprob_entries(tokens: Sequence[str], top: int) -> list[dict[str, Any]]:
    """One Ollama logprob entry per token (§8.4), with `top` alternatives when `top > 0`."""
    entries = []
    for token in tokens:
        chosen = _logprob(token)
        entry = _token_logprob(token, chosen)
        if top > 0:
            others = [alt for alt in _ALTERNATIVES if alt != token][: top - 1]
            entry["top_logprobs"] = [_token_logprob(token, chosen)] + [
                _token_logprob(alt, chosen - 1.25 * (rank + 1)) for rank, alt in enumerate(others)
            ]
        entries.append(entry)
    return entries


def _logprob(token: str) -> float:
    """A stable log probability in [-2, 0) for `token`."""
    digest = hashlib.sha256(token.encode()).digest()
    return -round((int.from_bytes(digest[:2], "big") % 2000 + 1) / 1000, 3)


def _token_logprob(token: str, value: float) -> dict[str, Any]:
    entry: dict[str, Any] = {"token": token, "logprob": value}
    if token:  # omitempty
        entry["bytes"] = list(token.encode())
    return entry


class Generation:
    """One answer cut into tokens: thinking chunks, text chunks, the final chunk, metrics.

    `options` apply `stop` and `num_predict`; `logprobs` is `None`
    when not asked for, else how many alternatives each entry lists.
    """

    def __init__(
        self,
        model: FakeModel,
        answer: Answer,
        options: Mapping[str, Any],
        *,
        thinking: bool,
        prompt_tokens: int,
        logprobs: Optional[int] = None,
    ) -> None:
        self.model = model
        self.prompt_tokens = prompt_tokens
        self.logprobs = logprobs
        self.tool_calls = [tool_call(call, index) for index, call in enumerate(answer.tool_calls)]
        text = answer.text
        if not thinking and answer.thinking and thinks_inline(model):
            # The template opened the block: the model reasons, closes it, then answers.
            text = f"{answer.thinking}\n</think>\n\n{text}"
        for stop in options.get("stop") or ():
            if stop and stop in text:
                text = text[: text.index(stop)]
        thoughts = reply_tokens(model, answer.thinking) if thinking and answer.thinking else []
        tokens = reply_tokens(model, text)
        self.done_reason = "stop"
        limit = options.get("num_predict")
        if isinstance(limit, (int, float)) and 0 <= limit < len(thoughts) + len(tokens):
            # num_predict counts every generated token, thinking included.
            tokens = tokens[: max(int(limit) - len(thoughts), 0)]
            thoughts = thoughts[: int(limit)]
            self.done_reason = "length"
        self.thoughts = thoughts
        self.tokens = tokens
        self.text = "".join(tokens)
        self.thought = "".join(thoughts)
        self.count = len(thoughts) + len(tokens)

    def chunk(self, make: Chunk, text: str, thought: str, tokens: Sequence[str]) -> dict[str, Any]:
        """A streamed line, with the logprobs of `tokens` when they were asked for."""
        line = make(text, thought)
        if self.logprobs is not None and tokens:
            line["logprobs"] = logprob_entries(tokens, self.logprobs)
        return line

    def whole(self, make: Chunk) -> dict[str, Any]:
        """Every token in one line, as a non-streamed answer carries them."""
        return self.chunk(make, self.text, self.thought, self.thoughts + self.tokens)

    async def lines(
        self, make: Chunk, final: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> AsyncGenerator[dict[str, Any], None]:
        """The stream: thinking chunks, reply chunks, then the final chunk (or an error)."""
        model = self.model
        delay = model.token_delay
        for index, thought in enumerate(self.thoughts):
            if delay and index:
                await asyncio.sleep(delay)
            yield self.chunk(make, "", thought, [thought])
        for index, token in enumerate(self.tokens):
            if model.error_after is not None and index >= model.error_after:
                raise HTTPError(500, model.error_message)
            if delay and (index or self.thoughts):
                await asyncio.sleep(delay)
            yield self.chunk(make, token, "", [token])
        if model.error_after is not None:  # a reply shorter than error_after fails at its end
            raise HTTPError(500, model.error_message)
        if not model.end_without_done:
            yield final(make("", ""))

    def finish(self, line: dict[str, Any], **fields: Any) -> dict[str, Any]:
        """Make `line` the final chunk: done, reason, `fields`, logprobs, then the metrics."""
        line["done"] = True
        logprobs = line.pop("logprobs", None)
        line["done_reason"] = self.done_reason
        line.update(fields)
        if logprobs:
            line["logprobs"] = logprobs
        eval_duration = 18_000_000 * self.count
        prompt_eval_duration = 1_500_000 * self.prompt_tokens
        metrics = {
            "total_duration": 41_000_000 + prompt_eval_duration + eval_duration + 2_500_000,
            "load_duration": 41_000_000,
            "prompt_eval_count": self.prompt_tokens,
            "prompt_eval_duration": prompt_eval_duration,
            "eval_count": self.count,
            "eval_duration": eval_duration,
        }
        line.update((key, value) for key, value in metrics.items() if value)  # omitempty
        return line

    def context(self) -> list[int]:
        """Token ids of the prompt and the answer, as generate's final chunk carries them."""
        return [(index * 7919) % 128000 for index in range(1, self.prompt_tokens + self.count + 1)]
