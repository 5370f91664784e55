# Two commands for a fresh clone (README): `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := chromium fonts-wqy-microhei poppler-utils
BENCH_PACKAGES := wrk

.PHONY: run test e2e bench lint format setup system-packages migrate reference demo ci clean

$(STAMP): requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 ($(PYTHON))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

setup: $(STAMP)

system-packages:
	@scripts/ensure-system-packages.sh $(SYSTEM_PACKAGES)

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

reference: migrate
	$(PY) manage.py load_reference
	$(PY) manage.py load_faq

demo: reference
	$(PY) manage.py load_demo

run: demo
	@scripts/run.sh

test: setup system-packages
	@scripts/test.sh

e2e: setup system-packages
	$(VENV)/bin/pytest e2e -p no:xdist

# Benchmarks report ratios against a baseline measured in the same run (testing.md); never a gate.
# Needs the local PostgreSQL and Redis (bench/README.md); BENCH_FULL=1 adds the 1M-certificate run.
bench: setup system-packages
	@scripts/ensure-system-packages.sh $(BENCH_PACKAGES)
	$(PY) bench/run.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var e2e/artifacts
