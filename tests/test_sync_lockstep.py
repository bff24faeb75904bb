"""The sync API in lockstep with the async one (Playwright's rule): nothing async may be missing.

A public method, argument, default or overload that `AsyncClient` or an
async stream gains and its sync twin lacks fails here. Annotations are
compared as written (`from __future__ import annotations`): both sides
name their own stream types with the same names.
"""

from __future__ import annotations

import inspect
import sys
import typing
from typing import Any

import pytest

import ollama_async
import ollama_async.sync as sync
from ollama_async.sync._default import FUNCTIONS

# The async name and its sync twin, where they differ.
RENAMED = {"aclose": "close"}
# Async-only by design (documented in Client's docstring): an aiohttp session is one loop's.
ASYNC_ONLY_ARGUMENTS = {"session"}
PAIRS = [
    (ollama_async.AsyncClient, sync.Client),
    (ollama_async.Stream, sync.Stream),
    (ollama_async.ReplyStream, sync.ReplyStream),
    (ollama_async.ChatStream, sync.ChatStream),
    (ollama_async.GenerateStream, sync.GenerateStream),
    (ollama_async.ProgressStream, sync.ProgressStream),
]


def public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def signature(function: Any, drop: set[str] = frozenset()) -> inspect.Signature:  # type: ignore[assignment]
    found = inspect.signature(function)
    return found.replace(parameters=[p for p in found.parameters.values() if p.name not in drop])


@pytest.mark.parametrize(("async_type", "sync_type"), PAIRS, ids=lambda cls: cls.__name__)
def test_every_public_member_has_its_sync_twin(async_type: type, sync_type: type) -> None:
    expected = {RENAMED.get(name, name) for name in public(async_type)}
    if async_type is ollama_async.AsyncClient:
        expected.discard("close")  # `close = aclose` there, `close` here
        expected.add("close")
    assert public(sync_type) == expected


@pytest.mark.parametrize(("async_type", "sync_type"), PAIRS, ids=lambda cls: cls.__name__)
def test_signatures_match(async_type: type, sync_type: type) -> None:
    for name in public(async_type):
        async_member = inspect.getattr_static(async_type, name)
        sync_member = inspect.getattr_static(sync_type, RENAMED.get(name, name))
        if isinstance(async_member, property):
            assert isinstance(sync_member, property), name
            continue
        assert signature(getattr(sync_type, RENAMED.get(name, name))) == signature(
            getattr(async_type, name)
        ), name


def test_constructor_matches_but_for_session() -> None:
    assert signature(sync.Client) == signature(ollama_async.AsyncClient, drop=ASYNC_ONLY_ARGUMENTS)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="typing.get_overloads is 3.11+")
def test_overloads_match() -> None:
    overloaded = 0
    for name in public(ollama_async.AsyncClient):
        if isinstance(inspect.getattr_static(ollama_async.AsyncClient, name), property):
            continue
        async_overloads = typing.get_overloads(getattr(ollama_async.AsyncClient, name))
        sync_overloads = typing.get_overloads(getattr(sync.Client, RENAMED.get(name, name)))
        assert [signature(o) for o in sync_overloads] == [signature(o) for o in async_overloads], (
            name
        )
        overloaded += bool(async_overloads)
    assert overloaded == 5  # generate, chat, pull, push, create: the comparison ran


def test_module_functions_are_the_client_methods() -> None:
    endpoints = public(sync.Client) - {"with_options", "close", "base_url", "closed"}
    assert set(FUNCTIONS) == endpoints
    for name in FUNCTIONS:
        function = getattr(sync, name)
        assert signature(function) == signature(getattr(sync.Client, name), drop={"self"})
        assert function.__doc__ == getattr(sync.Client, name).__doc__


def test_the_official_top_level_is_covered() -> None:
    official = pytest.importorskip("ollama")
    functions = {
        name
        for name, value in vars(official).items()
        if inspect.ismethod(value) and isinstance(value.__self__, official.Client)
    }
    assert functions - set(FUNCTIONS) <= {"systemone"}  # not an AsyncClient endpoint (yet)
    for name in official.__all__:
        if not name.startswith("SystemOne") and name != "Image":
            assert hasattr(sync, name), name
