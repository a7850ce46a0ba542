# Two commands for a fresh machine (Python 3.11+ and pip): `make practice` and `make test`.
# Both create .venv and install the project into it the first time; later runs reuse it.
# `make practice` installs the project alone; `make test` (and lint, typecheck, unit, gate,
# bench) adds the test tools (the `test` extra) on top, so either order works.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Byte-compile the package as a wheel install would (an editable install does not, and with
# PYTHONDONTWRITEBYTECODE set Python would compile every module again at each start: ~25 ms of
# the practice app's start-up). Quick when nothing changed; quiet unless a file fails.
COMPILE := $(BIN)/python -m compileall -q interview_cli

.PHONY: install practice test lint typecheck unit gate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("interview-cli needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e .
	$(COMPILE)
	touch $(STAMP)

# after the project (and again whenever it is reinstalled, pyproject.toml having changed)
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install -e '.[test]'
	touch $(TEST_STAMP)

install: $(STAMP)

practice: $(STAMP)
	@$(COMPILE)
	$(BIN)/interview practice

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

unit: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not gate"

# the model-scored bank gate on every shipped question (make test runs a fixed sample of it)
gate: $(TEST_STAMP)
	$(BIN)/python -m pytest -m gate

test: lint typecheck unit

bench: $(TEST_STAMP)
	@$(COMPILE)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/scoring.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
