# The two commands of README.md: `make demo` and `make test`. Each bootstraps .venv,
# the Python packages, a browser and Chinese fonts when they are missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/a11y-audit setup

demo: setup
	$(BIN)/a11y-audit demo --output demo-output

test: setup
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check audit tests bench
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.report
	$(BIN)/python -m bench.documents

clean:
	rm -rf $(VENV) demo-output .pytest_cache
