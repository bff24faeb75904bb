"""The voice frameworks the integration tests run in: imported, or skipped only where they can't be.

`make check` installs them (the `frameworks` extra) on the Pythons they
support. On an older Python the tests skip and say why; on a supported one a
missing framework is a skip locally and a failure on CI (`CI` set), as for
the real programs of `tests/system_programs.py`.
"""

from __future__ import annotations

import importlib
import os
import sys

import pytest

__all__ = ["require_framework"]


def require_framework(module: str, *, package: str, python: tuple[int, int]) -> None:
    """Import `module` (from PyPI's `package`, which needs `python`), or skip the test module."""
    if sys.version_info < python:
        pytest.skip(
            f"{package} needs Python {python[0]}.{python[1]} or newer "
            f"(this is {sys.version_info.major}.{sys.version_info.minor})",
            allow_module_level=True,
        )
    try:
        importlib.import_module(module)
    except ImportError as exc:
        message = (
            f"{package} is not installed ({exc}): .venv/bin/pip install -e '.[dev,frameworks]'"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message}; make check installs it on CI", pytrace=False)
        pytest.skip(message, allow_module_level=True)
