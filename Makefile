# The two commands of the README:
#   make run   - set everything up and serve the demo council on http://127.0.0.1:8000
#   make test  - set everything up and run the whole test suite, browser tests included
# Everything else here is what those two need. Set DATABASE_URL to use PostgreSQL.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
DIST := static/dist/.built

.PHONY: run test setup chromium lint clean

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000 - stop with Ctrl+C"
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup chromium
	$(PY) -m pytest

setup: $(VENV)/.installed $(DIST)

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(DIST): node_modules/.installed static/build.mjs $(wildcard static/scss/*.scss static/js/*.js)
	node static/build.mjs
	touch $@

# The browser tests drive Debian's Chromium. Install it where we can (root
# with apt-get, as on CI); elsewhere the tests say how to install it.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's Chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium is missing: the browser tests will be skipped (sudo apt-get install chromium)"; \
		fi; \
	fi

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
