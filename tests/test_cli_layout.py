"""Text layout rules of the ``ollama`` CLI, one function at a time (no server needed)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ollama_async import RunningModel, ShowResponse
from ollama_async.cli._layout import (
    go_duration,
    human_bytes,
    human_time,
    metrics_summary,
    processor,
    show_info,
    table,
)
from ollama_async.cli._repl import parse_parameter
from ollama_async.cli._wrap import WordWrap

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("size", "text"),
    [(999, "999 B"), (1000, "1 KB"), (1024, "1.0 KB"), (4_900_000_000, "4.9 GB"),
     (17_400_000_000, "17 GB"), (2_019_393_189, "2.0 GB"), (3 * 10**12, "3 TB")],
)  # fmt: skip
def test_human_bytes(size: int, text: str) -> None:
    assert human_bytes(size) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.5, "Less than a second ago"), (1, "1 second ago"), (59, "59 seconds ago"),
     (60, "About a minute ago"), (119, "About a minute ago"), (120, "2 minutes ago"),
     (3599, "59 minutes ago"), (5400, "2 hours ago"), (3600, "About an hour ago"),
     (47 * 3600, "47 hours ago"), (48 * 3600, "2 days ago"), (14 * 86400, "2 weeks ago"),
     (60 * 86400, "2 months ago"), (800 * 86400, "2 years ago"),
     (-240, "4 minutes from now"), (-25 * 365 * 86400, "Forever")],
)  # fmt: skip
def test_human_time(seconds: float, text: str) -> None:
    assert human_time(NOW - timedelta(seconds=seconds), NOW) == text
    assert human_time(None, NOW) == "Never"


@pytest.mark.parametrize(
    ("ns", "text"),
    [(0, "0s"), (850_000, "850µs"), (512_300_000, "512.3ms"), (1_234_567_891, "1.234567891s"),
     (123_500_000_000, "2m3.5s"), (3_600_000_000_000, "1h0m0s"), (41_000_000, "41ms")],
)  # fmt: skip
def test_go_duration(ns: int, text: str) -> None:
    assert go_duration(ns) == text


def test_verbose_block() -> None:
    final = {"total_duration": 228_000_000, "load_duration": 41_000_000,
             "prompt_eval_count": 15, "prompt_eval_duration": 22_500_000,
             "eval_count": 9, "eval_duration": 162_000_000}  # fmt: skip
    assert metrics_summary(final) == (
        "total duration:       228ms\n"
        "load duration:        41ms\n"
        "prompt eval count:    15 token(s)\n"
        "prompt eval duration: 22.5ms\n"
        "prompt eval rate:     666.67 tokens/s\n"
        "eval count:           9 token(s)\n"
        "eval duration:        162ms\n"
        "eval rate:            55.56 tokens/s\n"
    )
    assert metrics_summary({"eval_count": 3}) == "eval count:           3 token(s)\n"


def test_table_pads_like_tablewriter() -> None:
    # The expected text is ollama's own cmd_test.go case for `ollama list`.
    assert table(
        ["NAME", "ID", "SIZE", "MODIFIED"],
        [["model1", "sha256:abc12", "1.0 KB", "24 hours ago"],
         ["model2", "sha256:def45", "2.0 KB", "2 days ago"]],
    ) == (
        "NAME      ID              SIZE      MODIFIED     \n"
        "model1    sha256:abc12    1.0 KB    24 hours ago    \n"
        "model2    sha256:def45    2.0 KB    2 days ago      \n"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("size", "vram", "text"),
    [(100, 0, "100% CPU"), (100, 100, "100% GPU"), (100, 150, "Unknown"), (0, 5, "Unknown"),
     (1000, 520, "48%/52% CPU/GPU")],
)  # fmt: skip
def test_ps_processor_column(size: int, vram: int, text: str) -> None:
    assert processor(RunningModel(size=size, size_vram=vram)) == text


def test_set_parameter_values() -> None:
    assert parse_parameter("temperature", ["0"]) == 0.0
    assert parse_parameter("num_ctx", ["4096"]) == 4096
    assert parse_parameter("use_mmap", ["false"]) is False
    assert parse_parameter("stop", ["<|a|>", "###"]) == ["<|a|>", "###"]
    with pytest.raises(ValueError, match=r"^unknown parameter 'warmth'$"):
        parse_parameter("warmth", ["1"])
    with pytest.raises(ValueError, match=r"^invalid float value \[hot\]$"):
        parse_parameter("temperature", ["hot"])


def test_word_wrap_moves_the_half_written_word_to_the_next_line() -> None:
    wrap = WordWrap(20)  # lines end before column 15
    assert wrap.feed("hello world won") == "hello world won"
    assert wrap.feed("derful day") == "\x1b[3D\x1b[K\nwonderful day"
    wrap.reset()
    assert wrap.feed("x" * 12 + "y" * 3) == "x" * 12 + "yyy"
    assert WordWrap(20).feed("a" * 30) == "a" * 15 + "\n" + "a" * 15  # too long to move: broken
    assert WordWrap(20).feed("一二三四五六七八九十") == "一二三四五六七\n八九十"  # wide characters


def test_show_sections() -> None:
    info = ShowResponse(
        {
            "details": {"family": "llama", "parameter_size": "3.2B", "quantization_level": "Q4_0"},
            "model_info": {"general.architecture": "llama", "llama.context_length": 131072},
            "capabilities": ["completion"],
            "system": "You are Mario.\n\nFrom Super Mario Bros.\nIt's-a me!",
            "license": "MIT",
        }
    )
    assert show_info(info) == (
        "  Model\n"
        "    architecture      llama     \n"
        "    parameters        3.2B      \n"
        "    context length    131072    \n"
        "    quantization      Q4_0      \n"
        "\n"
        "  Capabilities\n"
        "    completion    \n"
        "\n"
        "  System\n"
        "    You are Mario.            \n"
        "    From Super Mario Bros.    \n"
        "    ...                       \n"
        "\n"
        "  License\n"
        "    MIT    \n"
        "\n"
    )
