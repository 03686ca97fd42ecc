# Two commands on a fresh machine: `make demo` and `make test`. Each builds its own venv in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench docs screenshot clean browser

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
	mkdir -p build/demo
	$(BIN)/rrcalc report --agreement 2003 --events agreements/examples/2003-late-filing.yaml -o build/demo/deal.html
	$(BIN)/rrcalc penalties --agreement 2003 --events agreements/examples/2003-late-filing.yaml -o build/demo/deal.xlsx
	@echo "Wrote the 2003 example's deal report to build/demo/deal.html (open it in a browser) and its workbook to build/demo/deal.xlsx (open it in Excel or LibreOffice)."

# The HTML report's test drives a real headless Chromium (Debian's `chromium`): installed here where we can
# (root with apt-get); where we cannot, that one test is skipped and says why.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium (Debian) for the HTML report's browser test..."; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
	    || echo "could not install chromium; the browser test will be skipped"; \
	fi

test: $(STAMP) browser
	$(BIN)/ruff check rrcalc tests scripts
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# The README's picture of the deal report, taken by headless Chromium (the Debian package `chromium`).
screenshot: demo
	$(BIN)/python -m tests.browser build/demo/deal.html docs/report.png

docs: $(STAMP)
	$(BIN)/python -m rrcalc.cli.docgen > docs/cli.md

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
