#!/usr/bin/env bash
# README command 1: set up, migrate, load reference and demo data, start a task worker, serve on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p var
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py createcachetable
.venv/bin/python manage.py load_reference
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py run_worker --queue-name '*' >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
echo "==> netral at http://127.0.0.1:8000  (demo users in README; background worker log: var/worker.log)"
.venv/bin/python manage.py runserver 127.0.0.1:8000
