# One entry point for people, pre-commit and CI. `make help` lists the targets.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: help setup serve build check lint format typecheck quick unit test embed-weight clean schema docs bench reader-bench search-compare linkcheck citations screenshots

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP) ## create .venv and install the pinned dependencies

PORT ?= 8000
serve: $(STAMP) ## live preview on http://127.0.0.1:8000 (make serve PORT=8123 for another port); a failed build shows its errors in the page
	$(PY) -m macros serve --port $(PORT)

build: $(STAMP) ## strict build into site/ (the old site/ stays if the build fails)
	$(PY) -m macros build

check: $(STAMP) ## validate data/, seeds/ and every macro call in content/, without building
	$(PY) -m macros check

lint: $(STAMP) ## ruff lint and format check
	$(PY) -m ruff check macros tests scripts
	$(PY) -m ruff format --check macros tests scripts

format: $(STAMP) ## apply ruff's formatting and safe fixes
	$(PY) -m ruff check --fix macros tests scripts
	$(PY) -m ruff format macros tests scripts

typecheck: $(STAMP) ## mypy, strict
	$(PY) -m mypy

quick: $(STAMP) ## the fast unit tests only (seconds): no site build, no fixture builds, no browser
	HYPOTHESIS_MAX_EXAMPLES=25 $(PY) -m pytest -q -m "not slow and not site and not browser"

# pytest-xdist: one worker per core, an idle worker takes tests from a busy one's queue. The
# shared pieces (the built site, each browser run of tests/browser/sweep.py) are made once,
# by the first worker that needs them, under a lock.
WORKERS ?= auto
unit: $(STAMP) ## the test suite only (in parallel: WORKERS=0 for one process)
	$(PY) -m pytest -n $(WORKERS) --dist worksteal

test: lint typecheck check unit build ## everything CI runs: lint, types, check, tests, strict build

linkcheck: $(STAMP) ## check the external URLs in data/ against the live web (needs the network; not in make test)
	$(PY) scripts/linkcheck.py

citations: build ## citations on the built reader pages by kind of source (primary, state media, reputable, other)
	$(PY) scripts/citation_share.py --site site --list other

embed-weight: build ## gzipped weight of /embed/timeline/ (HTML+CSS+JS) against its 40 KB budget
	$(PY) scripts/embed_weight.py site

screenshots: build ## screenshots of every page (desktop, phone, light, dark) in test-artifacts/screenshots/ to look at
	$(PY) scripts/screenshots.py --site site

clean: ## remove build output and caches
	rm -rf site .site-* .pytest_cache .mypy_cache .ruff_cache

schema: $(STAMP) ## regenerate data/schema/*.json from macros/engine/schema.py
	$(PY) -m macros schema

docs: $(STAMP) ## regenerate the macro reference in CONTRIBUTING.md from the code
	$(PY) -m macros docs

bench: $(STAMP) ## benchmark builds (1k/10k events, 100/1000 pages, edit-to-reload), search index size and phone search timings, then every page in Lighthouse (mobile)
	$(PY) scripts/bench.py
	$(MAKE) --no-print-directory reader-bench

search-compare: build ## the site's search against Pagefind (pagefind-bin from PyPI, into .bench/): first results, sizes, phone timings
	$(PY) scripts/search_compare.py site

reader-bench: build ## Lighthouse (mobile), DOM size, height and citation share of every page, served compressed
	$(PY) scripts/reader_bench.py site
