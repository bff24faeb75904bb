# Two entry points for a fresh clone: `make demo` and `make check`.
# Both create .venv with the default python3 and install what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The suite also runs on the lowest aiohttp pyproject.toml allows (its newest patch
# release), in a venv of its own: .venv has the newest. Not the framework integration
# tests: pipecat and livekit-agents need a newer aiohttp (the frameworks extra).
LOWEST_AIOHTTP := $(shell sed -n 's/.*"aiohttp>=\([0-9.]*\),.*/\1/p' pyproject.toml)
LOWEST_VENV := .venv-aiohttp-lowest

.PHONY: demo check lint typecheck docs test test-lowest-aiohttp test-all bench dist clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,frameworks]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

check: $(STAMP) lint typecheck docs test test-lowest-aiohttp

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir .site

test: $(STAMP)
	$(BIN)/pytest -q

$(LOWEST_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(LOWEST_VENV)
	$(LOWEST_VENV)/bin/python -m pip install -q --upgrade pip
	$(LOWEST_VENV)/bin/python -m pip install -q -e '.[dev]' 'aiohttp==$(LOWEST_AIOHTTP).*'
	touch $@

test-lowest-aiohttp: $(LOWEST_VENV)/.installed
	$(LOWEST_VENV)/bin/python -c 'import aiohttp; print("== aiohttp", aiohttp.__version__)'
	$(LOWEST_VENV)/bin/pytest -q --ignore-glob='tests/test_integration_*.py'

# The suite on every Python from 3.9 to 3.13 that pyenv has, each in its own venv.
test-all:
	@set -e; for v in 3.9 3.10 3.11 3.12 3.13; do \
	  py=$$(pyenv root 2>/dev/null)/versions/$$(pyenv versions --bare 2>/dev/null | grep "^$$v\." | tail -1)/bin/python; \
	  if [ -x "$$py" ]; then echo "== Python $$v"; $(MAKE) --no-print-directory test PYTHON=$$py VENV=.venv-$$v; \
	  else echo "== Python $$v: not installed, skipped"; fi; \
	done

# The sdist and the wheel in dist/, checked as PyPI will check them. tests/test_packaging.py
# (part of `make check`) also installs the wheel in a clean venv.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

# Benchmarks against the official client and the aiohttp floor (~5 min); writes
# docs/performance.md, docs/img/performance.png and benchmarks/results.json.
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf .venv .venv-3.* $(LOWEST_VENV) .mypy_cache .pytest_cache .ruff_cache .site dist build
