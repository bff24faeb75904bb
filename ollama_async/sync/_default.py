"""The module-level functions (`ollama_async.sync.chat(...)`) and their default client.

The official package builds its default client at import, so a bad
`OLLAMA_HOST` or proxy variable breaks `import ollama` itself. Here the
client is made at the first call, from the environment as it is then;
importing never reads it. Each function has the signature of the
`Client` method of the same name (for mypy through `Client`'s overloads,
at run time through `__signature__`).
"""

from __future__ import annotations

import inspect
import threading
from typing import Any, Callable, Optional

from ._client import Client

__all__ = ["FUNCTIONS", "default_client", "function"]

FUNCTIONS = (
    "chat",
    "copy",
    "create",
    "create_blob",
    "delete",
    "embed",
    "embeddings",
    "exists",
    "generate",
    "has_blob",
    "list",
    "load",
    "ps",
    "pull",
    "push",
    "show",
    "unload",
    "version",
    "web_fetch",
    "web_search",
)
"""The `Client` methods offered as module-level functions (the official top level, and the rest)."""

_client: Optional[Client] = None
_lock = threading.Lock()


def default_client() -> Client:
    """The client of the module-level functions: `Client()` from `OLLAMA_HOST`, made on first use."""
    global _client
    client = _client
    if client is None:
        with _lock:
            client = _client
            if client is None:
                client = _client = Client()
    return client


def function(name: str) -> Callable[..., Any]:
    """The module-level function `name`: `Client.<name>` on the default client."""
    method = getattr(Client, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(default_client(), name)(*args, **kwargs)

    signature = inspect.signature(method)
    call.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=tuple(signature.parameters.values())[1:]
    )
    call.__name__ = call.__qualname__ = name
    call.__doc__ = method.__doc__
    # Passed as a tool (`tools=[web_search]`), its schema is read from these: the
    # method's annotations, resolved in the method's module (through __wrapped__).
    call.__annotations__ = dict(method.__annotations__)
    call.__wrapped__ = method  # type: ignore[attr-defined]
    call.__module__ = "ollama_async.sync"
    return call
