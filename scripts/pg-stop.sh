#!/usr/bin/env bash
set -euo pipefail
PORT=${1:-54329}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DIR=/tmp/netral-pg-$PORT
RUN_AS=()
if [ "$(id -u)" = 0 ]; then RUN_AS=(runuser -u postgres --); fi
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR" -m fast stop >&2 || true
