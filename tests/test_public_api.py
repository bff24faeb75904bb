"""The package exports exactly its sorted __all__, and ships py.typed."""

from __future__ import annotations

import subprocess
import sys
import types
import typing
from pathlib import Path

import ollama_async
import ollama_async.testing


def test_all_is_sorted_and_complete() -> None:
    assert ollama_async.__all__ == sorted(ollama_async.__all__)
    public = {
        name
        for name, value in vars(ollama_async).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(ollama_async.__all__) - {"__version__"}
    for name in ollama_async.__all__:
        assert getattr(ollama_async, name) is not None


def test_testing_all() -> None:
    names = ollama_async.testing.__all__
    assert names == sorted(names)
    for name in names:
        assert getattr(ollama_async.testing, name) is not None


def test_every_public_name_has_a_docstring() -> None:
    for name in ollama_async.__all__:
        obj = getattr(ollama_async, name)
        if callable(obj) and typing.get_origin(obj) is None:  # a Union alias has no docstring
            assert (obj.__doc__ or "").strip(), name


def test_delta_alias_is_the_union_of_the_delta_types() -> None:
    assert set(typing.get_args(ollama_async.Delta)) == {
        ollama_async.ThinkingDelta,
        ollama_async.TextDelta,
        ollama_async.ToolCallsDelta,
        ollama_async.SentenceDelta,
        ollama_async.DoneDelta,
    }


def test_py_typed_is_shipped() -> None:
    assert (Path(ollama_async.__file__).parent / "py.typed").is_file()


def test_the_official_package_and_pydantic_are_never_imported() -> None:
    # Their types are accepted by shape (model_dump, .value), not by import: no runtime dependency.
    code = (
        "import sys, ollama_async, ollama_async.testing\n"
        "assert not {'ollama', 'pydantic', 'httpx'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_sync_all_is_sorted_and_exactly_what_it_exports() -> None:
    import ollama_async.sync as sync

    assert sync.__all__ == sorted(sync.__all__)
    public = {
        name
        for name, value in vars(sync).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(sync.__all__) - {"__version__"}
    for name in sync.__all__:
        obj = getattr(sync, name)
        if callable(obj) and typing.get_origin(obj) is None:
            assert (obj.__doc__ or "").strip(), name


def test_the_top_level_stays_async() -> None:
    import ollama_async.sync as sync

    assert ollama_async.ChatStream.__module__ != sync.ChatStream.__module__
    assert not hasattr(ollama_async, "Client")
    assert not hasattr(ollama_async, "chat")
