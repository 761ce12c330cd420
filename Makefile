# Two commands for a newcomer: `make run` (set up + demo + serve) and `make test`.
SHELL := /bin/bash
PORT ?= 8000
HOST ?= 127.0.0.1
VENV ?= .venv
PY := $(VENV)/bin/python
# pyenv reads .python-version (3.13.0); elsewhere use any python3.13 on PATH.
BOOTSTRAP_PY ?= $(shell command -v python3.13 2>/dev/null || command -v python3)

.PHONY: run test setup migrate demo lint format bench bench-load fuzz browsers clean

$(PY):
	$(BOOTSTRAP_PY) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

migrate: setup
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py createcachetable

demo: migrate
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo

# uvicorn (ASGI) serves the pages and the live-update streams; it restarts when code changes.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/"
	DEBUG=$${DEBUG:-1} $(VENV)/bin/uvicorn unodc_mun.asgi:application --host $(HOST) --port $(PORT) \
		--reload --reload-dir unodc_mun --reload-dir committees --reload-dir positions \
		--reload-dir templates --reload-include '*.html' --lifespan off

# The load benchmark (production servers on PostgreSQL; about 10 minutes; not part of `make test`).
bench-load: setup
	$(PY) -m tests.load.live_bench $(BENCH_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: setup lint
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	DEBUG=1 $(PY) -m pytest tests/load -m load -s $(PYTEST_ARGS)

fuzz: setup
	DEBUG=1 $(PY) -m pytest tests/fuzz -m fuzz -s $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
