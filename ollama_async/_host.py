"""`OLLAMA_HOST` parsing, the way the Ollama CLI reads it (`envconfig.Host`): the
one host parser of the library and the command line.

Then, as `envconfig.ConnectableHost` does, bind-all addresses are mapped to
loopback (`0.0.0.0` → `127.0.0.1`, `[::]` → `[::1]`, empty host →
`127.0.0.1`), since a client must connect somewhere real. `user:pass@`
becomes HTTP basic auth.

Where Go only logs a warning and carries on with the default port (`localhost:abc`,
`:66000`, `localhost:`), this parser raises `RequestError`: a silently replaced
port talks to the wrong server. So do an unknown scheme and a host that no URL
can carry.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Callable, NamedTuple, Optional
from urllib.parse import unquote

from ._constants import DEFAULT_HOST, DEFAULT_PORT
from ._exceptions import RequestError

__all__ = ["ParsedHost", "parse_host", "parse_port"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_EXAMPLE = "127.0.0.1:11434"
# What RFC 3986 keeps out of a host name (a reg-name); `:` only in an IPv6 literal.
_NOT_IN_NAME = re.compile(r"[\x00-\x20\x7f\"#%/:<>?@\[\\\]^`{|}]")
_Refuse = Callable[[str], RequestError]  # builds the error for one problem


class ParsedHost(NamedTuple):
    """Where to connect: `base_url` (scheme, host, port, path prefix) and basic auth."""

    base_url: str
    username: Optional[str] = None
    password: Optional[str] = None

    def __repr__(self) -> str:
        user = "" if self.username is None else ", username=<redacted>, password=<redacted>"
        return f"ParsedHost(base_url={self.base_url!r}{user})"


def parse_host(value: Optional[str], origin: str = "OLLAMA_HOST") -> ParsedHost:
    """Parse an `OLLAMA_HOST`-style string into a connectable base URL.

    `origin` says where `value` came from, for the error message: an
    environment variable (`"OLLAMA_HOST"`), an option (`"--host"`) or a
    keyword argument (`"host"`, `"web_host"`). Raises `RequestError`
    naming the bad part and the fix.

    >>> parse_host(":1234").base_url
    'http://127.0.0.1:1234'
    >>> parse_host("https://example.com/ollama/").base_url
    'https://example.com:443/ollama'
    """
    if value is not None and not isinstance(value, str):
        raise RequestError(
            f"{origin} must be a string such as {_EXAMPLE!r}, got {type(value).__name__} {value!r}"
        )
    text = (value or "").strip().strip("\"'").strip()
    if not text:
        return ParsedHost(f"http://{DEFAULT_HOST}:{DEFAULT_PORT}")
    if text == "ollama.com":
        return ParsedHost("https://ollama.com:443")

    def refuse(problem: str) -> RequestError:
        if "; " not in problem:  # a problem that does not say its own fix
            problem += f" (for example {_shown(_EXAMPLE, origin)})"
        return RequestError(f"{_shown(value, origin)}: {problem}")

    scheme, sep, rest = text.partition("://")
    if sep:
        scheme = scheme.lower()
        default_port = _DEFAULT_PORTS.get(scheme)
        if default_port is None:
            raise refuse(f"the scheme {scheme!r} is not supported; use http:// or https://")
    else:
        scheme, rest, default_port = "http", text, DEFAULT_PORT
    for mark, what in (("?", "a query"), ("#", "a fragment")):
        if mark in rest:
            raise refuse(f"{what} ({mark!r}) has no place in a host")

    hostport, slash, path = rest.partition("/")
    username = password = None
    userinfo, at, hostport_after = hostport.rpartition("@")
    if at:
        hostport = hostport_after
        user, _, pw = userinfo.partition(":")
        username, password = unquote(user), unquote(pw)

    host, colon, port_text = _split_host_port(hostport, refuse)
    port = default_port
    if colon:
        parsed_port = parse_port(port_text)
        if parsed_port is None:
            raise refuse(f"the port {port_text!r} is not a number from 1 to 65535")
        port = parsed_port
    host = _connectable(host, refuse)
    prefix = ("/" + path).rstrip("/") if slash else ""
    return ParsedHost(f"{scheme}://{host}:{port}{prefix}", username, password)


def parse_port(text: str) -> Optional[int]:
    """`text` as a port one can connect to (decimal digits, 1 to 65535), else `None`.

    >>> parse_port("08080"), parse_port("0"), parse_port("+80"), parse_port("8_0")
    (8080, None, None, None)
    """
    if not (text.isascii() and text.isdigit()):  # int() would take " 80", "+80", "8_0"
        return None
    port = int(text)
    return port if 1 <= port <= 65535 else None


def _shown(value: Optional[str], origin: str) -> str:
    """`value` as the user wrote it where it came from."""
    if origin.startswith("-"):  # a command-line option
        return f"{origin} {value}"
    if origin.isupper():  # an environment variable
        return f"{origin}={value}"
    return f"{origin}={value!r}"  # a keyword argument


def _split_host_port(hostport: str, refuse: _Refuse) -> tuple[str, str, str]:
    """Host, `":"` or `""`, and port text, like Go's `net.SplitHostPort` but strict.

    A bare IPv6 address (`::1`) has no port, as `envconfig.Host` reads it.
    """
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise refuse(f"{hostport!r} opens an IPv6 address with '[' and never closes it")
        host, after = hostport[1:end], hostport[end + 1 :]
        if after and not after.startswith(":"):
            raise refuse(f"{after!r} follows the IPv6 address; only :port may")
        if not _is_ip(host):
            raise refuse(f"{host!r} in brackets is not an IP address")
        return host, after[:1], after[1:]
    if hostport.count(":") > 1:
        if not _is_ip(hostport):
            raise refuse(
                f"{hostport!r} has more than one ':'; an IPv6 address with a port goes in "
                "brackets, as [::1]:11434"
            )
        return hostport, "", ""
    host, colon, port_text = hostport.partition(":")
    return host, colon, port_text


def _connectable(host: str, refuse: _Refuse) -> str:
    """`host` as the URL's host: bind-all addresses mapped to loopback, IPv6 in brackets."""
    if not host:
        return DEFAULT_HOST
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        bad = _NOT_IN_NAME.search(host)
        if bad is not None:
            raise refuse(f"the host name {host!r} contains {bad.group()!r}") from None
        return host
    if address.is_unspecified:  # a server's "listen everywhere", never a place to connect to
        return DEFAULT_HOST if address.version == 4 else "[::1]"
    return f"[{host}]" if address.version == 6 else host


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
