"""Real programs some tests need (nginx, espeak-ng, chromium, tinyproxy), and host names
that stand in for remote hosts: found, or skipped only off CI.

On CI (the ``CI`` environment variable is set) ``.ci/run`` installs them, so a
missing one is a failure there, never a silent skip.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from pathlib import Path
from typing import NoReturn

import pytest

__all__ = ["require_loopback_name", "require_program"]


def require_program(name: str, *, apt: str, also: tuple[str, ...] = ()) -> str:
    """The path of program ``name`` (or of one of the ``also`` paths); skip or fail without it.

    ``apt`` names the Debian package that provides it, for the message.
    """
    found = shutil.which(name) or next((path for path in also if Path(path).exists()), None)
    if found is None:
        _missing(
            f"{name} is not installed (sudo apt-get install {apt})", ".ci/run installs it on CI"
        )
    return found


def require_loopback_name(name: str) -> None:
    """Skip (fail on CI) unless host name ``name`` resolves to loopback only, through /etc/hosts.

    Such a name stands in for a remote host: the client treats it as remote, yet
    connecting to it reaches a server on this machine.
    """
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, None, socket.AF_INET)}
    except socket.gaierror:
        addresses = set()
    if addresses and all(ipaddress.ip_address(address).is_loopback for address in addresses):
        return
    _missing(
        f"{name} does not resolve to 127.0.0.1 (add `127.0.0.1 {name}` to /etc/hosts)",
        ".ci/run adds it on CI",
    )


def _missing(message: str, on_ci: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{message}; {on_ci}", pytrace=False)
    pytest.skip(message)
