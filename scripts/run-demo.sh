#!/usr/bin/env bash
# README command 1: set up, migrate, load reference and demo data, start the task and outbox workers, serve on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p var
# The demo: staff sign in with the password alone (production refuses this), and the app runs
# without DEBUG (static files through WhiteNoise, real 404 pages). Override either by exporting it.
export NETRAL_STAFF_2FA=${NETRAL_STAFF_2FA:-off}
export DEBUG=${DEBUG:-0}
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py createcachetable
.venv/bin/python manage.py load_reference
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py run_worker --queue-name '*' >var/worker.log 2>&1 &
worker=$!
.venv/bin/python manage.py run_outbox >var/outbox.log 2>&1 &
outbox=$!
trap 'kill $worker $outbox 2>/dev/null || true' EXIT
echo "==> netral at http://127.0.0.1:8000  (demo users in README; worker logs: var/worker.log, var/outbox.log)"
.venv/bin/python manage.py runserver 127.0.0.1:8000
