"""FakeOllama's state: installed models, the registry `pull` reads, loaded runners, blobs."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

from ._errors import HTTPError
from ._gojson import rfc3339
from ._models import FakeModel, details, full_name
from ._names import ModelName, parse_name

__all__ = ["Hub", "ModelStore", "lookup"]

Hub = Callable[[str], Optional[FakeModel]]
"""What a name the registry does not hold pulls from elsewhere (`None`: nothing)."""

_DEFAULT_KEEP_ALIVE = timedelta(minutes=5)  # OLLAMA_KEEP_ALIVE's default (§4.3)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def lookup(models: Mapping[str, FakeModel], name: Any) -> Optional[str]:
    """The key of `name` in `models`: default host, namespace and tag implied, case ignored (§1.6)."""
    if not isinstance(name, str) or not name:
        return None
    wanted = parse_name(name)
    return next((key for key in models if parse_name(key).same(wanted)), None)


class ModelStore:
    """Models by `name:tag`; which are loaded and until when; uploaded blobs."""

    def __init__(
        self,
        installed: Iterable[FakeModel],
        registry: Iterable[FakeModel],
        hub: Optional[Hub] = None,
    ) -> None:
        self.models: dict[str, FakeModel] = {full_name(m.name): m for m in installed}
        self.registry: dict[str, FakeModel] = {full_name(m.name): m for m in registry}
        self.hub = hub
        self.loaded: dict[str, datetime] = {}
        self.blobs: dict[str, bytes] = {}
        now = time.time_ns()
        self._modified = {name: now - i * 60_000_000_000 for i, name in enumerate(self.models)}
        self._keep_alive: dict[str, timedelta] = {}  # sticky per loaded model (§4.3)

    def find(self, name: Any) -> Optional[str]:
        """The installed model's key for `name`, or `None`."""
        return lookup(self.models, name)

    def get(self, name: Any, not_found: str) -> tuple[str, FakeModel]:
        """The key and model for `name`; a 404 with `not_found` (`{name}` filled in)."""
        key = self.find(name)
        if key is None:
            raise HTTPError(404, not_found.format(name=name or ""))
        return key, self.models[key]

    def pullable(self, name: str) -> FakeModel:
        """What pulling `name` downloads: the registry's model, else the hub's.

        Raises a 500 with Ollama's in-stream words when neither has it: the
        hub's refusal (a `LookupError`), or `file does not exist`.
        """
        key = lookup(self.registry, name)
        if key is not None:
            return self.registry[key]
        try:
            found = self.hub(name) if self.hub is not None else None
        except LookupError as refusal:
            raise HTTPError(500, str(refusal)) from None
        if found is None:
            raise HTTPError(500, "pull model manifest: file does not exist")
        return found

    def pulled_name(self, name: str) -> str:
        """The name a pull installs: the shortest form, spelled as installed names spell it.

        Each part takes the case of an installed model's same part (Ollama's
        `getExistingName`), else stays as given.
        """
        parts = parse_name(name)
        for key in self.models:
            existing = parse_name(key)
            parts = ModelName(
                *(old if old.lower() == new.lower() else new for old, new in zip(existing, parts))
            )
        return parts.display()

    def load(self, key: str, keep_alive: Optional[timedelta]) -> None:
        """Mark `key` loaded; `keep_alive` sticks until a request gives another (§4.3)."""
        if keep_alive is not None:
            self._keep_alive[key] = keep_alive
        self.loaded[key] = _now() + self._keep_alive.get(key, _DEFAULT_KEEP_ALIVE)

    def unload(self, key: str) -> None:
        """Forget that `key` is loaded, and its keep-alive."""
        self.loaded.pop(key, None)
        self._keep_alive.pop(key, None)

    def install(self, name: str, model: FakeModel) -> None:
        """Install `model` as `name`, replacing a model of that name in any case."""
        existing = self.find(name)
        if existing is not None:
            del self.models[existing]
        key = full_name(name)
        self.models[key] = model
        self._modified[key] = time.time_ns()

    def delete(self, key: str) -> None:
        """Remove an installed model (and unload it)."""
        del self.models[key]
        self._modified.pop(key, None)
        self.unload(key)

    def listing(self) -> list[dict[str, Any]]:
        """`/api/tags`: every installed model, newest first (§5.7)."""
        keys = sorted(self.models, key=self._modified_at, reverse=True)
        return [
            {
                "name": key,
                "model": key,
                "modified_at": self.modified_at(key),
                "size": self.models[key].size,
                "digest": self.models[key].digest,
                "details": details(self.models[key]),
                "capabilities": list(self.models[key].capabilities),
            }
            for key in keys
        ]

    def running(self) -> list[dict[str, Any]]:
        """`/api/ps`: loaded models whose keep-alive has not run out, latest expiry first."""
        now = _now()
        for key in [key for key, expires in self.loaded.items() if expires < now]:
            self.unload(key)
        running = []
        for key, expires in sorted(self.loaded.items(), key=lambda item: item[1], reverse=True):
            model = self.models.get(key)
            if model is None:
                continue
            running.append(
                {
                    "name": key,
                    "model": key,
                    "size": model.size + 400_000_000,
                    "digest": model.digest,
                    "details": details(model),
                    "expires_at": rfc3339(_ns(expires), local=True),
                    "size_vram": model.size + 400_000_000,
                    "context_length": 4096,
                }
            )
        return running

    def modified_at(self, key: str) -> str:
        """When `key` was installed, in Go's local-time RFC 3339."""
        return rfc3339(self._modified_at(key), local=True)

    def _modified_at(self, key: str) -> int:
        return self._modified.setdefault(key, time.time_ns())  # models added to `models` directly


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _ns(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1) * 1000
