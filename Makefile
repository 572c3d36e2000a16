# The two commands of README.md: `make demo` and `make test`. Each bootstraps .venv,
# the Python packages, a browser and Chinese fonts when they are missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Test processes (pytest-xdist): one per core; a file's tests stay in one process, so a module's
# browser and server are started once. TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
# The edit-test loop: no browser, no PostgreSQL or Redis, no program started (tests/conftest.py
# marks tests by the fixtures they use).
FAST := not browser and not services and not subprocess

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

# Bytecode of our own modules written once before a run: the suite starts dozens of Python
# processes (`python -m audit`, workers, the scheduler), and where PYTHONDONTWRITEBYTECODE is
# set each would compile the package again (~0.6 s of CPU a start). Only changed files are
# compiled; __pycache__ is ignored by git.
COMPILE := $(BIN)/python -m compileall -q audit tests bench

# Writes .pytest-report.xml; `$(BIN)/python -m tests.support.durations .pytest-report.xml`
# then refreshes tests/durations.json, the slowest-files-first order of the workers.
test: setup
	$(COMPILE)
	$(PYTEST) --junitxml=.pytest-report.xml

test-fast: $(STAMP)
	$(COMPILE)
	$(PYTEST) -q -m "$(FAST)"

lint: $(STAMP)
	$(BIN)/ruff check audit tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.report
	$(BIN)/python -m bench.documents
	$(BIN)/python -m bench.portal
	$(BIN)/python -m bench.ceiling
	$(BIN)/python -m bench.incremental
	$(BIN)/python -m bench.peer
	$(BIN)/python -m bench.labelled
	$(BIN)/python -m bench.dashboard

clean:
	rm -rf $(VENV) demo-output .pytest_cache
