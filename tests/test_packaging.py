"""The package as users get it: `python -m build` output checked by twine and installed in a clean venv.

The wheel is built from the sdist (the default of `python -m build`), so a file missing from
the sdist breaks the wheel too. pip reuses its cache, so after the first run this takes seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import ollama_async

ROOT = Path(__file__).resolve().parents[1]
VERSION = ollama_async.__version__


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure the error shows its whole output."""
    # The dev venv must not leak into the clean one.
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    result = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def clean_copy(dest: Path) -> Path:
    """The files of this checkout that git tracks or would track, without build leftovers.

    setuptools adds whatever a stale `*.egg-info/SOURCES.txt` lists to the sdist, so building
    in the checkout itself could hide a file that a fresh clone would leave out.
    """
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the work tree is not shipped
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel of a clean copy of this checkout, built in a temporary directory."""
    source = clean_copy(tmp_path_factory.mktemp("source"))
    outdir = tmp_path_factory.mktemp("dist")
    built = run(sys.executable, "-m", "build", "--outdir", outdir, source, cwd=outdir)
    assert "deprecated" not in (built.stdout + built.stderr).lower()
    return outdir


def sdist(dist: Path) -> Path:
    return dist / f"ollama_async-{VERSION}.tar.gz"


def wheel(dist: Path) -> Path:
    return dist / f"ollama_async-{VERSION}-py3-none-any.whl"


def test_sdist_and_wheel_pass_twine_check_strict(dist: Path) -> None:
    result = run(
        sys.executable, "-m", "twine", "check", "--strict", sdist(dist), wheel(dist), cwd=dist
    )
    assert result.stdout.count("PASSED") == 2


def test_sdist_carries_the_license_and_what_make_check_needs(dist: Path) -> None:
    prefix = f"ollama_async-{VERSION}/"
    with tarfile.open(sdist(dist)) as archive:
        names = {name.removeprefix(prefix) for name in archive.getnames()}
    expected = {
        "LICENSE",
        "README.md",
        "pyproject.toml",
        "Makefile",
        "mkdocs.yml",
        "ollama_async/py.typed",
        "ollama_async/__init__.py",
        "tests/conftest.py",
        "examples/demo.py",
        "docs/index.md",
    }
    assert expected <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_wheel_is_the_typed_package_with_an_spdx_license(dist: Path) -> None:
    dist_info = f"ollama_async-{VERSION}.dist-info"
    with zipfile.ZipFile(wheel(dist)) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert "ollama_async/py.typed" in names
    assert f"{dist_info}/licenses/LICENSE" in names
    assert {name.split("/")[0] for name in names} == {"ollama_async", dist_info}
    assert "License-Expression: MIT" in metadata.splitlines()
    assert "Requires-Dist: aiohttp<4,>=3.10" in metadata.splitlines()


def test_wheel_installs_into_a_clean_venv_and_runs_outside_the_source_tree(
    dist: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", wheel(dist), cwd=tmp_path)

    version = run(venv / "bin" / "ollama-async", "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"ollama-async {VERSION}"

    imported = run(
        python,
        "-c",
        "import ollama_async, ollama_async.testing; print(ollama_async.__file__)",
        cwd=tmp_path,
    )
    installed_at = Path(imported.stdout.strip())
    assert installed_at.is_relative_to(venv)
    assert not installed_at.is_relative_to(ROOT)
