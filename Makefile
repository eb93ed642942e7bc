# Two entry points on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN     = $(VENV)/bin
# The demo store lives outside examples/, so its index folders never join the sample corpus.
DEMO_DB ?= demo.db
CLAIM  ?= القوات الأمريكية تدرب منشقين عن داعش في الحسكة

.PHONY: demo test check install dev lint typecheck models bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,embeddings,scale]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

demo: install
	rm -rf $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).index $(DEMO_DB).vectors
	$(BIN)/tahqiq ingest examples/ --db $(DEMO_DB)
	$(BIN)/tahqiq check "$(CLAIM)" --db $(DEMO_DB)

test: dev
	sh scripts/install_browser.sh $(BIN)/python
	sh scripts/install_engines.sh
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Lint, formatting, types and every test but the browser and slow ones: the loop to run while editing.
check: dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not browser and not slow"

lint: dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: dev
	$(BIN)/mypy

models: install
	$(BIN)/python scripts/build_idf.py
	$(BIN)/python scripts/train_models.py

bench: install
	$(BIN)/python benchmarks/bench_ingest_check.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache $(DEMO_DB)*
