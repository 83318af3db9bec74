# changemap — `make demo` runs the main job on the bundled examples;
# `make test` installs the test dependencies and runs the whole suite.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= changemap-out

.PHONY: demo test install install-test lint bench bench-queries clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	@bash scripts/install-chromium.sh

demo: install
	$(BIN)/changemap build examples -o $(OUT)

test: install-test
	$(BIN)/ruff check changemap tests bench
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check changemap tests bench

bench: install-test
	$(BIN)/python -m bench.bench_build

bench-queries: install-test
	$(BIN)/python -m bench.bench_queries

clean:
	rm -rf $(OUT) test-artifacts .pytest_cache
