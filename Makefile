# Two commands on a fresh machine: `make demo` and `make test`. Each builds its own venv in .venv, installing
# exactly the versions in requirements/lock.txt (hash-checked, no dependency resolution at install time).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements/lock.txt
TOOLS  := .venv-tools
LATEST := .venv-latest
# Lock for every platform and every Python the package supports (requires-python), not just this machine.
COMPILE := $(TOOLS)/bin/uv pip compile --quiet --universal --generate-hashes --python-version 3.11 \
           --custom-compile-command "make lock"

.PHONY: demo test check test-latest lock upgrade bench docs screenshot clean browser

# The venv is rebuilt from scratch whenever the lock or the package's metadata changes, so nothing that is
# not in the lock survives in it. pip itself is the one the Python ships with (no upgrade from the registry).
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check --disable-pip-version-check
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

# Everything CI runs (.ci/run): lint, types, the whole suite including the slow tests.
test: $(STAMP) browser
	$(BIN)/ruff check rrcalc tests scripts
	$(BIN)/mypy rrcalc
	$(BIN)/python -m pytest -q

# The fast loop while working: lint, types and every test not marked slow.
check: $(STAMP)
	$(BIN)/ruff check rrcalc tests scripts
	$(BIN)/mypy rrcalc
	$(BIN)/python -m pytest -q -m "not slow"

# Drift watch (not run by .ci/run): the whole suite against the newest release of every dependency that
# pyproject.toml admits, in a venv of its own, so a breaking release shows up before it reaches the lock.
test-latest: browser
	$(PYTHON) -m venv --clear $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade -e '.[test]'
	$(LATEST)/bin/python -m pip list --format=freeze
	$(LATEST)/bin/ruff check rrcalc tests scripts
	$(LATEST)/bin/mypy rrcalc
	$(LATEST)/bin/python -m pytest -q -p no:cacheprovider

$(TOOLS)/.installed: requirements/tools.txt
	$(PYTHON) -m venv --clear $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	  -r requirements/tools.txt
	touch $@

# Refresh the lock after editing pyproject.toml's dependencies: keeps every pin that still fits.
lock: $(TOOLS)/.installed
	$(COMPILE) pyproject.toml --extra test requirements/build.in -o $(LOCK)

# Move every pin to the newest release pyproject.toml admits (then run make test and commit the lock).
upgrade: $(TOOLS)/.installed
	$(COMPILE) --upgrade pyproject.toml --extra test requirements/build.in -o $(LOCK)
	$(COMPILE) --upgrade requirements/tools.in -o requirements/tools.txt

# Start-up is measured as people meet it, from compiled bytecode (also where PYTHONDONTWRITEBYTECODE is set).
bench: $(STAMP)
	$(BIN)/python -m compileall -q rrcalc >/dev/null
	$(BIN)/python scripts/bench.py

# The README's picture of the deal report, taken by headless Chromium (the Debian package `chromium`).
screenshot: demo
	$(BIN)/python -m tests.browser build/demo/deal.html docs/report.png

docs: $(STAMP)
	$(BIN)/python -m rrcalc.cli.docgen > docs/cli.md

clean:
	rm -rf $(VENV) $(TOOLS) $(LATEST) build dist *.egg-info .pytest_cache .hypothesis .mypy_cache
