"""Proxies from the environment, as Ollama's Go client reads them: the decision table
(`_proxy.py`, no I/O), then a real tinyproxy between the client and FakeOllama.

`ollama-remote.test` resolves to 127.0.0.1 through /etc/hosts (`.ci/run` adds it): the
client sees a remote host, so the proxy applies, while FakeOllama on this machine answers.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

import aiohttp
import pytest

import ollama_async as oa
from ollama_async._proxy import Proxy, ProxyRules, client_rules
from ollama_async.testing import FakeOllama

from .system_programs import require_loopback_name, require_program

REMOTE = "ollama-remote.test"
VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "REQUEST_METHOD",
)
SECRET = "pa55-w0rd"  # tinyproxy's BasicAuth takes neither ':' nor '@' in a password


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the proxy variables a test sets are seen (CI's own may be set)."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


# -- the decision table: environment → proxy for a target --------------------

P = "http://proxy:3128"
Q = "http://other:8080"

TABLE: list[tuple[dict[str, str], str, Optional[tuple[str, str]]]] = [
    # which variable, and its case: upper case first, as Go's getEnvAny
    ({"HTTP_PROXY": P}, "http://remote:11434", (P, "HTTP_PROXY")),
    ({"http_proxy": P}, "http://remote:11434", (P, "http_proxy")),
    ({"HTTP_PROXY": P, "http_proxy": Q}, "http://remote:11434", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": "", "http_proxy": Q}, "http://remote:11434", (Q, "http_proxy")),
    ({"HTTPS_PROXY": P}, "https://remote:443", (P, "HTTPS_PROXY")),
    ({"https_proxy": P}, "https://remote:443", (P, "https_proxy")),
    ({"HTTPS_PROXY": P}, "http://remote:11434", None),  # the target's scheme decides
    ({"HTTP_PROXY": P}, "https://remote:443", None),  # Go: no HTTP_PROXY for https
    # ALL_PROXY: a fallback of ours (curl, httpx); Go ignores it
    ({"ALL_PROXY": P}, "http://remote:11434", (P, "ALL_PROXY")),
    ({"all_proxy": P}, "https://remote:443", (P, "all_proxy")),
    ({"ALL_PROXY": P, "HTTPS_PROXY": Q}, "https://remote:443", (Q, "HTTPS_PROXY")),
    # the value: host:port alone is http://host:port; credentials leave the URL
    ({"HTTP_PROXY": "proxy:3128"}, "http://remote:11434", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": "https://proxy:3129"}, "http://remote:1", ("https://proxy:3129", "HTTP_PROXY")),
    ({"HTTP_PROXY": "http://u:p@proxy:3128"}, "http://remote:1", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": "HTTP://proxy:3128/"}, "http://remote:1", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": "http://[::2]:3128"}, "http://remote:1", ("http://[::2]:3128", "HTTP_PROXY")),
    # never proxied: localhost and loopback, whatever NO_PROXY says
    ({"HTTP_PROXY": P}, "http://localhost:11434", None),
    ({"HTTP_PROXY": P}, "http://LocalHost:11434", None),
    ({"HTTP_PROXY": P}, "http://localhost.:11434", None),
    ({"HTTP_PROXY": P}, "http://model.localhost:11434", None),
    ({"HTTP_PROXY": P}, "http://127.0.0.1:11434", None),
    ({"HTTP_PROXY": P}, "http://127.8.9.10:11434", None),
    ({"HTTP_PROXY": P}, "http://[::1]:11434", None),
    ({"HTTP_PROXY": P}, "http://[::ffff:127.0.0.1]:11434", None),
    ({"HTTPS_PROXY": P}, "https://localhost:443", None),
    ({"HTTP_PROXY": P}, "http://localhost.example.com:1", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": P}, "http://128.0.0.1:1", (P, "HTTP_PROXY")),
    # NO_PROXY: *, domain and its subdomains, subdomains only, ports, IPs, CIDR
    ({"HTTP_PROXY": P, "NO_PROXY": "*"}, "http://remote:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "a.com, *"}, "http://remote:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "example.com"}, "http://example.com:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "example.com"}, "http://a.b.example.com:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "example.com"}, "http://notexample.com:1", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": P, "NO_PROXY": ".example.com"}, "http://a.example.com:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": ".example.com"}, "http://example.com:1", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": P, "NO_PROXY": "*.example.com"}, "http://a.example.com:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "*.example.com"}, "http://example.com:1", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": P, "NO_PROXY": " Example.COM "}, "http://EXAMPLE.com:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "example.com:8080"}, "http://example.com:8080", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "example.com:8080"}, "http://example.com:80", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": P, "NO_PROXY": "example.com:80"}, "http://example.com:80", None),
    ({"HTTPS_PROXY": P, "NO_PROXY": "example.com:443"}, "https://example.com:443", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "10.1.2.3"}, "http://10.1.2.3:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "10.1.2.3"}, "http://10.1.2.4:1", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": P, "NO_PROXY": "10.1.2.3:99"}, "http://10.1.2.3:99", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "10.1.2.3:99"}, "http://10.1.2.3:98", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": P, "NO_PROXY": "10.0.0.0/8"}, "http://10.200.0.1:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "10.0.0.0/8"}, "http://11.0.0.1:1", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": P, "NO_PROXY": "10.0.0.0/8"}, "http://10.example:1", (P, "HTTP_PROXY")),
    ({"HTTP_PROXY": P, "NO_PROXY": "2001:db8::/32"}, "http://[2001:db8::5]:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "2001:db8::5"}, "http://[2001:db8::5]:1", None),
    ({"HTTP_PROXY": P, "NO_PROXY": "[2001:db8::5]:8080"}, "http://[2001:db8::5]:8080", None),
    (
        {"HTTP_PROXY": P, "NO_PROXY": "[2001:db8::5]:8080"},
        "http://[2001:db8::5]:1",
        (P, "HTTP_PROXY"),
    ),
    ({"HTTP_PROXY": P, "NO_PROXY": "bücher.example"}, "http://xn--bcher-kva.example:1", None),
    ({"HTTP_PROXY": P, "no_proxy": "remote"}, "http://remote:1", None),
    (
        {"HTTP_PROXY": P, "NO_PROXY": "other", "no_proxy": "remote"},
        "http://remote:1",
        (P, "HTTP_PROXY"),
    ),
    # malformed entries are skipped, as Go skips them; the others still count
    ({"HTTP_PROXY": P, "NO_PROXY": ":8080,,remote"}, "http://remote:1", None),
    (
        {"HTTP_PROXY": P, "NO_PROXY": ":8080,example.com:x"},
        "http://example.com:1",
        (P, "HTTP_PROXY"),
    ),
    # a CGI program: HTTPS_PROXY and ALL_PROXY still apply (no request header sets them)
    ({"HTTPS_PROXY": P, "REQUEST_METHOD": "GET"}, "https://remote:443", (P, "HTTPS_PROXY")),
    ({"ALL_PROXY": P, "REQUEST_METHOD": "GET"}, "http://remote:1", (P, "ALL_PROXY")),
    ({"HTTP_PROXY": P, "REQUEST_METHOD": "GET"}, "http://localhost:1", None),
]


@pytest.mark.parametrize(("environ", "target", "expected"), TABLE)
def test_which_proxy(
    environ: dict[str, str], target: str, expected: Optional[tuple[str, str]]
) -> None:
    proxy = ProxyRules.from_environ(environ).for_url(target)
    assert (None if proxy is None else (proxy.url, proxy.source)) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("socks5://proxy:1080", "SOCKS proxies are not supported, only HTTP and HTTPS ones"),
        ("socks5h://proxy:1080", "SOCKS proxies are not supported"),
        ("ftp://proxy:21", "the scheme 'ftp' is not a proxy's"),
        ("http://proxy:abc", "the port 'abc' is not a number from 1 to 65535"),
        ("http://proxy:99999", "the port '99999' is not a number from 1 to 65535"),
        ("http://[::1", "is not a URL"),
        ("http://:3128", "'' is not a host name"),
        ("http://user:pa55-w0rd@proxy:0", "the port '0' is not a number"),
    ],
)
def test_a_bad_proxy_variable_is_named_when_a_request_would_use_it(
    value: str, problem: str
) -> None:
    rules = ProxyRules.from_environ({"https_proxy": value, "NO_PROXY": "inside"})  # never raises
    assert rules.for_url("https://localhost:443") is None  # loopback: the variable is not used
    assert rules.for_url("https://inside:443") is None  # NO_PROXY: not used either
    assert rules.for_url("http://remote:1") is None  # http: another variable
    with pytest.raises(oa.RequestError) as info:
        rules.for_url("https://remote:443")
    message = str(info.value)
    assert message.startswith("https_proxy=")
    assert problem in message
    assert "trust_env=False" in message
    assert SECRET not in message


def test_http_proxy_in_a_cgi_program_is_refused() -> None:
    for name in ("HTTP_PROXY", "http_proxy"):
        rules = ProxyRules.from_environ({name: P, "REQUEST_METHOD": "POST"})
        with pytest.raises(oa.RequestError, match=rf"^{name} is refused in a CGI program"):
            rules.for_url("http://remote:1")


def test_credentials_leave_the_url_and_never_show() -> None:
    proxy = ProxyRules.from_environ(
        {"HTTP_PROXY": "http://al%40ice:p%3As%40ss@proxy:3128"}
    ).for_url("http://remote:1")
    assert proxy == Proxy(P, "al@ice", "p:s@ss", "HTTP_PROXY")
    assert "p:s@ss" not in repr(proxy) and "p%3As%40ss" not in repr(proxy)
    rules = ProxyRules.from_environ({"HTTP_PROXY": f"http://u:{SECRET}@proxy:3128"})
    assert SECRET not in repr(rules)
    assert SECRET not in repr(ProxyRules.fixed(f"http://u:{SECRET}@proxy:3128"))
    unparsable = ProxyRules.from_environ({"HTTP_PROXY": f"http://u:{SECRET}@[::1"})
    with pytest.raises(oa.RequestError) as info:
        unparsable.for_url("http://remote:1")
    assert SECRET not in str(info.value)
    assert "http://<redacted>@[::1" in str(info.value)


def test_a_fixed_proxy_takes_every_request_and_no_rules_take_none() -> None:
    fixed = ProxyRules.fixed("proxy:3128")
    for target in ("http://127.0.0.1:11434", "http://localhost:1", "https://remote:443"):
        proxy = fixed.for_url(target)
        assert proxy is not None and (proxy.url, proxy.source) == (P, "proxy")
    assert ProxyRules().for_url("http://remote:1") is None
    with pytest.raises(oa.RequestError, match=r"^proxy='socks5://x:1': SOCKS"):
        ProxyRules.fixed("socks5://x:1")


def test_the_client_arguments() -> None:
    env = {"HTTP_PROXY": P}
    rules = client_rules(own_session=True, trust_env=True, proxy=None, environ=env)
    assert rules is not None and rules.for_url("http://remote:1") is not None
    rules = client_rules(own_session=True, trust_env=False, proxy=None, environ=env)
    assert rules is not None and rules.for_url("http://remote:1") is None
    assert client_rules(own_session=False, trust_env=True, proxy=None, environ=env) is None
    with pytest.raises(oa.RequestError, match="not to a session= of yours"):
        client_rules(own_session=False, trust_env=True, proxy=P, environ=env)
    with pytest.raises(oa.RequestError, match="trust_env must be True or False"):
        oa.AsyncClient(trust_env=1)  # type: ignore[arg-type]
    with pytest.raises(oa.RequestError, match="proxy must be a str"):
        oa.AsyncClient(proxy=b"x")  # type: ignore[arg-type]


# -- against the network, no proxy program needed ------------------------------


def test_a_bad_proxy_variable_breaks_neither_import_nor_construction() -> None:
    env = {**os.environ, "HTTP_PROXY": f"socks5://user:{SECRET}@proxy:1080"}
    done = subprocess.run(
        [sys.executable, "-c", "import ollama_async; ollama_async.AsyncClient('remote.invalid')"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert (done.returncode, done.stderr) == (0, "")


async def test_a_bad_proxy_variable_is_raised_by_each_request_that_would_use_it(
    monkeypatch: pytest.MonkeyPatch, server: FakeOllama
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"socks5://user:{SECRET}@proxy:1080")
    async with oa.AsyncClient("http://remote.invalid:1", max_retries=0) as client:
        for _ in range(2):  # each request raises it afresh
            with pytest.raises(oa.RequestError, match=r"^HTTP_PROXY=socks5://<redacted>@proxy"):
                await client.version()
    async with oa.AsyncClient(server.url) as local:  # loopback: the variable does not apply
        assert await local.version() == "0.33.0"


async def test_an_unreachable_proxy_is_named_as_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("HTTP_PROXY", f"http://user:{SECRET}@127.0.0.1:{port}")
    async with oa.AsyncClient("http://remote.invalid:1", max_retries=0) as client:
        with pytest.raises(oa.OllamaConnectionError) as info:
            await client.version()
    message = str(info.value)
    assert message.startswith(f"could not connect to the HTTP proxy 127.0.0.1:{port} on the way")
    assert SECRET not in message


# -- a real tinyproxy ----------------------------------------------------------


class Tinyproxy:
    """tinyproxy in the foreground on a free loopback port, its log read line by line."""

    def __init__(self, program: str, directory: Path, auth: Optional[tuple[str, str]]) -> None:
        self.program = program
        self.directory = directory
        self.auth = auth
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._process: Optional[subprocess.Popen[str]] = None
        self._reader: threading.Thread
        self.port = 0

    @property
    def url(self) -> str:
        """The proxy's URL, with the credentials it wants when it wants some."""
        user = "" if self.auth is None else f"{self.auth[0]}:{self.auth[1]}@"
        return f"http://{user}127.0.0.1:{self.port}"

    def start(self) -> None:
        with socket.socket() as probe:  # a free port; tinyproxy cannot be told to pick one
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = self.directory / f"tinyproxy-{self.port}.conf"
        settings = [
            f"Port {self.port}",
            "Listen 127.0.0.1",
            "Timeout 60",
            "LogLevel Info",
            "MaxClients 20",
            "Allow 127.0.0.1",
            'ViaProxyName "test-tinyproxy"',
        ]
        if self.auth is not None:
            settings.append(f"BasicAuth {self.auth[0]} {self.auth[1]}")
        config.write_text("\n".join(settings) + "\n")
        self._process = subprocess.Popen(
            [self.program, "-d", "-c", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            self.wait_for("Accepting connections")
        except BaseException:
            self.stop()  # the fixture never reaches its teardown
            raise

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self.lines.append("<exited>")
            self._changed.notify_all()

    def wait_for(self, text: str) -> str:
        """The first log line containing `text`, once tinyproxy has written it."""
        with self._changed:
            found = self._changed.wait_for(
                lambda: any(text in line or line == "<exited>" for line in self.lines), timeout=30
            )
            line = next((line for line in self.lines if text in line), None)
        assert found and line is not None, f"tinyproxy never logged {text!r}: {self.lines[-5:]}"
        return line

    def requests(self) -> list[str]:
        """The request lines logged so far (`GET http://host:port/path HTTP/1.1`)."""
        with self._changed:
            return [line.split("): ", 1)[1] for line in self.lines if "Request (file" in line]

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait()
            self._reader.join()  # it has read to the end: the pipe can close
            assert self._process.stdout is not None
            self._process.stdout.close()


@pytest.fixture
def tinyproxy_program() -> str:
    program = require_program("tinyproxy", apt="tinyproxy", also=("/usr/sbin/tinyproxy",))
    require_loopback_name(REMOTE)
    return program


@pytest.fixture
def proxy(tinyproxy_program: str, tmp_path: Path) -> Iterator[Tinyproxy]:
    running = Tinyproxy(tinyproxy_program, tmp_path, None)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def auth_proxy(tinyproxy_program: str, tmp_path: Path) -> Iterator[Tinyproxy]:
    running = Tinyproxy(tinyproxy_program, tmp_path, ("alice", SECRET))
    running.start()
    yield running
    running.stop()


def remote(server: FakeOllama, scheme: str = "http") -> str:
    return f"{scheme}://{REMOTE}:{server.url.rsplit(':', 1)[1]}"


async def through(server: FakeOllama, proxy: Tinyproxy, client: oa.AsyncClient) -> bool:
    """Ask `client` for the version; whether the request went through `proxy`.

    Both witnesses must agree: tinyproxy logged the request, and FakeOllama got
    it with tinyproxy's `Via` header.
    """
    assert await client.version() == "0.33.0"
    via = "test-tinyproxy" in server.requests[-1].headers.get("Via", "")
    url = f"{client.base_url}/api/version"
    if via:
        await asyncio.to_thread(proxy.wait_for, f"GET {url} ")
    logged = any(line.startswith(f"GET {url} ") for line in proxy.requests())
    assert logged == via, (via, proxy.requests())
    return via


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])
async def test_a_remote_host_goes_through_the_proxy_of_the_environment(
    monkeypatch: pytest.MonkeyPatch, server: FakeOllama, proxy: Tinyproxy, variable: str
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    async with oa.AsyncClient(remote(server)) as client:
        assert await through(server, proxy, client)


async def test_loopback_never_goes_through_the_proxy(
    monkeypatch: pytest.MonkeyPatch, server: FakeOllama, proxy: Tinyproxy
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    port = server.url.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"0.0.0.0:{port}"):
        async with oa.AsyncClient(host) as client:
            assert not await through(server, proxy, client), host
    async with oa.AsyncClient(remote(server)) as client:  # and the proxy does work
        assert await through(server, proxy, client)
    assert len(proxy.requests()) == 1  # only the remote one, logged after the others


@pytest.mark.parametrize("no_proxy", [REMOTE, f"{REMOTE}:{{port}}", ".test", "*", "x,test"])
async def test_no_proxy_sends_the_request_directly(
    monkeypatch: pytest.MonkeyPatch, server: FakeOllama, proxy: Tinyproxy, no_proxy: str
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("no_proxy", no_proxy.format(port=server.url.rsplit(":", 1)[1]))
    async with oa.AsyncClient(remote(server)) as client:
        assert not await through(server, proxy, client)
    monkeypatch.setenv("NO_PROXY", "other.test")  # the upper-case name wins
    async with oa.AsyncClient(remote(server)) as client:
        assert await through(server, proxy, client)


async def test_trust_env_false_ignores_the_environment_and_proxy_sets_one(
    monkeypatch: pytest.MonkeyPatch, server: FakeOllama, proxy: Tinyproxy
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    async with oa.AsyncClient(remote(server), trust_env=False) as client:
        assert not await through(server, proxy, client)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:1")  # ignored: proxy= wins
    async with oa.AsyncClient(server.url, proxy=proxy.url) as client:
        assert await through(server, proxy, client)  # loopback too, when asked explicitly


async def test_a_session_of_yours_keeps_its_own_settings(
    monkeypatch: pytest.MonkeyPatch, server: FakeOllama, proxy: Tinyproxy
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    async with (
        aiohttp.ClientSession() as session,  # aiohttp's default: no proxy
        oa.AsyncClient(remote(server), session=session) as client,
    ):
        assert not await through(server, proxy, client)
    async with (
        aiohttp.ClientSession(trust_env=True) as session,  # aiohttp reads the variables
        oa.AsyncClient(remote(server), session=session) as client,
    ):
        assert await through(server, proxy, client)


async def test_https_targets_use_https_proxy_through_connect(
    monkeypatch: pytest.MonkeyPatch, server: FakeOllama, proxy: Tinyproxy
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:1")  # not for https targets
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    async with oa.AsyncClient(remote(server, "https"), max_retries=0) as client:
        # FakeOllama speaks no TLS: the tunnel opens, the handshake then fails.
        with pytest.raises(oa.OllamaConnectionError):
            await client.version()
    port = server.url.rsplit(":", 1)[1]
    assert proxy.wait_for(f"CONNECT {REMOTE}:{port} ")


async def test_credentials_go_as_proxy_authorization_and_never_show(
    monkeypatch: pytest.MonkeyPatch,
    server: FakeOllama,
    auth_proxy: Tinyproxy,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("HTTP_PROXY", auth_proxy.url)
    async with oa.AsyncClient(remote(server)) as client:
        assert await through(server, auth_proxy, client)
        assert SECRET not in repr(client)
    assert "Proxy-Authorization" not in server.requests[-1].headers  # tinyproxy took it
    seen = [repr(client)]
    anonymous = auth_proxy.url.replace(f"alice:{SECRET}@", "")
    for url, status in ((anonymous, 407), (auth_proxy.url.replace(SECRET, "wrong"), 401)):
        monkeypatch.setenv("HTTP_PROXY", url)
        async with oa.AsyncClient(remote(server), max_retries=0) as client:
            with pytest.raises(oa.ResponseError) as info:
                await client.version()
        assert info.value.status_code == status  # tinyproxy: 401 for wrong credentials
        if status == 407:
            assert "asks for its user name and password" in str(info.value)
        seen += [str(info.value), repr(info.value)]
    # https: the credentials go with the CONNECT; the tunnel then opens (and TLS fails,
    # FakeOllama speaking none), or the proxy refuses the CONNECT.
    for url, opened in ((auth_proxy.url, True), (auth_proxy.url.replace(SECRET, "wrong"), False)):
        monkeypatch.setenv("HTTPS_PROXY", url)
        async with oa.AsyncClient(remote(server, "https"), max_retries=0) as client:
            with pytest.raises(oa.OllamaConnectionError) as failed:
                await client.version()
        assert ("asks for its user name" in str(failed.value)) is not opened
        seen += [str(failed.value), repr(failed.value)]
    seen += [record.getMessage() for record in caplog.records]
    assert any("proxy=http://127.0.0.1:" in text for text in seen)  # the debug log names it
    assert not [text for text in seen if SECRET in text or ":wrong" in text]


def test_the_command_line_blames_the_proxy_not_the_server() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    env = {**os.environ, "HTTP_PROXY": f"http://127.0.0.1:{port}", "OLLAMA_HOST": "remote.invalid"}
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    done = subprocess.run(
        [sys.executable, "-m", "ollama_async", "list"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert done.stderr.startswith(
        f"Error: could not connect to the HTTP proxy 127.0.0.1:{port} on the way to "
        "http://remote.invalid:11434/api/tags"
    )
