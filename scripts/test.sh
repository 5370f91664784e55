#!/usr/bin/env bash
# The whole gate: lint, Django checks, then the test layers of testing.md.
# With DATABASE_URL set to PostgreSQL (as .ci/run does) the full suite runs there and the
# unit/integration layer runs again on SQLite; without it everything runs on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PYTEST=(.venv/bin/pytest --durations=20)
started=$(date +%s)

step() { printf '\n== %s\n' "$*"; }

step "lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

step "django checks"
DJANGO_SETTINGS_MODULE=config.settings.test $PY manage.py check --fail-level WARNING
DJANGO_SETTINGS_MODULE=config.settings.test $PY manage.py makemigrations --check --dry-run
(set -a; . .ci/production-check.env; set +a
 DJANGO_SETTINGS_MODULE=config.settings.production $PY manage.py check --deploy --fail-level WARNING)

# pytest exits 5 when a layer has no test yet; that layer is then simply empty.
run_layer() {
  local rc=0
  "${PYTEST[@]}" "$@" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then exit "$rc"; fi
}

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  step "unit + integration on PostgreSQL + Redis"
  run_layer tests -m "not concurrency" -n 2
  step "concurrency on PostgreSQL"
  run_layer tests -m concurrency -p no:xdist
  step "browser tests on PostgreSQL"
  run_layer e2e -p no:xdist
  step "unit + integration on SQLite"
  DATABASE_URL="" REDIS_URL="" run_layer tests -m "not concurrency" -n 2
else
  step "unit + integration on SQLite"
  run_layer tests -m "not concurrency" -n 2
  step "browser tests on SQLite"
  run_layer e2e -p no:xdist
fi
echo
echo "make test passed in $(( $(date +%s) - started )) s"
