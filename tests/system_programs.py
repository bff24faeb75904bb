"""Real programs some tests need (nginx, espeak-ng, chromium): found, or skipped only off CI.

On CI (the ``CI`` environment variable is set) ``.ci/run`` installs them, so a
missing one is a failure there, never a silent skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

__all__ = ["require_program"]


def require_program(name: str, *, apt: str, also: tuple[str, ...] = ()) -> str:
    """The path of program ``name`` (or of one of the ``also`` paths); skip or fail without it.

    ``apt`` names the Debian package that provides it, for the message.
    """
    found = shutil.which(name) or next((path for path in also if Path(path).exists()), None)
    if found is not None:
        return found
    message = f"{name} is not installed (sudo apt-get install {apt})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; .ci/run installs it on CI", pytrace=False)
    pytest.skip(message)
