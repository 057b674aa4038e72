# The README names these targets. Everything is installed from requirements.lock into .venv,
# compiled to bytecode up front: with PYTHONDONTWRITEBYTECODE set, every process would compile anew.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
WAREHOUSE ?= data/warehouse.duckdb

.PHONY: install run test lint bench

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv==0.13.9
	$(BIN)/uv pip sync -q --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m compileall -q pipeline assets generator benchmarks > /dev/null
	touch $@

run: install
	$(BIN)/python -m pipeline ingest data/samples --warehouse $(WAREHOUSE)
	$(BIN)/python -m pipeline validate --warehouse $(WAREHOUSE) --dashboard data/quality

# The dashboard test drives a real Chromium (Debian package), installed here when missing.
test: install
	tools/ensure_chromium.sh
	$(BIN)/python -m pytest -n 2

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/python -m benchmarks
