"""The NDJSON decoder, fed whole, byte by byte, split at every point and in random chunkings."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollama_async._exceptions import IncompleteStreamError, LineTooLongError, ProtocolError
from ollama_async._ndjson import NDJSONDecoder

# Modelled on real captures: Chinese text, an emoji (4-byte UTF-8), U+0085 and
# U+2028 raw inside strings (Go escapes U+2028 but a proxy may not), a final
# chunk with a context array, and CRLF line ends.
LINES: list[dict[str, Any]] = [
    {
        "model": "llama3.1",
        "created_at": "2024-08-01T12:00:00.1Z",
        "response": "你好",
        "done": False,
    },
    {"model": "llama3.1", "created_at": "2024-08-01T12:00:00.2Z", "response": " 😊", "done": False},
    {
        "model": "llama3.1",
        "created_at": "2024-08-01T12:00:00.3Z",
        "response": "a\u0085b\u2028c",
        "done": False,
    },
    {
        "model": "llama3.1",
        "response": "",
        "done": True,
        "done_reason": "stop",
        "context": list(range(300)),
    },
]
STREAM = b"".join(orjson.dumps(line) + b"\n" for line in LINES)


def decode_chunks(chunks: list[bytes], max_line_bytes: int = 1 << 24) -> list[dict[str, Any]]:
    decoder = NDJSONDecoder(max_line_bytes)
    out: list[dict[str, Any]] = []
    for chunk in chunks:
        out.extend(decoder.feed(chunk))
    out.extend(decoder.feed_eof())
    return out


def split_at(data: bytes, points: list[int]) -> list[bytes]:
    bounds = [0, *sorted(set(points)), len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:])]


def test_whole_stream() -> None:
    assert decode_chunks([STREAM]) == LINES


def test_byte_by_byte() -> None:
    assert decode_chunks([STREAM[i : i + 1] for i in range(len(STREAM))]) == LINES


def test_every_split_point() -> None:
    # Includes every point inside the multi-byte characters of 你好 and 😊.
    for point in range(1, len(STREAM)):
        assert decode_chunks([STREAM[:point], STREAM[point:]]) == LINES, point


def test_multibyte_character_split_across_chunks() -> None:
    line = orjson.dumps({"response": "😊"}) + b"\n"
    cut = line.index("😊".encode()) + 2
    decoder = NDJSONDecoder()
    assert decoder.feed(line[:cut]) == []
    assert decoder.pending == cut
    assert decoder.feed(line[cut:]) == [{"response": "😊"}]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=len(STREAM) - 1), max_size=40))
def test_random_chunkings(points: list[int]) -> None:
    assert decode_chunks(split_at(STREAM, points)) == LINES


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.text(max_size=5),
            st.one_of(st.text(), st.integers(-(2**63), 2**63 - 1), st.booleans()),
            max_size=4,
        ),
        max_size=6,
    ),
    st.data(),
)
def test_generated_objects_round_trip(objects: list[dict[str, Any]], data: st.DataObject) -> None:
    stream = b"".join(orjson.dumps(obj) + b"\n" for obj in objects)
    points = data.draw(st.lists(st.integers(min_value=0, max_value=len(stream)), max_size=20))
    assert decode_chunks(split_at(stream, points)) == objects


def test_never_splits_on_unicode_line_separators() -> None:
    line = '{"response":"x\u0085y\u2028z\u2029"}\n'.encode()
    assert decode_chunks([line]) == [{"response": "x\u0085y\u2028z\u2029"}]


def test_crlf_and_blank_lines_are_ignored() -> None:
    data = b'\n{"a":1}\r\n\r\n  \n{"b":2}\n\n'
    assert decode_chunks([data]) == [{"a": 1}, {"b": 2}]
    assert decode_chunks([data[i : i + 1] for i in range(len(data))]) == [{"a": 1}, {"b": 2}]


def test_many_lines_in_one_read() -> None:
    decoder = NDJSONDecoder()
    assert decoder.feed(b'{"a":1}\n{"a":2}\n{"a"') == [{"a": 1}, {"a": 2}]
    assert decoder.feed(b":3}\n") == [{"a": 3}]


def test_final_line_without_newline_is_returned_at_eof() -> None:
    # Non-streaming bodies (gin's c.JSON) have no trailing newline.
    decoder = NDJSONDecoder()
    assert decoder.feed(b'{"done":true}') == []
    assert decoder.feed_eof() == [{"done": True}]
    assert decoder.feed_eof() == []


def test_truncated_last_line_is_reported() -> None:
    decoder = NDJSONDecoder()
    decoder.feed(b'{"response":"a"}\n{"response":"b')
    with pytest.raises(IncompleteStreamError, match="middle of a line"):
        decoder.feed_eof()


def test_garbage_line_raises_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="not JSON"):
        NDJSONDecoder().feed(b"<html>oops</html>\n")


@pytest.mark.parametrize("line", [b"null\n", b"[1,2]\n", b'"text"\n', b"3\n"])
def test_non_object_line_raises_protocol_error(line: bytes) -> None:
    with pytest.raises(ProtocolError, match="not an object"):
        NDJSONDecoder().feed(line)


def test_error_lines_are_objects_for_the_stream_layer() -> None:
    assert NDJSONDecoder().feed(b'{"error":"boom"}\n') == [{"error": "boom"}]


def test_line_limit_applies_before_the_line_ends() -> None:
    decoder = NDJSONDecoder(max_line_bytes=10)
    decoder.feed(b'{"a":"1234')
    with pytest.raises(LineTooLongError, match="max_line_bytes=10"):
        decoder.feed(b"5678")


def test_line_limit_applies_to_complete_lines() -> None:
    with pytest.raises(LineTooLongError):
        NDJSONDecoder(max_line_bytes=10).feed(b'{"a":"12345678"}\n')
    # Lines before the bad one in the same read come out first; the error follows.
    decoder = NDJSONDecoder(max_line_bytes=10)
    assert decoder.feed(b'{"b":1}\n{"a":"12345678"}\n') == [{"b": 1}]
    with pytest.raises(LineTooLongError):
        decoder.feed(b"")
    with pytest.raises(LineTooLongError):
        decoder.feed_eof()


def test_garbage_after_good_lines_is_raised_after_them() -> None:
    decoder = NDJSONDecoder()
    assert decoder.feed(b'{"a":1}\n<html>\n{"b":2}\n') == [{"a": 1}]
    with pytest.raises(ProtocolError, match="not JSON"):
        decoder.feed(b'{"c":3}\n')


def test_line_at_the_limit_is_accepted() -> None:
    line = b'{"a":"xx"}'
    assert NDJSONDecoder(max_line_bytes=len(line)).feed(line + b"\n") == [{"a": "xx"}]


def test_default_limit_is_at_least_16_mib() -> None:
    assert NDJSONDecoder().max_line_bytes >= 16 * 1024 * 1024


def test_invalid_limit() -> None:
    with pytest.raises(ValueError, match="positive"):
        NDJSONDecoder(0)


def feed_in_pieces(size: int, decoder_type: type[NDJSONDecoder] = NDJSONDecoder) -> float:
    """CPU seconds to decode one ``size``-byte line fed in 100-byte pieces (best of 3)."""
    payload = orjson.dumps({"text": "x" * size}) + b"\n"
    pieces = [payload[i : i + 100] for i in range(0, len(payload), 100)]
    best = float("inf")
    for _ in range(3):
        decoder = decoder_type(1 << 24)
        started = time.process_time()
        for piece in pieces:
            decoder.feed(piece)
        best = min(best, time.process_time() - started)
    return best


def test_long_line_in_small_pieces_is_linear() -> None:
    # Eight times the bytes may cost about eight times the work, not sixty-four:
    # a ratio, so a loaded machine slows both sides alike (process CPU time).
    small, large = feed_in_pieces(64 * 1024), feed_in_pieces(512 * 1024)
    assert large / small < 20, (small, large)


def test_the_linearity_check_catches_a_quadratic_decoder() -> None:
    class Rescanning(NDJSONDecoder):
        """Searches the whole buffered line again for every piece: O(n²)."""

        def feed(self, data: bytes) -> list[dict[str, Any]]:
            self._tail += data
            if bytes(self._tail).find(b"\n") < 0:
                return []
            return super().feed(b"")

    small, large = feed_in_pieces(64 * 1024, Rescanning), feed_in_pieces(512 * 1024, Rescanning)
    assert large / small > 20, (small, large)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.binary(max_size=40)
        | st.sampled_from(
            [b"\n", b'{"a":', b"}\n", b"\r\n", b"\xe4\xbd", b"\xa0", b"[1]\n", b"null\n"]
        ),
        max_size=20,
    )
)
def test_fuzz_arbitrary_bytes_raise_only_typed_errors(chunks: list[bytes]) -> None:
    decoder = NDJSONDecoder(max_line_bytes=64)
    try:
        for chunk in chunks:
            assert all(type(obj) is dict for obj in decoder.feed(chunk))
        assert all(type(obj) is dict for obj in decoder.feed_eof())
    except (ProtocolError, IncompleteStreamError):
        pass  # typed errors only: anything else fails the test


CAPTURES = Path(__file__).resolve().parents[1].parent / "shared" / "ollama-wire"


def captured_streams() -> list[tuple[str, bytes]]:
    streams = []
    for path in sorted(CAPTURES.glob("[0-9]*.json")) if CAPTURES.is_dir() else []:
        lines = orjson.loads(path.read_bytes()).get("body_lines")
        if lines:
            streams.append((path.name, b"".join(line.encode() + b"\n" for line in lines)))
    return streams


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="../shared/ollama-wire is not present")
@pytest.mark.parametrize(
    ("name", "stream"), captured_streams(), ids=[n for n, _ in captured_streams()]
)
def test_every_split_point_of_real_captures(name: str, stream: bytes) -> None:
    """Real bytes (Chinese, emoji, escapes) split at every point; big ones at every 3rd to 7th byte."""
    whole = decode_chunks([stream])
    step = 1 if len(stream) <= 8000 else 1 + len(stream) // 6000
    for point in range(1, len(stream), step):
        decoder = NDJSONDecoder()
        objects = decoder.feed(stream[:point]) + decoder.feed(stream[point:]) + decoder.feed_eof()
        assert objects == whole, (name, point)


def test_split_hands_out_unparsed_lines_that_decode_parses() -> None:
    decoder = NDJSONDecoder()
    lines = decoder.split(b'{"a":1}\n\n{"a":2}\n{"a"')
    assert lines == [b'{"a":1}', b"", b'{"a":2}']
    assert [NDJSONDecoder.decode(line) for line in lines] == [{"a": 1}, None, {"a": 2}]
    assert decoder.split(b":3}\n") == [b'{"a":3}']
    assert decoder.split(b'{"a":4}\n') == [b'{"a":4}']  # one line per read: the same form
    assert decoder.split_eof() == []


def test_split_and_decode_match_feed_at_every_split_point() -> None:
    for point in range(1, len(STREAM)):
        decoder = NDJSONDecoder()
        lines = decoder.split(STREAM[:point]) + decoder.split(STREAM[point:]) + decoder.split_eof()
        decoded = [NDJSONDecoder.decode(line) for line in lines]
        assert [obj for obj in decoded if obj is not None] == LINES, point


def test_split_eof_returns_the_last_line_or_reports_it_cut_off() -> None:
    decoder = NDJSONDecoder()
    assert decoder.split(b'{"done":true}') == []
    assert decoder.split_eof() == [b'{"done":true}']
    decoder.split(b'{"response":"a"}\n{"response":"b')
    with pytest.raises(IncompleteStreamError, match="middle of a line"):
        decoder.split_eof()


def test_split_defers_a_too_long_line_after_good_ones() -> None:
    decoder = NDJSONDecoder(max_line_bytes=10)
    assert decoder.split(b'{"b":1}\n{"a":"12345678"}\n') == [b'{"b":1}']
    with pytest.raises(LineTooLongError):
        decoder.split(b"")
