# The two commands of the README:
#   make run   - set everything up and serve the demo council on http://127.0.0.1:8000
#                (make run PORT=8001 serves it on port 8001)
#   make test  - set everything up and run the whole test suite, browser tests included
# Everything else here is what those two need. Set DATABASE_URL to use PostgreSQL.

PYTHON ?= python3.11
VENV := .venv
# The lock `make setup` installs: everything, the tests' tools too; a
# production server gives LOCK=requirements-production.lock, the service's
# own packages alone (docs/production.md).
LOCK ?= requirements.lock
PY := $(VENV)/bin/python
DIST := static/dist/.built
# The port make run serves on: make run PORT=8001 (from the command line only,
# not from a PORT in the environment).
PORT = 8000

# One recipe at a time, whatever -j says: the npm installs share node_modules.
.NOTPARALLEL:

.PHONY: run test judges java dovecot bench bench-export bench-published bench-pdf-sections bench-dashboards bench-pages bench-import bench-partnership bench-standards bench-replies bench-load bench-smoke setup lock fonts chromium clamav lint clean

# Installs the Debian packages of $(1) that are missing, where we can (as root
# with apt-get, as on CI); elsewhere says which to install.
define debian_packages
	@missing=""; for package in $(1); do dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing Debian packages:$$missing (install them with: sudo apt-get install$$missing)"; \
		fi; \
	fi
endef

# After the set-up, manage.py run_demo (actionplans/management/commands/):
# refuses a port something else listens on, saying so, before it migrates;
# loads the demo council; serves it with the task worker (rendering
# published rounds' documents) and a private clamd knowing only the EICAR
# test signature (scanning evidence files) beside the server; Ctrl+C stops
# all three and says so.
run: setup fonts clamav
	@$(PY) manage.py run_demo --port $(PORT)

# On every core (pytest-xdist): each worker has its own test database.
# Work stealing: each worker starts on its own half of the suite, in order,
# and takes over half of the other's queue when it runs dry, rather than
# idling at the end behind a long test the other was given early. In order,
# the browser tests mostly fall to one worker, so usually only one starts
# Chromium and loads the demo council afresh for them.
# PYTEST_ARGS goes to pytest as well: make test PYTEST_ARGS='-m both_databases'
# (what CI runs on SQLite, after the whole suite on PostgreSQL), or a file,
# a -k and so on.
test: judges setup chromium clamav java dovecot
	$(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

# The benchmarks with targets (issue 43), in turn. Each writes its figures
# into its section of docs/benchmark-figures.md; then every target there
# goes into the one table at its top (bench/targets.py): the figure (the
# median of its runs or interleaved pairs), the target, met or not, the
# machine, the load average and the date. Not part of `test`.
TARGETED = first_page dashboards pages import_plan run pdf_sections loop largest
bench: setup fonts
	@set -e; for name in $(TARGETED); do echo "== bench/$$name.py"; $(PY) bench/$$name.py; done
	$(PY) bench/targets.py

# A newcomer's first page: make run on a fresh clone of HEAD with empty
# package caches, timed to the demo's first page, and again.
.PHONY: bench-first-page
bench-first-page: setup
	$(PY) bench/first_page.py

# The loop: `make test` on a fresh clone of HEAD, timed as a whole, then
# `.ci/run` as CI runs it (65 minutes in all when last measured).
.PHONY: bench-loop
bench-loop: setup
	$(PY) bench/loop.py

# Times each stage of the Progress Update export on a synthetic council
# (built once into bench/out/) and prints the figures; not part of `test`.
bench-export: setup fonts
	$(PY) bench/run.py

# Downloading a published round's stored 100-page PDF against rendering it.
bench-published: setup fonts
	$(PY) bench/published.py

# A 100-page Progress Update printed in sections, a process per core, against
# WeasyPrint alone on the same HTML (reports/documents/sections.py).
bench-pdf-sections: setup fonts
	$(PY) bench/pdf_sections.py

# The largest paper (issue 73): a 5,000-action Progress Update as PDF, its
# processes' memory summed, and a 5,000-row import's Confirm.
.PHONY: bench-largest
bench-largest: setup fonts
	$(PY) bench/largest.py

# The committee dashboards and filtered list at 500 and 5,000 actions.
bench-dashboards: setup
	$(PY) bench/dashboards.py

# A review of 500 actions x 10 rounds: its page and its latest round's
# public page, their HTML size and time against 1 MB and 200 ms.
bench-pages: setup
	$(PY) bench/pages.py

# Importing a 5,000-row tracker (1,667 actions x 3 rounds) against its floor:
# openpyxl's read of the file plus one bulk insert of the same rows.
bench-import: setup
	$(PY) bench/import_plan.py

# A partnership plan of 500 actions and four published quarters: its
# quarterly report (builder, PDF, Word, Excel), its page and its dashboard.
bench-partnership: setup fonts
	$(PY) bench/partnership.py

# A self-assessment of 500 characteristics (5 standards of 100), published:
# its committee appendix (builder, PDF, Word, Excel) and its page.
bench-standards: setup fonts
	$(PY) bench/standards.py

# Reading 500 replies from a private Dovecot's inbox (actionplans/replies/
# mailbox.py), receive() a stand-in: the IMAP side's own cost.
bench-replies: setup dovecot
	$(PY) bench/replies.py

# How much of the reply corpus (tests/reply_corpus.py) the service gets
# right: words, grade, files and answer, counted.
.PHONY: bench-reply-corpus
bench-reply-corpus: setup
	$(PY) bench/reply_corpus.py

# Listing 5,000 actions with their latest grade through the API, every page,
# as a clerk's token and as the public, on SQLite then PostgreSQL.
.PHONY: bench-api
bench-api: setup
	$(PY) bench/api.py

# 50 signed-in people of mixed roles for 2 minutes against gunicorn on
# 127.0.0.1, on SQLite then on PostgreSQL (its own database, scrutiny_load);
# shorter: make bench-load LOAD_ARGS="--users 10 --duration 20 --database sqlite".
bench-load: setup
	$(PY) bench/load.py $(LOAD_ARGS)

# Every benchmark above at its smoke size (--smoke): the same code on a few
# rows, in seconds, on copies of a migrated database (on PostgreSQL named
# after SCRUTINY_CI_DATABASE), its figures printed and never written into
# docs/benchmark-figures.md. CI runs it, so that a benchmark that stops running
# fails CI; its figures are not judged.
BENCHMARKS = first_page loop run published pdf_sections largest dashboards pages import_plan partnership standards api replies reply_corpus load
bench-smoke: setup fonts dovecot
	@rm -f bench/out/targets/smoke-*.md
	@set -e; for name in $(BENCHMARKS); do \
		echo "== bench/$$name.py --smoke"; started=$$(date +%s); \
		$(PY) bench/$$name.py --smoke; \
		echo "-- bench/$$name.py --smoke: $$(($$(date +%s) - started)) s"; \
	done
	$(PY) bench/targets.py --smoke

setup: $(VENV)/.installed $(DIST)

# Exactly the versions in requirements.lock, each checked against its hash,
# so a fresh machine gets what CI tested; then the project itself. uv
# installs them (in seconds where pip took a minute or more): first uv
# itself, at its version and hashes in the lock, with the system's pip (or,
# where the system has none, the virtual environment's own, from ensurepip),
# into a virtual environment made without pip (which nothing here needs).
$(VENV)/.installed: $(LOCK) pyproject.toml
	@echo "Installing the Python packages of $(LOCK) into $(VENV)"
	@test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	@test -x $(VENV)/bin/uv || { \
		awk '/^uv==/ { on = 1 } on { print; if ($$0 !~ /\\$$/) exit }' $(LOCK) > $(VENV)/uv-requirement.txt; \
		if $(PYTHON) -m pip --version >/dev/null 2>&1; then \
			$(PYTHON) -m pip --python $(PY) install --quiet --quiet --require-hashes -r $(VENV)/uv-requirement.txt; \
		else \
			$(PY) -m ensurepip --default-pip >/dev/null && \
			$(PY) -m pip install --quiet --quiet --require-hashes -r $(VENV)/uv-requirement.txt; \
		fi; }
	@$(VENV)/bin/uv pip sync --python $(PY) --require-hashes --quiet $(LOCK)
	@$(VENV)/bin/uv pip install --python $(PY) --no-deps --quiet -e .
	@touch $@

# Re-resolves requirements.lock after a change to pyproject.toml's
# dependencies, keeping every version already pinned that still fits; with
# UPGRADE=1 it takes the newest that fit instead. Then the production lock,
# the same pins without the tests' tools (started from the full lock, so
# that uv keeps its versions). Then `make setup`.
lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra tools --generate-hashes --python-version 3.11 \
		$(if $(UPGRADE),--upgrade) --quiet -o requirements.lock
	cp requirements.lock requirements-production.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra tools --generate-hashes --python-version 3.11 \
		--quiet -o requirements-production.lock

# The npm packages the styles are built from (GOV.UK Frontend, its Sass and
# the picker), without the browser tests' judges: all `make run` needs.
node_modules/.styles: package.json package-lock.json
	@if [ node_modules/.installed -nt package.json ] && [ node_modules/.installed -nt package-lock.json ]; then \
		touch $@; \
	else \
		echo "Installing the npm packages the styles are built from"; \
		npm ci --omit=dev --no-audit --no-fund --loglevel=error && touch $@; \
	fi

# Every npm package, the browser tests' judges too (axe-core, pa11y, the Nu
# HTML Checker). Puppeteer (pa11y's) would download a Chrome of its own:
# the browser tests give pa11y Debian's Chromium instead
# (tests/browser/pa11y_judge.mjs). npm ci empties node_modules first: the
# styles' stamp comes back dated as the lock is, so that styles already
# built from these packages are not built again.
judges: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@echo "Installing the npm packages, the browser tests' judges among them"
	@PUPPETEER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --loglevel=error
	@touch -r package-lock.json node_modules/.styles
	@touch $@

$(DIST): node_modules/.styles static/build.mjs $(wildcard static/scss/*.scss static/js/*.js)
	@echo "Building the styles from GOV.UK Frontend's Sass"
	@node static/build.mjs >/dev/null
	@touch $@

# The documents are set in Arial where the reader has it; Liberation Sans has
# Arial's metrics and is what the PDF embeds here. Noto prints the rest: other
# scripts, Chinese/Japanese/Korean and emoji (about 145 MB installed).
fonts:
	$(call debian_packages,fonts-liberation fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)

# Evidence files are scanned for malware by ClamAV's daemon (clamd): the
# demo (`run`, through manage.py run_clamd) and the tests start their own
# (actionplans/private_clamd.py), with a
# database holding only the EICAR test signature made by `sigtool` (package
# clamav); production runs the system clamd, its full database kept up to
# date by freshclam (docs/production.md).
clamav:
	$(call debian_packages,clamav-daemon clamav)

# The reply mailbox's tests read and move real messages on a private
# Dovecot (tests/imap_server.py), started as clamd is.
dovecot:
	$(call debian_packages,dovecot-imapd)

# The browser tests drive Debian's Chromium, in its headless shell (the
# same engine, without the parts a screen needs: a quarter less CPU a page;
# tests/browser/conftest.py chromium_path); without it they are skipped
# (and fail under CI=true).
chromium: fonts
	$(call debian_packages,chromium chromium-headless-shell)

# The Nu HTML Checker (npm vnu-jar, a second judge of the browser tests'
# pages, tests/browser/judges.py) runs on Java.
java:
	$(call debian_packages,openjdk-17-jre-headless)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
