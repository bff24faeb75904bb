"""A protocol-faithful Ollama test server for your tests, and ours.

```
async with FakeOllama(models=[FakeModel("llama3.2", reply="Hi there.")]) as server:
    async with AsyncClient(server.url) as client:
        ...
```

Run it on its own with `python -m ollama_async.testing --port 11434`.
"""

from ._huggingface import RegistryError, hugging_face
from ._models import FAULTS, FakeModel, default_models
from ._script import ScriptedReply, load_script
from ._server import FakeOllama, RecordedDisconnect, RecordedRequest

__all__ = [
    "FAULTS",
    "FakeModel",
    "FakeOllama",
    "RecordedDisconnect",
    "RecordedRequest",
    "RegistryError",
    "ScriptedReply",
    "default_models",
    "hugging_face",
    "load_script",
]
