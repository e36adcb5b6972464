# The two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench models clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	rm -f out/demo.db
	$(BIN)/triangulate analyze examples/ --db out/demo.db --out out/ || test $$? -eq 1
	@echo "Results: out/analysis.json (store: out/demo.db)"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# pytest exits 5 when it collects nothing: that is a failure here, not a pass.
pytest: $(STAMP)
	@$(BIN)/pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi; exit $$rc

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

models: $(STAMP)
	$(MAKE) -C models/train all PYTHON=$(abspath $(BIN))/python

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache
