"""OLLAMA_HOST parsing: the Ollama CLI's table (envconfig TestHost) plus loopback mapping."""

from __future__ import annotations

import pytest

from ollama_async._host import parse_host


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "http://127.0.0.1:11434"),
        ("", "http://127.0.0.1:11434"),
        ("1.2.3.4", "http://1.2.3.4:11434"),
        ("0.0.0.0", "http://127.0.0.1:11434"),
        (":1234", "http://127.0.0.1:1234"),
        ("1.2.3.4:1234", "http://1.2.3.4:1234"),
        ("example.com", "http://example.com:11434"),
        ("example.com:1234", "http://example.com:1234"),
        (":66000", "http://127.0.0.1:11434"),
        (":-1", "http://127.0.0.1:11434"),
        ("[::1]", "http://[::1]:11434"),
        ("::1", "http://[::1]:11434"),
        ("[::]", "http://[::1]:11434"),
        ("[::1]:1337", "http://[::1]:1337"),
        (' "1.2.3.4" ', "http://1.2.3.4:11434"),
        (" '1.2.3.4' ", "http://1.2.3.4:11434"),
        ("http://1.2.3.4", "http://1.2.3.4:80"),
        ("https://1.2.3.4", "https://1.2.3.4:443"),
        ("https://1.2.3.4:4321", "https://1.2.3.4:4321"),
        ("https://0.0.0.0:4321", "https://127.0.0.1:4321"),
        ("https://example.com/ollama", "https://example.com:443/ollama"),
        ("https://example.com/ollama/", "https://example.com:443/ollama"),
        ("http://proxy:8080/a/b", "http://proxy:8080/a/b"),
        ("ollama.com", "https://ollama.com:443"),
        ("HTTP://example.com", "http://example.com:80"),
    ],
)
def test_base_url(value: str | None, expected: str) -> None:
    assert parse_host(value).base_url == expected


def test_userinfo_becomes_basic_auth_and_is_not_in_the_url() -> None:
    parsed = parse_host("https://alice:s%3Acret@example.com/ollama")
    assert parsed.base_url == "https://example.com:443/ollama"
    assert (parsed.username, parsed.password) == ("alice", "s:cret")
    assert "s:cret" not in repr(parsed)
    assert "alice" not in repr(parsed)


def test_user_without_password() -> None:
    parsed = parse_host("bob@host:1")
    assert (parsed.base_url, parsed.username, parsed.password) == ("http://host:1", "bob", "")


def test_unknown_scheme_is_rejected() -> None:
    with pytest.raises(ValueError, match="http:// or https://"):
        parse_host("ftp://example.com")
