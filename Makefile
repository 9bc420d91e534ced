# Two entry points for a fresh clone: `make report` and `make test`.
# Each creates the virtual environment and installs what it needs first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test lint browser benchmarks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

## Build the demo reports on the bundled evidence; prints where they are.
report: $(STAMP)
	$(BIN)/readiness demo --out reports

## Run the whole test suite (installs Chromium for the browser tests when missing).
test: $(STAMP) browser
	$(BIN)/python -m pytest -q

## A Chromium or Chrome for the browser tests and --pdf: an installed one is used; Debian's is
## installed only where apt-get runs as root; otherwise the message says what is missing.
browser: $(STAMP)
	@$(BIN)/python -m readiness.browser >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  fi; \
	  $(BIN)/python -m readiness.browser >/dev/null || { $(BIN)/python -m readiness.browser; exit 1; }; }

## ruff's lint rules and its formatting, checked (CI runs this before the tests).
lint: $(STAMP)
	$(BIN)/ruff check readiness tests benchmarks
	$(BIN)/ruff format --check readiness tests benchmarks

benchmarks: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports/*/
