"""`OLLAMA_HOST` parsing, the way the Ollama CLI reads it (`envconfig.Host`).

Then, as `envconfig.ConnectableHost` does, bind-all addresses are mapped to
loopback (`0.0.0.0` → `127.0.0.1`, `[::]` → `[::1]`, empty host →
`127.0.0.1`), since a client must connect somewhere real. `user:pass@`
becomes HTTP basic auth.
"""

from __future__ import annotations

from typing import NamedTuple, Optional
from urllib.parse import unquote

from ._constants import DEFAULT_HOST, DEFAULT_PORT

__all__ = ["ParsedHost", "bad_port", "parse_host"]

_UNSPECIFIED = {"": DEFAULT_HOST, "0.0.0.0": "127.0.0.1", "::": "::1"}


class ParsedHost(NamedTuple):
    """Where to connect: `base_url` (scheme, host, port, path prefix) and basic auth."""

    base_url: str
    username: Optional[str] = None
    password: Optional[str] = None

    def __repr__(self) -> str:
        user = "" if self.username is None else ", username=<redacted>, password=<redacted>"
        return f"ParsedHost(base_url={self.base_url!r}{user})"


def parse_host(value: Optional[str]) -> ParsedHost:
    """Parse an `OLLAMA_HOST`-style string into a connectable base URL.

    >>> parse_host(":1234").base_url
    'http://127.0.0.1:1234'
    >>> parse_host("https://example.com/ollama/").base_url
    'https://example.com:443/ollama'
    """
    text = (value or "").strip().strip("\"'")
    if not text:
        return ParsedHost(f"http://{DEFAULT_HOST}:{DEFAULT_PORT}")
    if text == "ollama.com":
        return ParsedHost("https://ollama.com:443")

    scheme, sep, rest = text.partition("://")
    if sep:
        scheme = scheme.lower()
        default_port = {"http": 80, "https": 443}.get(scheme)
        if default_port is None:
            raise ValueError(
                f"OLLAMA_HOST {value!r} has scheme {scheme!r}; use http:// or https://"
            )
    else:
        scheme, rest, default_port = "http", text, DEFAULT_PORT

    hostport, slash, path = rest.partition("/")
    username = password = None
    userinfo, at, hostport_after = hostport.rpartition("@")
    if at:
        hostport = hostport_after
        user, _, pw = userinfo.partition(":")
        username, password = unquote(user), unquote(pw)

    host, port_text = _split_host_port(hostport)
    port = _valid_port(port_text) if port_text else None
    if port is None:  # absent, or invalid: Go warns and uses the default
        port = default_port
    host = _UNSPECIFIED.get(host, host)
    if ":" in host:
        host = f"[{host}]"
    prefix = ("/" + path).rstrip("/") if slash else ""
    return ParsedHost(f"{scheme}://{host}:{port}{prefix}", username, password)


def bad_port(value: Optional[str]) -> Optional[str]:
    """The port text of `value` that `parse_host` replaced by the default, if any.

    Ollama's Go parser only logs a warning for `localhost:abc` or `:66000`
    and uses the default port; a command line can refuse such a value instead.

    >>> bad_port("localhost:abc")
    'abc'
    """
    text = (value or "").strip().strip("\"'")
    rest = text.partition("://")[2] or text
    hostport = rest.partition("/")[0].rpartition("@")[2]
    port_text = _split_host_port(hostport)[1]
    return port_text if port_text and _valid_port(port_text) is None else None


def _valid_port(text: str) -> Optional[int]:
    try:
        port = int(text)
    except ValueError:
        return None
    return port if 0 <= port <= 65535 else None


def _split_host_port(hostport: str) -> tuple[str, str]:
    """Split like Go's `net.SplitHostPort` into host and port text (`""`: none)."""
    if hostport.startswith("["):
        end = hostport.find("]")
        host = hostport[1:end] if end > 0 else hostport[1:]
        after = hostport[end + 1 :] if end > 0 else ""
        return host, after[1:] if after.startswith(":") else ""
    if hostport.count(":") == 1:
        host, port_text = hostport.split(":")
        return host, port_text
    return hostport, ""  # no port, or a bare IPv6 address such as ::1
