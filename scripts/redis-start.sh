#!/usr/bin/env bash
# Start a throw-away Redis on 127.0.0.1:PORT for the tests (Debian's redis-server; no persistence).
# Prints nothing but shell exports on stdout; progress goes to stderr.
set -euo pipefail
PORT=${1:-63790}
DIR=/tmp/netral-redis-$PORT
if [ -f "$DIR/redis.pid" ]; then kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true; sleep 0.5; fi
rm -rf "$DIR"; mkdir -p "$DIR"
redis-server --port "$PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
  --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/log" >&2
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$PORT" ping >&2
echo "export REDIS_URL=redis://127.0.0.1:${PORT}/0"
