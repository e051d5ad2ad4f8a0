# One command to run the dashboard (`make run`), one to run the tests (`make test`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint browser bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/kommunekart fetch-geodata
	$(BIN)/kommunekart serve

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || sh scripts/install-chromium.sh
	@sh scripts/install-axe.sh

# The boundary files first (KOMMUNEKART_GEODATA_DIR, else a download): a test that needs them
# fails, never skips, without them.
test: $(BIN)/.installed browser
	$(BIN)/ruff check kommunekart tests scripts setup.py
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_size.py
	$(BIN)/kommunekart fetch-geodata
	$(BIN)/pytest

bench: $(BIN)/.installed
	$(BIN)/kommunekart bench
