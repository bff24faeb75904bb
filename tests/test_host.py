"""The one host parser: the Ollama CLI's table (envconfig TestHost), the official
client's table, loopback mapping, and the refusals of what Go would silently replace."""

from __future__ import annotations

import subprocess
import sys
from typing import Optional

import pytest
from ollama._client import _parse_host as official_parse_host

import ollama_async as oa
from ollama_async._host import parse_host

from .test_cli import ENV

# envconfig/config_test.go TestHost, where Go and we agree (bad ports are refused below).
GO_TABLE: list[tuple[Optional[str], str]] = [
    (None, "http://127.0.0.1:11434"),
    ("", "http://127.0.0.1:11434"),
    ("1.2.3.4", "http://1.2.3.4:11434"),
    ("0.0.0.0", "http://127.0.0.1:11434"),  # ConnectableHost
    (":1234", "http://127.0.0.1:1234"),
    ("1.2.3.4:1234", "http://1.2.3.4:1234"),
    ("example.com", "http://example.com:11434"),
    ("example.com:1234", "http://example.com:1234"),
    ("[::1]", "http://[::1]:11434"),
    ("::1", "http://[::1]:11434"),
    ("[::]", "http://[::1]:11434"),  # ConnectableHost
    ("[::1]:1337", "http://[::1]:1337"),
    (' "1.2.3.4" ', "http://1.2.3.4:11434"),
    (" '1.2.3.4' ", "http://1.2.3.4:11434"),
    ("http://1.2.3.4", "http://1.2.3.4:80"),
    ("https://1.2.3.4", "https://1.2.3.4:443"),
    ("https://1.2.3.4:4321", "https://1.2.3.4:4321"),
    ("https://0.0.0.0:4321", "https://127.0.0.1:4321"),  # ConnectableHost
    ("https://example.com/ollama", "https://example.com:443/ollama"),
    ("ollama.com", "https://ollama.com:443"),
]

# The official client's `_parse_host` doctests: we give the same base URL for each.
OFFICIAL_TABLE = [
    None,
    "",
    "1.2.3.4",
    ":56789",
    "1.2.3.4:56789",
    "http://1.2.3.4",
    "https://1.2.3.4",
    "https://1.2.3.4:56789",
    "example.com",
    "example.com:56789",
    "http://example.com",
    "https://example.com",
    "https://example.com:56789",
    "example.com/",
    "example.com:56789/",
    "example.com/path",
    "example.com:56789/path",
    "https://example.com:56789/path",
    "example.com:56789/path/",
    "[0001:002:003:0004::1]",
    "[0001:002:003:0004::1]:56789",
    "http://[0001:002:003:0004::1]",
    "https://[0001:002:003:0004::1]",
    "https://[0001:002:003:0004::1]:56789",
    "[0001:002:003:0004::1]/",
    "[0001:002:003:0004::1]:56789/",
    "[0001:002:003:0004::1]/path",
    "[0001:002:003:0004::1]:56789/path",
    "https://[0001:002:003:0004::1]:56789/path",
    "[0001:002:003:0004::1]:56789/path/",
]

# Where the official client (ollama 0.6.3) answers otherwise: its answer, then ours.
# docs/migrating.md lists the same rows.
DIFFERENCES = [
    ("0.0.0.0", "http://0.0.0.0:11434", "http://127.0.0.1:11434"),
    ("[::]", "http://[::]:11434", "http://[::1]:11434"),
    ("::1", ValueError, "http://[::1]:11434"),
    ("ollama.com", "http://ollama.com:11434", "https://ollama.com:443"),
    ("HTTP://example.com", "HTTP://example.com:11434", "http://example.com:80"),
    (' "1.2.3.4" ', 'http:// "1.2.3.4" :11434', "http://1.2.3.4:11434"),
    ("http://", "http://http:11434", "http://127.0.0.1:80"),
    ("ftp://example.com", "ftp://example.com:11434", oa.RequestError),
    ("localhost:", "http://localhost:11434", oa.RequestError),
    ("https://example.com:", "https://example.com:443", oa.RequestError),
    ("localhost:0", "http://localhost:11434", oa.RequestError),
]

MORE: list[tuple[Optional[str], str]] = [
    ("[::1]:8080", "http://[::1]:8080"),
    ("http://[::1]:8080/ollama/", "http://[::1]:8080/ollama"),
    ("[0:0::0]:5", "http://[::1]:5"),
    ("[fe80::1%eth0]:8080", "http://[fe80::1%eth0]:8080"),
    ("[1.2.3.4]:80", "http://1.2.3.4:80"),
    ("localhost:08080", "http://localhost:8080"),
    ("localhost:65535", "http://localhost:65535"),
    ("HTTPS://Example.com", "https://Example.com:443"),
    ("http://proxy:8080/a/b", "http://proxy:8080/a/b"),
    ("bücher.example", "http://bücher.example:11434"),
    ("my_host", "http://my_host:11434"),
    ("\t localhost:1 \n", "http://localhost:1"),
]


@pytest.mark.parametrize(("value", "expected"), GO_TABLE + MORE)
def test_base_url(value: Optional[str], expected: str) -> None:
    assert parse_host(value).base_url == expected


@pytest.mark.parametrize("value", OFFICIAL_TABLE)
def test_the_official_clients_forms_give_its_base_url(value: Optional[str]) -> None:
    assert parse_host(value).base_url == official_parse_host(value)


@pytest.mark.parametrize(("value", "theirs", "ours"), DIFFERENCES)
def test_where_we_differ_from_the_official_client(
    value: str, theirs: str | type[Exception], ours: str | type[Exception]
) -> None:
    for parse, expected in (
        (official_parse_host, theirs),
        (lambda v: parse_host(v).base_url, ours),
    ):
        if isinstance(expected, str):
            assert parse(value) == expected
        else:
            with pytest.raises(expected):
                parse(value)


BAD = [
    # ports: Go warns and connects to the default port instead
    ("localhost:abc", "the port 'abc' is not a number from 1 to 65535"),
    ("http://localhost:99999", "the port '99999' is not a number from 1 to 65535"),
    (":66000", "the port '66000' is not a number from 1 to 65535"),
    (":-1", "the port '-1' is not a number from 1 to 65535"),
    ("localhost:", "the port '' is not a number from 1 to 65535"),
    ("localhost:0", "the port '0' is not a number from 1 to 65535"),
    ("localhost:+80", "the port '+80' is not a number from 1 to 65535"),
    ("localhost:8_0", "the port '8_0' is not a number from 1 to 65535"),
    ("localhost: 80", "the port ' 80' is not a number from 1 to 65535"),
    ("localhost:٨٠", "the port '٨٠' is not a number from 1 to 65535"),
    ("[::1]:abc", "the port 'abc' is not a number from 1 to 65535"),
    ("https://user:pw@host:70000/x", "the port '70000' is not a number from 1 to 65535"),
    # schemes
    ("ftp://example.com", "the scheme 'ftp' is not supported; use http:// or https://"),
    ("ws://example.com", "the scheme 'ws' is not supported"),
    ("unix:///run/ollama.sock", "the scheme 'unix' is not supported"),
    # hosts no URL can carry
    ("[::1", "opens an IPv6 address with '[' and never closes it"),
    ("[::1]x", "'x' follows the IPv6 address; only :port may"),
    ("[example.com]:80", "'example.com' in brackets is not an IP address"),
    ("x:1:2", "has more than one ':'; an IPv6 address with a port goes in brackets"),
    ("::1:8080:", "has more than one ':'"),
    ("exa mple.com", "the host name 'exa mple.com' contains ' '"),
    ("example.com?x=1", "a query ('?') has no place in a host"),
    ("example.com/#top", "a fragment ('#') has no place in a host"),
    ("a\\b", "contains '\\\\'"),
]


@pytest.mark.parametrize(("value", "problem"), BAD)
def test_bad_hosts_are_refused_with_the_problem_and_the_fix(value: str, problem: str) -> None:
    with pytest.raises(oa.RequestError) as info:
        parse_host(value)
    message = str(info.value)
    assert message.startswith(f"OLLAMA_HOST={value}: ")
    assert problem in message
    # the fix: an example, or the problem's own ("; use http:// or https://")
    assert message.endswith("(for example OLLAMA_HOST=127.0.0.1:11434)") or "; " in message


def test_a_bad_port_is_refused_from_an_argument_and_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(oa.RequestError) as info:
        oa.AsyncClient("localhost:abc")
    assert str(info.value) == (
        "host='localhost:abc': the port 'abc' is not a number from 1 to 65535 "
        "(for example host='127.0.0.1:11434')"
    )
    with pytest.raises(ValueError, match=r"^host='http://localhost:99999': the port '99999'"):
        oa.AsyncClient("http://localhost:99999")  # RequestError is a ValueError too
    with pytest.raises(oa.RequestError, match=r"^web_host='https://ollama.com:x': the port 'x'"):
        oa.AsyncClient(web_host="https://ollama.com:x")
    monkeypatch.setenv("OLLAMA_HOST", "localhost:abc")
    with pytest.raises(oa.RequestError) as info:
        oa.AsyncClient()
    assert str(info.value) == (
        "OLLAMA_HOST=localhost:abc: the port 'abc' is not a number from 1 to 65535 "
        "(for example OLLAMA_HOST=127.0.0.1:11434)"
    )
    # An argument wins: the environment is not read at all then.
    assert oa.AsyncClient("localhost:1").base_url == "http://localhost:1"


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["--host", "localhost:abc"],
            {},
            "--host localhost:abc: the port 'abc' is not a number from 1 to 65535 "
            "(for example --host 127.0.0.1:11434)",
        ),
        (
            [],
            {"OLLAMA_HOST": "http://localhost:99999"},
            "OLLAMA_HOST=http://localhost:99999: the port '99999' is not a number from 1 to "
            "65535 (for example OLLAMA_HOST=127.0.0.1:11434)",
        ),
    ],
)
def test_the_command_line_words_the_same_refusal(
    args: list[str], env: dict[str, str], message: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ollama_async", *args, "list"],
        capture_output=True,
        text=True,
        env={**ENV, **env},
    )
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: {message}\n")


@pytest.mark.parametrize("value", [11434, b"localhost:1", ("localhost", 1)])
def test_a_host_that_is_not_a_string_is_refused(value: object) -> None:
    with pytest.raises(oa.RequestError, match=r"^host must be a string such as '127.0.0.1:11434'"):
        oa.AsyncClient(value)  # type: ignore[arg-type]


def test_userinfo_becomes_basic_auth_and_is_not_in_the_url() -> None:
    parsed = parse_host("https://alice:s%3Acret@example.com/ollama")
    assert parsed.base_url == "https://example.com:443/ollama"
    assert (parsed.username, parsed.password) == ("alice", "s:cret")
    assert "s:cret" not in repr(parsed)
    assert "alice" not in repr(parsed)


def test_user_without_password() -> None:
    parsed = parse_host("bob@host:1")
    assert (parsed.base_url, parsed.username, parsed.password) == ("http://host:1", "bob", "")


def test_a_password_with_an_at_sign() -> None:
    parsed = parse_host("http://carol:p@ss@[::1]:8080")
    assert (parsed.base_url, parsed.username, parsed.password) == (
        "http://[::1]:8080",
        "carol",
        "p@ss",
    )
