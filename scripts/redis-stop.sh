#!/usr/bin/env bash
# Stop the test Redis started by scripts/redis-start.sh PORT.
set -euo pipefail
PORT=${1:-63790}
DIR=/tmp/netral-redis-$PORT
[ -f "$DIR/redis.pid" ] && kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
rm -rf "$DIR"
