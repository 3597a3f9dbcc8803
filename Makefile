# Two commands on a fresh machine: `make run` (set up, then the main job: a workshop on the built-in
# questionnaire) and `make test`. Each creates .venv itself; nothing is installed outside it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE ?= examples/mobile-backend.yaml
FILE ?= my-team.yaml

.PHONY: run workshop score test test-minimum lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The workshop on the built-in questionnaire, on my-team.yaml (created, or resumed): `make run FILE=x.yaml`.
run workshop: $(STAMP)
	$(BIN)/assess workshop $(FILE)

score: $(STAMP)
	$(BIN)/assess score $(EXAMPLE)

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check assess tests bench
	$(BIN)/ruff format --check assess
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy assess

unit: $(STAMP)
	$(BIN)/pytest -n 2

# The suite at the oldest dependency versions pyproject.toml admits (CI runs it after `make test`).
MIN_VENV := .venv-minimum
test-minimum:
	$(PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MIN_VENV)/bin/python -m pip install --quiet -c .ci/minimum-versions.txt -e '.[test]'
	$(MIN_VENV)/bin/pytest -n 2 -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(MIN_VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
