# Two commands on a fresh machine: `make demo` and `make test`. Each builds its own venv in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/rrcalc agreements --format table
	$(BIN)/rrcalc deadlines --agreement 2003 --events agreements/examples/2003-late-filing.yaml --format table
	$(BIN)/rrcalc penalties --agreement 2003 --events agreements/examples/2003-late-filing.yaml --format table
	$(BIN)/rrcalc readings --agreement 2003 --format table
	$(BIN)/rrcalc check

test: $(STAMP)
	$(BIN)/ruff check rrcalc tests scripts
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

docs: $(STAMP)
	$(BIN)/python -m rrcalc.cli.docgen > docs/cli.md

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
