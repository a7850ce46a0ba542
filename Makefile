# Two commands for a fresh machine (Python 3.11+ and pip): `make practice` and `make test`.
# Both create .venv and install the project into it the first time; later runs reuse it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Byte-compile the package as a wheel install would (an editable install does not, and with
# PYTHONDONTWRITEBYTECODE set Python would compile every module again at each start: ~25 ms of
# the practice app's start-up). Quick when nothing changed; quiet unless a file fails.
COMPILE := $(BIN)/python -m compileall -q interview_cli

.PHONY: install practice test lint typecheck unit gate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("interview-cli needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[test]'
	$(COMPILE)
	touch $(STAMP)

install: $(STAMP)

practice: $(STAMP)
	@$(COMPILE)
	$(BIN)/interview practice

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not gate"

# the model-scored bank gate on every shipped question (make test runs a fixed sample of it)
gate: $(STAMP)
	$(BIN)/python -m pytest -m gate

test: lint typecheck unit

bench: $(STAMP)
	@$(COMPILE)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/scoring.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
