"""The error tree and the mapping of HTTP statuses onto it."""

from __future__ import annotations

import pytest

from ollama_async import _exceptions as ex


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (400, b'{"error":"model is required"}', ex.BadRequestError),
        (401, b'{"error": "unauthorized"}', ex.AuthenticationError),
        (403, b"", ex.PermissionDeniedError),
        (404, b'{"error":"model \'llama3.2:3b\' not found"}', ex.ModelNotFoundError),
        (404, b'{"error":"model \\"x\\" not found, try pulling it first"}', ex.ModelNotFoundError),
        (404, b"404 page not found", ex.EndpointNotFoundError),
        (404, b"", ex.EndpointNotFoundError),
        (404, b'{"error":"something else"}', ex.NotFoundError),
        (405, b"405 method not allowed", ex.ResponseError),
        (429, b'{"error":"rate limit exceeded"}', ex.ServerBusyError),
        (499, b'{"error":"request canceled"}', ex.ResponseError),
        (500, b'{"error":"option \\"stop\\" must be of type array"}', ex.ServerError),
        (502, b'{"error": "upstream error"}', ex.ServerError),
        (
            503,
            b'{"error":"server busy, please try again.  maximum pending requests exceeded"}',
            ex.ServerBusyError,
        ),
    ],
)
def test_status_classes(status: int, body: bytes, cls: type[ex.ResponseError]) -> None:
    from ollama_async._transport import _parse_object

    error = ex.error_for_status(status, body, _parse_object(body))
    assert type(error) is cls
    assert error.status_code == status


def test_model_not_found_names_the_model_and_the_fix() -> None:
    error = ex.error_for_status(404, b"", {"error": "model 'llama3.2:3b' not found"})
    assert isinstance(error, ex.ModelNotFoundError)
    assert error.model == "llama3.2:3b"
    assert "ollama pull llama3.2:3b" in str(error)
    assert error.error == "model 'llama3.2:3b' not found"


def test_plain_text_404_is_not_model_not_found() -> None:
    error = ex.error_for_status(404, b"404 page not found", None)
    assert isinstance(error, ex.EndpointNotFoundError)
    assert error.error == "404 page not found"
    assert "pull" not in str(error)
    assert "endpoint" in str(error)


def test_empty_403_explains_the_host_guard() -> None:
    error = ex.error_for_status(403, b"", None)
    assert error.error == "<empty body>"
    assert "proxy_set_header Host" in str(error)


def test_signin_url_is_exposed() -> None:
    body = {"error": "unauthorized", "signin_url": "https://ollama.com/connect?name=x"}
    error = ex.error_for_status(401, b"", body)
    assert isinstance(error, ex.AuthenticationError)
    assert error.signin_url == "https://ollama.com/connect?name=x"


def test_builtin_bases_for_migrating_code() -> None:
    assert issubclass(ex.OllamaConnectionError, ConnectionError)
    assert issubclass(ex.OllamaTimeoutError, TimeoutError)
    assert issubclass(ex.RequestError, ValueError)
    assert issubclass(ex.StreamError, ex.ResponseError)
    assert ex.OllamaTimeoutError("x", limit="read").limit == "read"


def test_every_error_is_drawn_in_the_module_docstring() -> None:
    doc = ex.__doc__ or ""
    for name in ex.__all__:
        obj = getattr(ex, name)
        if isinstance(obj, type):
            assert name in doc, name


def test_quote_keeps_short_text_and_cuts_long_text_saying_its_length() -> None:
    assert ex.quote("short") == "'short'"
    assert ex.quote(b"caf\xc3\xa9") == "'café'"
    long = ex.quote("x" * 10_000)
    assert len(long) < ex.QUOTE_CHARS + 50 and long.endswith("(10000 characters in all)")
    assert ex.quote(b"y" * 500).endswith("(500 bytes in all)")
    assert ex.quote(b"z" * 10, size=1 << 20).endswith(f"({1 << 20} bytes in all)")


def test_a_huge_error_message_logs_as_a_short_line_but_keeps_its_text() -> None:
    error = ex.error_for_status(500, b"boom " * 100_000, None)
    assert len(str(error)) < 500
    assert "characters in all" in str(error)
    assert error.error == ("boom " * 100_000).strip()


def test_a_cut_error_body_says_it_was_cut() -> None:
    error = ex.error_for_status(502, b"<html>" * 1000, None, size=6000, cut=True)
    assert "a body of more than 6000 bytes, not read further" in str(error)
    assert len(str(error)) < 500


def test_client_closed_error_has_a_default_and_a_specific_message() -> None:
    assert "create a new AsyncClient" in str(ex.ClientClosedError())
    assert str(ex.ClientClosedError("closed while reading")) == "closed while reading"
