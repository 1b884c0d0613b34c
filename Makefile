# Aksjon: `make demo` sets up and starts the demo; `make test` sets up and runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
PG_URL ?= postgres://postgres@127.0.0.1:5432/aksjon

.PHONY: setup demo test test-fast test-sqlite test-postgres browser-deps postgres lint messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/aksjon demo

# Browser tests drive Debian's Chromium; Thai needs the TLWG fonts; the leaflet
# test reads its PDF with poppler's tools.
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list | grep -qi tlwg; then \
	  echo "Installing chromium, fonts-thai-tlwg and poppler-utils from Debian …"; \
	  apt-get update -qq && apt-get install -y -qq chromium fonts-thai-tlwg poppler-utils >/dev/null; fi

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

test-sqlite: setup browser-deps
	AKSJON_DATA_DIR=$$(mktemp -d) $(PY) -m pytest

# The tests that touch the database, again on PostgreSQL (the rest ran above and do not
# depend on the database: core, generator, sources, linkage engine). The browser tests drive
# pages whose every query the database tests already run on PostgreSQL: they run once, on
# SQLite, which keeps the whole suite within CI's 30 minutes.
test-postgres: setup postgres
	AKSJON_DATA_DIR=$$(mktemp -d) AKSJON_DATABASE_URL=$(PG_URL) $(PY) -m pytest -m "database and not browser"

# The whole suite on SQLite, then every database test on PostgreSQL.
test: test-sqlite test-postgres

# The edit loop: everything but the browser and the slow tests, on SQLite (a few minutes).
test-fast: setup
	AKSJON_DATA_DIR=$$(mktemp -d) $(PY) -m pytest -q -m "not slow and not browser"

lint: setup
	$(VENV)/bin/ruff check aksjon tests

messages: setup
	cd aksjon && AKSJON_DATA_DIR=$$(mktemp -d) ../$(VENV)/bin/aksjon makemessages -l nb --no-location --no-obsolete -i "synth/*" \
	  && AKSJON_DATA_DIR=$$(mktemp -d) ../$(VENV)/bin/aksjon compilemessages

clean:
	rm -rf $(VENV) test-results
