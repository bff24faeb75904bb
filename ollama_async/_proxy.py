"""Which HTTP proxy a request goes through, decided without I/O.

The rules are those of Ollama's own Go client (`net/http.ProxyFromEnvironment`,
i.e. `golang.org/x/net/http/httpproxy`):

* `HTTP_PROXY` for `http://` targets, `HTTPS_PROXY` for `https://` ones; each
  name in upper case first, then lower case (`http_proxy`), the first one set
  and non-empty wins. A value without a scheme is `http://` + value.
* `NO_PROXY` (same precedence) is a comma-separated list; each entry is `*`
  (no proxy at all), an IP address or CIDR prefix (`10.0.0.0/8`), or a domain
  name: `example.com` matches it and its subdomains, `.example.com` (or
  `*.example.com`) only subdomains. IP and domain entries may carry a port
  (`example.com:8080`, `[::1]:8080`), which must then match too.
* `localhost` and loopback addresses are never proxied.
* In a CGI program (`REQUEST_METHOD` set) `HTTP_PROXY` is refused, since a
  request's `Proxy:` header can set it ("httpoxy").

Two choices of ours, where Go has none: `ALL_PROXY` (curl's and httpx's
fallback, which Go ignores) is used for a scheme whose own variable is unset;
and a value that is not a usable proxy URL raises `RequestError` naming the
variable when a request would go through it (Go drops it silently and connects
directly), never when the environment is read.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import NamedTuple, Optional, Union
from urllib.parse import SplitResult, unquote, urlsplit

from ._exceptions import RequestError
from ._host import parse_port

__all__ = ["Proxy", "ProxyRules", "client_rules"]

_IP = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
_Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]
_TARGET_PORTS = {"http": 80, "https": 443}
_SOCKS = ("socks4", "socks4a", "socks5", "socks5h")


class Proxy(NamedTuple):
    """A proxy to send requests through: its URL without credentials, the
    credentials for `Proxy-Authorization`, and where it was configured."""

    url: str
    username: Optional[str]
    password: Optional[str]
    source: str

    def __repr__(self) -> str:
        user = "" if self.username is None else ", username=<redacted>, password=<redacted>"
        return f"Proxy(url={self.url!r}{user}, source={self.source!r})"


class _Invalid(NamedTuple):
    """A proxy setting that cannot be used: the message of the error each use raises."""

    message: str


_Setting = Union[Proxy, _Invalid, None]
"""A proxy variable read: the proxy, why it cannot be used, or unset."""


class _Entry(NamedTuple):
    """One `NO_PROXY` entry: a network, or a domain suffix (`.example.com`)."""

    network: Optional[_Network]
    suffix: str
    whole_name: bool  # `example.com` also matches `example.com` itself
    port: Optional[int]


class ProxyRules:
    """The proxies and `NO_PROXY` list one client was made with.

    `ProxyRules.from_environ(os.environ)` reads them (never raising);
    `ProxyRules.fixed(url)` sends every request through one proxy;
    `ProxyRules()` sends none through a proxy. `for_url` decides per target.
    """

    __slots__ = ("_by_scheme", "_cgi_error", "_entries", "_everything_direct", "_fixed")

    def __init__(self) -> None:
        self._by_scheme: dict[str, _Setting] = {}
        self._entries: tuple[_Entry, ...] = ()
        self._everything_direct = False
        self._fixed: Optional[Proxy] = None
        self._cgi_error: Optional[str] = None

    @classmethod
    def fixed(cls, url: str) -> ProxyRules:
        """Every request through `url` (loopback and `NO_PROXY` included); raises if it is invalid."""
        proxy = _parse_proxy(url, "proxy")
        if isinstance(proxy, _Invalid):
            raise RequestError(proxy.message)
        rules = cls()
        rules._fixed = proxy
        return rules

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ProxyRules:
        """The rules the proxy variables of `environ` set; bad values raise only when used."""
        rules = cls()
        fallback = _read(environ, "ALL_PROXY")
        for scheme in _TARGET_PORTS:
            rules._by_scheme[scheme] = _read(environ, f"{scheme.upper()}_PROXY") or fallback
        http = rules._by_scheme["http"]
        if (
            environ.get("REQUEST_METHOD")
            and isinstance(http, Proxy)
            and http.source.upper() == "HTTP_PROXY"  # not ALL_PROXY, which no header sets
        ):
            rules._cgi_error = (
                f"{http.source} is refused in a CGI program (REQUEST_METHOD is set): a "
                "request's Proxy header can set it (httpoxy); pass proxy= to AsyncClient, "
                "or trust_env=False to connect directly"
            )
        value = _first(environ, "NO_PROXY")[1]
        entries = []
        for text in value.split(","):
            text = text.strip().lower()
            if text == "*":
                rules._everything_direct = True
            elif text:
                entry = _no_proxy_entry(text)
                if entry is not None:  # malformed entries are skipped, as Go does
                    entries.append(entry)
        rules._entries = tuple(entries)
        return rules

    def for_url(self, url: str) -> Optional[Proxy]:
        """The proxy for requests to `url` (a base URL with an explicit port), `None` for direct.

        Raises `RequestError` when the proxy variable that applies is invalid.
        """
        if self._fixed is not None:
            return self._fixed
        target = urlsplit(url)
        setting = self._by_scheme.get(target.scheme)
        if setting is None or self._everything_direct or self._direct(target):
            return None
        if isinstance(setting, _Invalid):  # a new error each time: none collects tracebacks
            raise RequestError(setting.message)
        if target.scheme == "http" and self._cgi_error is not None:
            raise RequestError(self._cgi_error)
        return setting

    def _direct(self, target: SplitResult) -> bool:
        host = (target.hostname or "").rstrip(".")
        port = target.port or _TARGET_PORTS[target.scheme]
        if host == "localhost" or host.endswith(".localhost"):
            return True
        try:
            address: Optional[_IP] = ipaddress.ip_address(host.partition("%")[0])
        except ValueError:
            address = None
            host = _ascii(host)
        if address is not None and _is_loopback(address):
            return True
        for entry in self._entries:
            if entry.port is not None and entry.port != port:
                continue
            if entry.network is not None:
                if address is not None and _contains(entry.network, address):
                    return True
            elif host.endswith(entry.suffix) or (entry.whole_name and host == entry.suffix[1:]):
                return True
        return False

    def __repr__(self) -> str:
        if self._fixed is not None:
            return f"ProxyRules.fixed({self._fixed!r})"
        shown = {scheme: setting for scheme, setting in self._by_scheme.items() if setting}
        return f"ProxyRules({shown}, no_proxy_entries={len(self._entries)})"


def client_rules(
    *, own_session: bool, trust_env: bool, proxy: Optional[str], environ: Mapping[str, str]
) -> Optional[ProxyRules]:
    """The rules of `AsyncClient(trust_env=..., proxy=...)`; `None` when the caller's session decides.

    The arguments' types are checked by the client (`_request`); a bad
    environment variable raises only when a request would use it.
    """
    if not own_session:
        if proxy is not None:
            raise RequestError(
                "proxy= applies to the session the client makes, not to a session= of yours: "
                "pass aiohttp.ClientSession(proxy=...) or the proxy= of each of its requests"
            )
        return None
    if proxy is not None:
        return ProxyRules.fixed(proxy)
    return ProxyRules.from_environ(environ) if trust_env else ProxyRules()


def _first(environ: Mapping[str, str], name: str) -> tuple[str, str]:
    """The variable and value of `NAME`, else `name`: the first set and non-empty, as Go reads."""
    for variant in (name, name.lower()):
        value = environ.get(variant, "").strip()
        if value:
            return variant, value
    return name, ""


def _read(environ: Mapping[str, str], name: str) -> _Setting:
    variable, value = _first(environ, name)
    return _parse_proxy(value, variable) if value else None


def _parse_proxy(value: str, source: str) -> Union[Proxy, _Invalid]:
    """The proxy `value` names, or why it cannot be used.

    Errors show the value without its credentials.
    """
    shown = _redacted(value)
    fix = "write http://[user:password@]host:port"
    if source == "proxy":  # the argument
        setting = f"proxy={shown!r}"
    else:  # an environment variable
        setting = f"{source}={shown}"
        fix += ", add the host to NO_PROXY, or pass AsyncClient(trust_env=False)"
    try:
        split = urlsplit(value if "://" in value else f"http://{value}")
    except ValueError as exc:  # an unclosed "[" of an IPv6 address
        return _Invalid(f"{setting} is not a URL ({exc}); {fix}")
    scheme = split.scheme.lower()
    if scheme in _SOCKS:
        return _Invalid(
            f"{setting}: SOCKS proxies are not supported, only HTTP and HTTPS ones; {fix}"
        )
    if scheme not in _TARGET_PORTS:
        return _Invalid(f"{setting}: the scheme {scheme!r} is not a proxy's; {fix}")
    netloc = split.netloc.rpartition("@")[2]
    host, port_text = netloc, None
    if ":" in netloc and not netloc.endswith("]"):
        host, _, port_text = netloc.rpartition(":")
    if port_text is not None and parse_port(port_text) is None:
        return _Invalid(f"{setting}: the port {port_text!r} is not a number from 1 to 65535; {fix}")
    if not host.strip("[]") or not host.isprintable() or " " in host:
        return _Invalid(f"{setting}: {host!r} is not a host name; {fix}")
    user = split.username
    return Proxy(
        f"{scheme}://{netloc}",
        None if user is None else unquote(user),
        None if user is None else unquote(split.password or ""),
        source,
    )


def _redacted(text: str) -> str:
    """`text` with whatever precedes its last `@` (user and password) replaced."""
    head, at, tail = text.rpartition("@")
    if not at:
        return text
    scheme, sep, _ = head.partition("://")
    return f"{scheme}{sep}<redacted>@{tail}" if sep else f"<redacted>@{tail}"


def _no_proxy_entry(text: str) -> Optional[_Entry]:
    """One lower-cased `NO_PROXY` entry, read as Go's `httpproxy` reads it; `None` if malformed."""
    try:
        return _Entry(ipaddress.ip_network(text, strict=False), "", False, None)
    except ValueError:
        pass
    host, port = text, None
    if text.startswith("["):
        host, _, after = text[1:].partition("]")
        if after:
            port = parse_port(after[1:]) if after.startswith(":") else None
            if port is None:
                return None
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
        port = parse_port(port_text)
        if port is None or not host:
            return None
    try:
        return _Entry(ipaddress.ip_network(host), "", False, port)
    except ValueError:
        pass
    if host.startswith("*."):
        host = host[1:]
    whole_name = not host.startswith(".")
    return _Entry(None, "." + _ascii(host.lstrip(".")), whole_name, port)


def _ascii(name: str) -> str:
    """A host name in its ASCII (IDNA) form, as Go compares them; unchanged if it has none."""
    if name.isascii():
        return name
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def _is_loopback(address: _IP) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback  # ::ffff:127.0.0.1, as Go's IsLoopback
    return address.is_loopback


def _contains(network: _Network, address: _IP) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return network.version == address.version and address in network
