"""Defaults shared by the client, the transport and the stream parser."""

from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 11434

MAX_LINE_BYTES = 16 * 1024 * 1024
"""Longest NDJSON line accepted (16 MiB). Ollama's own Go client allows 8 MB;
final chunks carry the whole `context` array and logprob chunks byte arrays."""

MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""Largest whole body read (64 MiB, counted after decompression): a non-streamed
answer or an error body. Ollama's largest real ones (`/api/show` with tensors,
big embedding batches) are a few MiB."""

CONNECT_TIMEOUT = 30.0
"""Seconds to open a TCP connection."""

READ_TIMEOUT = 600.0
"""Seconds to wait for the next bytes (headers or body). Ollama sends no header
until the model is loaded, which can take minutes for large models."""

USER_AGENT_PRODUCT = "ollama-async"
