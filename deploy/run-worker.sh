#!/usr/bin/env bash
# Start a task worker for one queue ("all" = every queue). Used by systemd/netral-worker@.service.
set -euo pipefail
cd "$(dirname "$0")/.."
queue=${1:-all}
[ "$queue" = all ] && queue='*'
exec .venv/bin/python manage.py run_worker --queue-name "$queue"
