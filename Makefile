# wenzheng — the two commands a new machine needs: `make demo` and `make test`.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# test processes side by side (pytest-xdist): two per core, at most 8 (most tests spend their time
# waiting on a daemon, a socket or a browser, not on the CPU: on 2 cores, 4 processes take the
# suite from 617 s to 513 s); JOBS=0 runs in this process
JOBS   ?= $(shell n=$$(( $$(nproc 2>/dev/null || echo 1) * 2 )); [ $$n -gt 8 ] && n=8; echo $$n)
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test test-sqlite bench lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "wenzheng needs Python >= 3.11, found " + sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## install: create .venv and install wenzheng with its test tools
install: $(STAMP)

## demo: the daemon on SQLite with the mock Weibo platform generating traffic; console on :8080
## (PORT=N for another); prints the demo users' logins
demo: install
	$(VENV)/bin/wenzheng demo $(if $(PORT),--port $(PORT))

## test: the whole suite, on SQLite and PostgreSQL (127.0.0.1:5432)
test: install
	$(VENV)/bin/pytest -q -n $(JOBS)

## test-sqlite: the suite on SQLite only (a machine without PostgreSQL)
test-sqlite: install
	WENZHENG_TEST_BACKENDS=sqlite $(VENV)/bin/pytest -q -n $(JOBS)

## lint: pyflakes' checks (ruff, configured in pyproject.toml) over the code, benches, tests and migrations
lint: install
	$(VENV)/bin/ruff check monitor adapters bench tests migrations

## bench: the benchmarks, each printing a table and a last JSON line
bench: install
	$(PY) bench/ingest.py --n 20000

clean:
	rm -rf $(VENV) var .pytest_cache
