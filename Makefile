# Everything a fresh machine needs: `make demo` and `make test` create .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_ARGS := --data sample_data --user 1000051 \
	--start 2025-06-01T00:00:00Z --end 2025-06-30T23:59:59Z \
	--previous-start 2025-05-01T00:00:00Z --previous-end 2025-05-31T23:59:59Z

.PHONY: demo test lint typecheck pytest bench bench-ci bench-import sample-data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test,bench,serve,html,dask]"
	touch $@ $(VENV)/.installed-base

demo: $(VENV)/.installed-base
	$(BIN)/reports user $(DEMO_ARGS)

test: lint typecheck pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check reports tests benchmarks

typecheck: $(VENV)/.installed
	$(BIN)/mypy

pytest: $(VENV)/.installed
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py --sizes 100000 1000000

bench-ci: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py --sizes 20000 --out benchmarks/out/ci.json

bench-import: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_import.py --conversations 100000

sample-data: $(VENV)/.installed
	$(BIN)/reports generate --out sample_data --conversations 3000 --seed 7 --force

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info
