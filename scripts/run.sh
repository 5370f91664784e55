#!/usr/bin/env bash
# Serves the embedded default at http://127.0.0.1:8000 with its huey worker; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY manage.py run_huey --quiet &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
$PY manage.py demo_logins
echo "站点 / Site: http://127.0.0.1:8000   管理后台 / Admin: http://127.0.0.1:8000/admin/"
$PY manage.py runserver 127.0.0.1:8000
