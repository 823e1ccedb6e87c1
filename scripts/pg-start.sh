#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on 127.0.0.1:PORT for the tests (Debian's postgresql).
# Prints nothing but shell exports on stdout; progress goes to stderr.
set -euo pipefail
PORT=${1:-54329}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DIR=/tmp/netral-pg-$PORT
RUN_AS=()
if [ "$(id -u)" = 0 ]; then RUN_AS=(runuser -u postgres --); fi
if [ -f "$DIR/postmaster.pid" ]; then "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR" -m immediate stop >&2 || true; fi
rm -rf "$DIR"; mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
"${RUN_AS[@]}" "$BIN/initdb" -D "$DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
# Durability off by default (test data is thrown away); benchmarks pass NETRAL_PG_OPTS to keep it on.
OPTS=${NETRAL_PG_OPTS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR" -l "$DIR/log" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 $OPTS" -w start >&2
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE ROLE netral LOGIN SUPERUSER" >&2
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE netral OWNER netral" >&2
echo "export NETRAL_PG_DIR=$DIR"
