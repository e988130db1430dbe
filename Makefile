# praksisplan — `make run` serves the app on the demo region, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest web-assets bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP) web-assets
	$(BIN)/praksisplan serve

test: $(STAMP) web-assets lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadgroup

web-assets:
	@if [ ! -f src/praksisplan/web/static/dist/app.js ] || \
	    [ -n "$$(find web/package.json web/package-lock.json web/vite.config.ts web/tsconfig.json web/src \
	          -newer src/praksisplan/web/static/dist/app.js 2>/dev/null)" ]; then \
	    echo "Building the web front end (npm ci, npm run build)"; \
	    cd web && npm ci --no-audit --no-fund && npm run build; \
	fi

bench: $(STAMP) web-assets
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
