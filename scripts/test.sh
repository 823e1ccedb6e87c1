#!/usr/bin/env bash
# README command 2: install what the tests need (PostgreSQL, Chromium from Debian when missing),
# then lint, check, and run the whole suite on SQLite and on PostgreSQL.
# Extra arguments go to pytest (e.g. scripts/test.sh -k deadlines).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test

export NETRAL_REQUIRE_BROWSER=1
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
PY=.venv/bin/python

echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check netral netral_nlp benchmarks conftest.py manage.py
echo "==> mypy"
$PY -m mypy netral netral_nlp
echo "==> system checks and migrations"
$PY manage.py check
$PY manage.py makemigrations --check --dry-run
NETRAL_ENV=production SECRET_KEY=ci-check-$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
  FIELD_ENCRYPTION_KEYS=$($PY -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
  BLIND_INDEX_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(48))') ALLOWED_HOSTS=netral.example \
  $PY manage.py check --deploy --fail-level WARNING

status=0
echo "==> tests on SQLite"
unset DATABASE_URL
$PY -m pytest -q "$@" || status=$?

echo "==> tests on PostgreSQL, with Redis as cache and counter store"
PGPORT=${NETRAL_PG_PORT:-54329}
REDISPORT=${NETRAL_REDIS_PORT:-$((PGPORT + 10000))}
eval "$(scripts/pg-start.sh "$PGPORT")"
eval "$(scripts/redis-start.sh "$REDISPORT")"
export DATABASE_URL="postgres://netral@127.0.0.1:${PGPORT}/netral"
# Every Django app's test again, browser tests included; the triage engine's tests touch no database.
$PY -m pytest -q netral "$@" || status=$?
scripts/pg-stop.sh "$PGPORT" || true
scripts/redis-stop.sh "$REDISPORT" || true
exit $status
