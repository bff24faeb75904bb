"""`ollama_async.sync` against FakeOllama: the official sync idioms, streams, errors, threads.

The server runs in the test's event loop; the sync code runs in a thread
(`asyncio.to_thread`), as sync code runs beside a server, and the test
waits on the server's records (requests, disconnects), never on sleeps.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any, Callable, TypeVar

import pytest

import ollama_async.sync as ollama
from ollama_async import Timeout
from ollama_async.sync import Client, chat
from ollama_async.testing import FakeModel, FakeOllama
from tests.conftest import CHAT_REPLY, default_models

T = TypeVar("T")
HI = [{"role": "user", "content": "Hi"}]
SLOW = FakeModel("slow", reply="one two three four five six", token_delay=30.0)
SHORT = FakeModel("short", reply="cut short here", end_without_done=True)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
async def server() -> AsyncIterator[FakeOllama]:
    async with FakeOllama(models=[*default_models(), SLOW, SHORT]) as fake:
        yield fake


@pytest.fixture
def sync_client(server: FakeOllama) -> Iterator[Client]:
    client = Client(server.url)
    yield client
    client.close()


def run(function: Callable[[], T]) -> asyncio.Future[T]:
    """Run sync code in a thread, so the server's loop keeps serving."""
    return asyncio.ensure_future(asyncio.to_thread(function))


# -- the official sync API's idioms ------------------------------------------


async def test_module_functions_use_a_default_client_from_ollama_host(
    server: FakeOllama, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ollama._default, "_client", None)
    monkeypatch.setenv("OLLAMA_HOST", server.url)

    def work() -> tuple[str, str]:
        response = chat("llama3.2", messages=HI)
        parts = [part["message"]["content"] for part in chat("llama3.2", HI, stream=True)]
        return response["message"]["content"], "".join(parts)

    whole, streamed = await run(work)
    assert whole == streamed == CHAT_REPLY
    assert ollama.default_client().base_url == server.url
    ollama.default_client().close()


async def test_client_host_and_headers(server: FakeOllama) -> None:
    def work() -> str:
        with ollama.Client(host=server.url, headers={"x-some-header": "some-value"}) as client:
            return client.generate("llama3.2", "Why is the sky blue?").response

    assert await run(work) == CHAT_REPLY
    assert server.requests[-1].headers["x-some-header"] == "some-value"


async def test_response_error_has_the_status_code(sync_client: Client) -> None:
    def work() -> tuple[int, str]:
        try:
            sync_client.chat("does-not-exist", HI)
        except ollama.ResponseError as e:
            return e.status_code, e.error
        raise AssertionError("no error")

    status, error = await run(work)
    assert status == 404
    assert "not found" in error


async def test_pull_progress_embed_ps_show_list(sync_client: Client) -> None:
    def work() -> dict[str, Any]:
        statuses = [
            progress.get("status") for progress in sync_client.pull("llama3.2", stream=True)
        ]
        embedding = sync_client.embed("nomic-embed-text", input=["a", "b"])
        sync_client.generate("llama3.2", "warm")
        return {
            "statuses": statuses,
            "pulled": sync_client.pull("llama3.2").status,
            "vectors": len(embedding["embeddings"]),
            "running": [model.model for model in sync_client.ps().models],
            "family": sync_client.show("llama3.2")["details"]["family"],
            "listed": [model["model"] for model in sync_client.list()["models"]],
        }

    seen = await run(work)
    assert seen["statuses"][0] == "pulling manifest"
    assert seen["statuses"][-1] == "success"
    assert seen["pulled"] == "success"
    assert seen["vectors"] == 2
    assert "llama3.2:latest" in seen["running"]
    assert seen["family"] == "llama"
    assert "llama3.2:latest" in seen["listed"]


async def test_create_copy_delete(sync_client: Client, server: FakeOllama) -> None:
    def work() -> str:
        sync_client.create(model="mario", from_="llama3.2", system="You are Mario.")
        sync_client.copy("mario", "luigi")
        sync_client.delete("mario")
        return sync_client.show("luigi").system or ""

    assert await run(work) == "You are Mario."
    assert "mario:latest" not in server.models
    assert "luigi:latest" in server.models


async def test_tools_as_plain_functions(sync_client: Client, server: FakeOllama) -> None:
    def add_two_numbers(a: int, b: int) -> int:
        """Add two numbers.

        Args:
          a: The first number
          b: The second number
        """
        return a + b

    server.queue_replies(
        {"tool_calls": [{"function": {"name": "add_two_numbers", "arguments": {"a": 2, "b": 3}}}]}
    )

    def work() -> int:
        response = sync_client.chat("llama3.2", HI, tools=[add_two_numbers])
        call = (response.message.tool_calls or [])[0]
        return int(add_two_numbers(**call.function.arguments))

    assert await run(work) == 5
    tool = server.requests[-1].json["tools"][0]["function"]
    assert tool["name"] == "add_two_numbers"
    assert set(tool["parameters"]["properties"]) == {"a", "b"}


async def test_structured_output_and_images(sync_client: Client, server: FakeOllama) -> None:
    pydantic = pytest.importorskip("pydantic")

    class Country(pydantic.BaseModel):  # type: ignore[misc,name-defined]
        name: str
        capital: str

    server.queue_replies('{"name": "Canada", "capital": "Ottawa"}')

    def work() -> Any:
        response = sync_client.chat(
            "llama3.2",
            [{"role": "user", "content": "Tell me about Canada.", "images": [PNG]}],
            format=Country.model_json_schema(),
        )
        return Country.model_validate_json(response.message.content)

    country = await run(work)
    assert country.capital == "Ottawa"
    sent = server.requests[-1].json
    assert sent["format"]["properties"]["capital"] == {"title": "Capital", "type": "string"}
    assert base64.b64decode(sent["messages"][0]["images"][0]) == PNG


# -- streams ------------------------------------------------------------------


async def test_stream_views_and_accounting(sync_client: Client) -> None:
    def work() -> dict[str, Any]:
        with sync_client.chat("qwen3", HI, stream=True, think=True) as stream:
            thinking = "".join(stream.thinking())
        texts = "".join(sync_client.chat("llama3.2", HI, stream=True).text())
        sentences_stream = sync_client.chat("llama3.2", HI, stream=True)
        sentences = list(sentences_stream.sentences(strip_markdown=True))
        deltas = [d.type for d in sync_client.chat("llama3.2", HI, stream=True).deltas()]
        stream = sync_client.chat("llama3.2", HI, stream=True)
        assert stream.partial() is None and stream.time_to_first_chunk is None
        first = next(stream)
        partial = stream.partial()
        final = stream.final()
        return {
            "thinking": thinking,
            "texts": texts,
            "sentences": sentences,
            "heard": sentences_stream.sentences_yielded,
            "first_sentence": sentences_stream.time_to_first_sentence,
            "deltas": deltas,
            "first": first.message.content,
            "partial": partial.message.content if partial else None,
            "final": final.message.content,
            "chunks": stream.chunks_received,
            "complete": stream.complete,
            "closed": stream.closed,
            "ttft": stream.time_to_first_token,
        }

    seen = await run(work)
    assert seen["thinking"] == "Two plus two is four."
    assert seen["texts"] == CHAT_REPLY
    assert seen["sentences"] == seen["heard"] == ["Hello there. ", "How are you today?"]
    assert seen["first_sentence"] > 0
    assert seen["deltas"][0] == "text"
    assert seen["deltas"][-1] == "done"
    assert seen["partial"] == seen["first"]
    assert seen["final"] == CHAT_REPLY
    assert seen["complete"]
    assert seen["closed"]
    assert seen["chunks"] > 2
    assert seen["ttft"] > 0


async def test_a_stream_cut_short_raises_with_the_partial_answer(sync_client: Client) -> None:
    def work() -> ollama.IncompleteStreamError:
        parts = []
        try:
            for part in sync_client.chat("short", HI, stream=True):
                parts.append(part.message.content)
        except ollama.IncompleteStreamError as exc:
            assert "".join(parts) == "cut short here"
            return exc
        raise AssertionError("a stream without done passed for a whole answer")

    error = await run(work)
    assert error.partial is not None
    assert error.partial.message.content == "cut short here"


async def test_a_mid_stream_error_line_is_a_stream_error(
    sync_client: Client, server: FakeOllama
) -> None:
    server.queue_replies({"reply": "a b c d", "error": "model runner crashed", "error_after": 2})

    def work() -> ollama.StreamError:
        try:
            list(sync_client.chat("llama3.2", HI, stream=True).text())
        except ollama.StreamError as exc:
            return exc
        raise AssertionError("no error")

    error = await run(work)
    assert "model runner crashed" in str(error)
    assert error.partial is not None
    assert error.partial.message.content == "a b "


@pytest.mark.parametrize("how", ["break", "with", "close", "gc", "text-break"])
async def test_leaving_a_stream_early_closes_its_socket(
    sync_client: Client, server: FakeOllama, how: str
) -> None:

    def work() -> None:
        gc.disable()  # only the explicit collection below may close it
        try:
            if how == "break":
                for _ in sync_client.chat("slow", HI, stream=True):
                    break
            elif how == "with":
                with sync_client.chat("slow", HI, stream=True) as stream:
                    next(stream)
            elif how == "close":
                stream = sync_client.chat("slow", HI, stream=True)
                next(stream)
                stream.close()
                assert stream.closed
                stream.close()  # idempotent
            elif how == "gc":
                stream = sync_client.chat("slow", HI, stream=True)
                next(stream)
                cycle: list[Any] = [stream]
                cycle.append(cycle)
                del stream, cycle
                gc.collect()
            else:
                for _ in sync_client.chat("slow", HI, stream=True).text():
                    break
        finally:
            gc.enable()

    await run(work)
    disconnect = await server.wait_for_disconnect()
    assert disconnect.path == "/api/chat"
    assert disconnect.lines_sent <= 2


async def test_close_ends_open_streams_with_their_partial(
    sync_client: Client, server: FakeOllama
) -> None:
    def work() -> ollama.ClientClosedError:
        stream = sync_client.chat("slow", HI, stream=True)
        next(stream)
        closer = threading.Thread(target=sync_client.close)
        closer.start()
        try:
            next(stream)
        except ollama.ClientClosedError as exc:
            return exc
        finally:
            closer.join()
        raise AssertionError("no error")

    error = await run(work)
    assert error.partial is not None
    assert error.partial.message.content == "one "
    assert sync_client.closed

    def later() -> None:
        with pytest.raises(ollama.ClientClosedError):
            sync_client.list()

    await run(later)


# -- the core's guarantees, unchanged ----------------------------------------


async def test_read_timeout_and_retries(server: FakeOllama) -> None:
    def timed_out() -> ollama.OllamaTimeoutError:
        with Client(server.url, timeout=Timeout(read=0.2)) as client:
            stream = client.chat("slow", HI, stream=True)
            next(stream)
            try:
                next(stream)
            except ollama.OllamaTimeoutError as exc:
                return exc
        raise AssertionError("no timeout")

    error = await run(timed_out)
    assert error.partial is not None
    server.fail_next(503, times=2)

    def retried() -> str:
        with Client(server.url).with_options(max_retries=2) as client:
            return client.chat("llama3.2", HI).message.content

    assert await run(retried) == CHAT_REPLY

    server.fail_next(503, times=1)

    def not_retried() -> int:
        with Client(server.url, max_retries=0) as client:
            try:
                client.list()
            except ollama.ServerBusyError as exc:
                return exc.status_code
        raise AssertionError("retried")

    assert await run(not_retried) == 503


async def test_line_size_bound(server: FakeOllama) -> None:
    server.queue_replies("y" * 5000)

    def work() -> None:
        with (
            Client(server.url, max_line_bytes=1024) as client,
            pytest.raises(ollama.LineTooLongError),
        ):
            client.generate("llama3.2", "hi", stream=True).final()

    await run(work)


async def test_bad_arguments_are_the_cores_errors(sync_client: Client) -> None:
    def work() -> None:
        with pytest.raises(ollama.RequestError, match="max_tokens"):
            sync_client.chat("llama3.2", HI, options={"max_tokens": 5})  # type: ignore[call-overload]

    await run(work)


async def test_with_options_base_url_repr(sync_client: Client, server: FakeOllama) -> None:
    derived = sync_client.with_options(timeout=5)
    assert isinstance(derived, Client)
    assert derived.base_url == sync_client.base_url == server.url
    assert repr(sync_client) == f"Client(base_url={server.url!r})"
    assert not sync_client.closed


# -- where sync code runs -------------------------------------------------------


async def test_many_threads_share_one_client(sync_client: Client, server: FakeOllama) -> None:
    barrier = threading.Barrier(16)

    def one() -> str:
        barrier.wait()
        with sync_client.chat("llama3.2", HI, stream=True) as stream:
            return "".join(stream.text())

    def work() -> list[str]:
        results: list[str] = []
        threads = [threading.Thread(target=lambda: results.append(one())) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    assert await run(work) == [CHAT_REPLY] * 16


async def test_inside_a_running_event_loop_and_around_asyncio_run(sync_client: Client) -> None:
    async def notebook_cell() -> str:
        return sync_client.chat("llama3.2", HI).message.content  # blocking, as sync code does

    def work() -> list[str]:
        replies = [asyncio.run(notebook_cell()) for _ in range(3)]  # "Event loop is closed"?
        replies.append(sync_client.generate("llama3.2", "hi").response)
        return replies

    assert await run(work) == [CHAT_REPLY] * 4


async def test_the_portals_own_thread_is_refused(sync_client: Client) -> None:
    from ollama_async.sync._portal import portal

    async def inside() -> None:
        sync_client.list()

    def work() -> None:
        with pytest.raises(RuntimeError, match="its own event loop thread"):
            portal.call(inside)

    await run(work)


async def test_module_functions_as_tools_have_their_methods_schema(
    sync_client: Client, server: FakeOllama
) -> None:
    def work() -> None:
        sync_client.chat("llama3.2", HI, tools=[ollama.web_search, ollama.web_fetch])

    await run(work)
    search, fetch = (tool["function"] for tool in server.requests[-1].json["tools"])
    assert search["name"] == "web_search"
    assert search["parameters"]["properties"] == {
        "query": {"type": "string"},
        "max_results": {"type": "integer"},
    }
    assert search["parameters"]["required"] == ["query"]
    assert fetch["parameters"]["properties"] == {"url": {"type": "string"}}
