# Medical Coding & Billing: an interactive textbook and workbook.
#   make book   build the student website into _build/html
#   make test   lint, types (mypy), unit + property tests, nbval over every notebook, strict book build, browser tests
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := assets/vendor
BUILD_FLAGS := -W -n --keep-going

.PHONY: help venv assets book book-instructor pdf serve lab test lint unit nbval site clean freeze keys notebooks screenshots

help:
	@echo "make book    build the website (student edition) into _build/html"
	@echo "make test    run every check: ruff, pytest (unit, property, nbval), strict build, browser tests"
	@echo "make book-instructor  build the instructor edition (with answer keys) into _build/instructor"
	@echo "make pdf     print the student website into one PDF: _build/pdf/medical-coding-billing.pdf"
	@echo "make serve   serve _build/html on http://localhost:8000"
	@echo "make lab     open JupyterLab to work the exercises"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1)). Install it, or run: make PYTHON=python3.11 ..."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create a virtualenv. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

venv: $(STAMP)

# A pinned copy of the widget html-manager (standalone embed.js, no require.js), served with the site so
# widgets render offline; its fonts sit beside it, where embed.js looks for them. MathJax likewise.
$(VENDOR)/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to fetch the pinned widget scripts. Install Node.js and npm (Debian/Ubuntu: sudo apt-get install nodejs npm), then run make again."; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/html-manager
	cp node_modules/@jupyter-widgets/html-manager/dist/embed.js $(VENDOR)/html-manager/
	cp node_modules/@jupyter-widgets/html-manager/dist/*.{woff,woff2,ttf,eot,svg} $(VENDOR)/html-manager/
	mkdir -p $(VENDOR)/mathjax/input/tex $(VENDOR)/mathjax/output/chtml/fonts
	cp node_modules/mathjax/es5/tex-chtml.js $(VENDOR)/mathjax/
	cp -r node_modules/mathjax/es5/input/tex/extensions $(VENDOR)/mathjax/input/tex/
	cp -r node_modules/mathjax/es5/output/chtml/fonts/woff-v2 $(VENDOR)/mathjax/output/chtml/fonts/
	cp -r node_modules/mathjax/es5/a11y node_modules/mathjax/es5/ui $(VENDOR)/mathjax/
	@touch $@

assets: $(VENDOR)/.installed

book: $(STAMP) assets
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo "The website is in _build/html. Open _build/html/index.html in a browser, or run: make serve"

book-instructor: $(STAMP) assets
	$(BIN)/python -m workbook edition --out _build/instructor-config
	$(BIN)/jupyter-book build . --config _build/instructor-config/_config.yml --toc _build/instructor-config/_toc.yml \
	  --path-output _build/instructor $(BUILD_FLAGS)
	@echo "The instructor edition (with answer keys) is in _build/instructor/_build/html. Do not publish it."

# The printable edition: Chromium prints the built site (needs chromium and chromium-driver, as make test does).
pdf: book
	$(BIN)/python -m workbook pdf --out _build/pdf/medical-coding-billing.pdf

serve: book
	@echo "Serving on http://localhost:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

lab: $(STAMP)
	$(BIN)/jupyter lab exercises/

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m workbook keys --check

unit: $(STAMP)
	$(BIN)/pytest -m "not site" tests

nbval: $(STAMP)
	$(BIN)/pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks exercises solutions

site: $(STAMP)
	$(BIN)/pytest -m site tests

test: lint unit nbval book book-instructor site
	@echo "All checks passed."

keys: $(STAMP)
	$(BIN)/python -m workbook keys

# Re-run every notebook in place (after changing a bank, a key or src/), so nbval and the site agree.
notebooks: $(STAMP)
	$(BIN)/python -m workbook keys
	$(BIN)/python -m workbook execute notebooks/*.ipynb exercises/*.ipynb solutions/*.ipynb
	rm -rf _build/.jupyter_cache

freeze: $(STAMP)
	{ head -2 requirements.txt; $(BIN)/pip freeze --exclude-editable | grep -v '^-e'; echo "-e ."; } > requirements.tmp && mv requirements.tmp requirements.txt

# Refresh the README's pictures from the ones the browser tests took.
screenshots: site
	mkdir -p docs/images && cp _build/screenshots/chapter.png _build/screenshots/exercise.png docs/images/

clean:
	rm -rf _build $(VENDOR) node_modules
