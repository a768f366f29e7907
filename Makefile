# The two commands a newcomer needs: `make demo` and `make test`. The rest are shortcuts.
# Needs only python3 (3.11) on PATH; PostgreSQL is optional locally, required under CI=true.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The install stamp is keyed on pyproject.toml's content, so editing dependencies
# reinstalls and an unchanged tree skips pip entirely.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: help venv install demo serve test check pytest openapi format clean-venv

help:
	@echo "make demo     install, create the demo company in var/, serve it at http://127.0.0.1:8000"
	@echo "make test     lint, types, import contract, migrations, OpenAPI snapshot, pytest on SQLite and PostgreSQL"
	@echo "make openapi  rewrite docs/openapi.json from the API"
	@echo "make format   apply ruff's formatter and safe fixes"
	@echo "make pytest   only the test suite on SQLite (quick loop)"

venv install: $(STAMP)

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

demo: $(STAMP)
	$(BIN)/accord demo
	$(BIN)/accord serve

serve: $(STAMP)
	$(BIN)/accord serve

test: $(STAMP)
	bash .ci/test

pytest: $(STAMP)
	ACCORD_VAR_DIR=$$(mktemp -d -t accord-test.XXXXXX) $(BIN)/pytest -q -p no:cacheprovider -n auto --dist loadgroup

openapi: $(STAMP)
	ACCORD_VAR_DIR=$$(mktemp -d -t accord-test.XXXXXX) $(BIN)/accord openapi --write docs/openapi.json

format: $(STAMP)
	$(BIN)/ruff check --fix src tests $(wildcard bench)
	$(BIN)/ruff format src tests $(wildcard bench)

clean-venv:
	rm -rf $(VENV)
